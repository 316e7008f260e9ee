"""What an outcome of the question flow tells the user: stage, contacts, deadlines and why.

navigator.flow decides which outcome the answers reach; this module fills it in from the
procedure data. build_outcome() takes the outcome as next_step() returns it (the flow's outcome
definition plus a "trace" of the answers given), and returns plain JSON values:

* the procedure (id, title, version) and pathway, the stage reached and the next stage, each with
  who acts, who to contact (role names from the procedure's roles, and the published contact
  details a stage lists), what to do and its due date;
* deadlines from navigator.deadlines.stage_deadlines, counted from the date raised (or from today
  where the escalation has not been raised yet, marked as such); review points from
  navigator.schedules for a child protection plan schedule; the plan-count trigger;
* what to record; warnings (a bypass, a total cap, a stage overdue, the source notes about the
  pathway, schedule, rule, contacts or situations); links to the procedure page;
* where two procedures of the same area overlap, which one is followed and which is the other;
* the escalation record to print: the procedure's own form where the source gives its fields (for
  Warwickshire 2020, the Escalation Monitoring Form), otherwise a short record of the handbook's own,
  naming the procedure's form where the source names one without its fields;
* "why": each question answered, the answer, and the source sections behind it.

Nothing here decides a route and no wording is invented beyond joining the data's own words.

Standard library only: the same file runs in CPython and, in the browser, in Pyodide.
"""
from __future__ import annotations

from datetime import date, datetime

from .calendar import DEFAULT_REGION, CalendarError, parse_iso, read_date
from .ics import calendar
from .deadlines import DeadlineError, stage_deadlines
from .schedules import ScheduleError, months_after, plan_count_triggers, review_dates
from .names import pathway_name, stage_label
from .timescales import Timescale, TimescaleError, due, iso

NOT_STARTED = "not-started"
NOT_GIVEN = "-"
_DATED_UNITS = ("working_days", "calendar_days", "weeks", "calendar_months", "same_working_day")


class OutcomeError(ValueError):
    """An outcome that cannot be filled in from the data given; one sentence for a person."""


def build_outcome(outcome_def: dict, answers: dict, procedures_by_id: dict, areas, today) -> dict:
    """The full outcome, JSON-safe. `areas` is the areas list (or a dict by id); `today` a date or ISO text."""
    today = _as_day(today, "today")
    answers = {k: v for k, v in (answers or {}).items() if v != NOT_GIVEN}   # "continue without": no value
    procedure = procedures_by_id.get(outcome_def.get("procedure")) if outcome_def.get("procedure") else None
    area = _area(areas, outcome_def.get("area") or (procedure or {}).get("area"))
    region = (area or {}).get("region", DEFAULT_REGION)
    inputs = outcome_def.get("inputs") or {}
    out = {
        "id": outcome_def["id"], "kind": outcome_def["kind"], "text": outcome_def.get("text", ""),
        "area": area, "procedure": _procedure_view(procedure), "pathway": None,
        "stage_reached": None, "current_stage": None, "next_stage": None, "also_possible": [], "alternatives": [],
        "before": [], "extensions": None, "deadlines": None, "schedule": None, "rule": None,
        "contacts": [], "related_rules": [], "record": [], "warnings": [], "links": [],
        "overlap": None, "why": [], "sources": [], "escalation_record": None,
    }
    applies = set()
    if procedure:
        out["links"].append({"label": procedure["title"], "href": _href(procedure["id"])})
    kind = outcome_def["kind"]
    if kind == "pathway":
        _fill_pathway(out, outcome_def, answers, procedure, region, today, inputs, applies)
    elif kind == "schedule":
        _fill_schedule(out, outcome_def, answers, procedure, today, inputs, applies)
    if outcome_def.get("rule"):
        rule = _find(procedure, "rules", outcome_def["rule"])
        out["rule"] = _rule_view(rule, procedure, today, region)
        out["sources"].append(_cite(procedure, rule))
        out["links"].append({"label": rule["title"], "href": _href(procedure["id"], f"rule-{rule['id']}")})
        applies.add(rule["id"])
    for contact_id in outcome_def.get("contacts", []):
        out["contacts"].append(_contact_view(_find(procedure, "contacts", contact_id)))
        applies.add(contact_id)
    for rule_id in outcome_def.get("related_rules", []):
        rule = _find(procedure, "rules", rule_id)
        out["related_rules"].append(_rule_view(rule, procedure, today, region))
        applies.add(rule_id)
        if rule.get("kind") == "recording":
            out["record"].append({"text": rule["text"], "cite": _cite(procedure, rule)})
    if procedure:
        for rule in procedure.get("rules", []):
            if rule.get("kind") == "recording" and rule["id"] not in outcome_def.get("related_rules", []) \
                    and kind != "act-now":
                out["record"].append({"text": rule["text"], "cite": _cite(procedure, rule)})
    trace = outcome_def.get("trace") or []
    covered = [ref for entry in trace for ref in entry.get("covers", [])] + list(outcome_def.get("covers", []))
    applies |= {ref["situation"] for ref in covered if procedure and ref.get("procedure") == procedure["id"]}
    applies |= set(outcome_def.get("notes", []))
    out["warnings"] += _note_warnings(procedure, applies)
    out["overlap"] = _overlap(procedure, procedures_by_id, covered)
    out["why"] = [_why(entry, procedures_by_id) for entry in trace]
    out["lead"] = _lead(out, outcome_def, procedure, today)
    out["dates"], out["flags"], events = _page_values(out)
    out["calendar"] = calendar(events, today, out["id"]) if out["dates"] and "raised-assumed-today" not in out["flags"] else None
    return out


# The first screen: what to do now, whom to contact, by when, and the warning that applies.

LEAD_CONTACT_KEYS = ("phone", "email")


def _lead(out: dict, outcome_def: dict, procedure: dict | None, today: date) -> dict:
    """What the outcome page opens with, decided here so that every runtime leads the same way:

    * kind: act-now, raise (no stage yet: raise it at the first stage), await (a stage is under way,
      with a next stage), await-last (the last stage), rule, schedule, no-route;
    * first: the document's own words for a right or an action at this point (a pathway's
      alternatives; a rule's text and steps; for no route, the procedures the document follows);
    * stage and next: the stage to act on and the one after it;
    * contacts: published numbers and emails first (the stage's, the outcome's, or for no route
      the document's), roles: who the stage goes to;
    * by: the date key to fill, the kind of event (response, before-event, the pathway's own
      words), the timescale in words, and whether "or sooner if the child's safety needs it"
      applies (the handbook reads every stated timescale as a longest time, not a target);
    * warnings: the keys of the warnings shown on the first screen (overdue, cap-first)."""
    kind = outcome_def["kind"]
    lead = {"kind": kind, "first": [], "stage": None, "next": None, "contacts": [], "roles": [],
            "by": None, "warnings": []}
    def with_numbers(contacts):
        return [c for c in contacts if any(c.get(k) for k in LEAD_CONTACT_KEYS)] or list(contacts)
    if kind == "pathway":
        pathway = _find(procedure, "pathways", outcome_def["pathway"])
        stages = pathway.get("stages", [])
        current, nxt = out.get("current_stage"), out.get("next_stage")
        if current is None:
            stage = next((s for s in stages if not s.get("optional")), stages[0] if stages else None)
            lead["kind"] = "raise"
            lead["stage"] = _stage_view(stage, procedure, pathway, _due_of(out, stage["id"])) if stage else None
            lead["next"] = None
            if not stage and pathway.get("summary"):   # no stages to give: what the document says of the route
                lead["first"] = [{"when": None, "text": pathway["summary"], "cite": _cite(procedure, pathway)}]
        else:
            lead["kind"] = "await" if nxt else "await-last"
            lead["stage"], lead["next"] = current, nxt
        stage = lead["stage"] or {}
        # A right or an action the document gives at this point leads: the pathway's alternative for
        # the situation chosen, or every alternative where the steps end here (no next stage).
        chosen = {ref["situation"] for entry in outcome_def.get("trace") or [] for ref in entry.get("covers", [])}
        lead["first"] += [{"id": a["id"], "when": a.get("when"), "text": a["text"], "cite": _cite(procedure, a)}
                          for a in pathway.get("alternatives", [])
                          if a["id"] in chosen or not out.get("next_stage")]
        lead["roles"] = [c["name"] for c in stage.get("contact", [])]
        lead["contacts"] = with_numbers(stage.get("contacts", []))
        if stage:
            own = (pathway.get("navigator") or {}).get("due")
            unit = next(((s.get("timescale") or {}).get("unit") for s in stages if s["id"] == stage["id"]), None)
            dated = stage.get("due") is not None
            lead["by"] = {"key": f"stage:{stage['id']}" if dated else None,
                          "event": "own" if own else ("before-event" if unit and unit.endswith("_before") else "response"),
                          "words": own, "timescale": stage.get("timescale"), "from": _from_words(procedure, pathway, stage["id"]),
                          "sooner": bool(stage.get("timescale")) and unit not in (None, "none_stated", "at_any_time", "immediately"),
                          "reading": stage.get("timescale_reading")}
            if current and any(w["kind"] == "overdue" for w in out["warnings"]):
                lead["warnings"].append("overdue")
            due_entry = _due_of(out, stage["id"]) or {}
            if due_entry.get("cap_first"):
                lead["warnings"].append("cap-first")
    elif kind in ("act-now", "rule"):
        rule = out.get("rule")
        if rule:
            lead["first"] = [{"when": None, "text": rule["text"], "cite": rule["cite"]}]
            lead["first"] += [{"when": None, "text": step, "cite": None} for step in rule.get("steps", [])]
            if rule.get("timescale") and rule["timescale"] != "no timescale stated":
                lead["by"] = {"key": f"rule:{rule['id']}" if rule.get("due") else None, "event": "response",
                              "words": None, "timescale": rule["timescale"], "from": None, "sooner": False,
                              "reading": rule.get("timescale_reading")}
        elif kind == "act-now":   # no document gives a route or number: the handbook's own words lead
            lead["first"] = [{"when": None, "text": out["text"], "cite": None}]
        lead["contacts"] = with_numbers(out.get("contacts", []))
    elif kind == "schedule":
        schedule = out.get("schedule") or {}
        item = schedule.get("next_item")
        if item:
            lead["by"] = {"key": f"item:{item['id']}", "event": "response", "words": None,
                          "timescale": None, "from": None, "sooner": False}
        if any(w["kind"] == "automatic-referral" for w in out["warnings"]):
            lead["warnings"].append("automatic-referral")
    elif kind == "no-route" and procedure:
        # What the document does say for a situation it gives no steps for: the procedures it
        # tells its readers to follow, and its published contacts.
        lead["first"] = [{"when": None, "text": f"{r['title']}: {r['text']}" if r.get("text") else r["title"],
                          "cite": _cite(procedure, r)}
                         for r in procedure.get("references", []) if r.get("text") and not r.get("included", True)][:1]
        lead["contacts"] = [_contact_view(c) for c in procedure.get("contacts", [])
                            if any(c.get(k) for k in LEAD_CONTACT_KEYS)]
    return lead


def _due_of(out: dict, stage_id: str) -> dict | None:
    for entry in (out.get("deadlines") or {}).get("stages", []):
        if entry["id"] == stage_id:
            return entry
    return None


def _from_words(procedure: dict, pathway: dict, stage_id: str) -> str | None:
    stage = next((s for s in pathway.get("stages", []) if s["id"] == stage_id), {})
    return (stage.get("timescale") or {}).get("from")


def _page_values(out: dict) -> tuple[dict, list, list]:
    """What the browser fills into the outcome's page (the static page is the one rendering of an
    outcome; it holds a hidden slot for each): every date by key (`data-date` in the template),
    the flags that show or hide parts of it (`data-flag`), and the calendar's events."""
    dates, flags, events = {}, [], []
    short = ((out.get("procedure") or {}).get("short_title") or (out.get("procedure") or {}).get("title") or "Escalation")

    def add(key, when, summary=None, description="", event_id=None):
        if when:
            dates[key] = when
            if summary:
                events.append({"date": when, "summary": f"{summary} ({short})", "description": description,
                               "id": event_id or key.replace(":", "-")})

    d = out.get("deadlines") or {}
    if d.get("stages"):
        add("raised", d.get("raised"))
        flags.append("raised-assumed-today" if d.get("raised_assumed_today") else "raised-given")
        cap = d.get("cap") or {}
        words = (out.get("pathway") or {}).get("due_words") or "Response due no later than"
        for stage in d["stages"]:
            name = stage_label(stage)
            description = f"{stage.get('timescale') or ''} from {stage.get('starts')}."
            if stage.get("projected"):
                description += " A projection: the latest date if each stage before it takes its full time."
                flags.append(f"projected:{stage['id']}")
            if stage.get("cap_first"):
                description += (f" The whole-process limit, {cap.get('due')}, comes first:"
                                " work to that earlier date.")
                flags.append(f"cap-first:{stage['id']}")
            add(f"stage:{stage['id']}", stage.get("due"),
                f"{words}: {name}" + (" (projection)" if stage.get("projected") else ""), description)
        add("cap", cap.get("due"), "Whole process due no later than: total time limit", cap.get("text", "")
            + (" Counted here from the date the stage reached was reached: if the first stage was raised"
               " earlier, the limit is earlier too." if cap.get("from_stage") else ""))
        if cap.get("exceeded_by_stages"):
            flags.append("cap-exceeded")
        if cap.get("from_stage"):
            flags.append("cap-from-stage")
        if d.get("from_stage") and d["stages"] and d["from_stage"] != d["stages"][0]["id"]:
            flags.append("counted-from-stage")
    for key in ("current_stage", "next_stage"):
        if out.get(key):
            add(key.split("_")[0], out[key].get("due"))
    for rule in [out.get("rule")] + list(out.get("related_rules") or []):
        if rule:
            add(f"rule:{rule['id']}", rule.get("due"), rule["title"], rule["text"])
    schedule = out.get("schedule") or {}
    if schedule.get("initial_conference"):
        add("initial-conference", schedule["initial_conference"])
        for item in schedule.get("items", []):
            add(f"item:{item['id']}", item.get("date"), item["label"], " ".join(item.get("due", [])))
        if schedule.get("next_item"):
            flags.append(f"next-item:{schedule['next_item']['id']}")
    if schedule.get("kind") == "plan-count" and schedule.get("given"):
        flags += [f"reached:{i['id']}" for i in schedule.get("reached", [])]
        flags += [f"next:{i['id']}" for i in schedule.get("next", [])]
        flags.append("counted")
    for warning in out.get("warnings", []):
        flags.append(f"warning:{warning.get('id') or warning['kind']}")
    for key in (out.get("lead") or {}).get("warnings", []):
        flags.append(f"lead:{key}")
    if dates:
        flags.append("dated")
    return dates, flags, events


# Pathways.


def _fill_pathway(out, outcome_def, answers, procedure, region, today, inputs, applies) -> None:
    pathway = _find(procedure, "pathways", outcome_def["pathway"])
    stages = pathway.get("stages", [])
    out["pathway"] = {"id": pathway["id"], "title": pathway_name(pathway), "summary": pathway.get("summary"),
                      "cite": _cite(procedure, pathway), "stages": [s["id"] for s in stages],
                      "due_words": (pathway.get("navigator") or {}).get("due")}
    out["sources"].append(_cite(procedure, pathway))
    out["links"].append({"label": pathway_name(pathway), "href": _href(procedure["id"], pathway["id"])})
    applies.add(pathway["id"])
    reached = outcome_def.get("stage") or (answers.get(inputs["stage"]) if inputs.get("stage") else None)
    reached = reached or NOT_STARTED
    if reached != NOT_STARTED and reached not in [s["id"] for s in stages]:
        raise OutcomeError(f"{pathway['id']} has no stage '{reached}'.")
    out["stage_reached"] = reached

    deadlines = None
    if inputs.get("raised") or pathway.get("total_cap"):
        raised_text = answers.get(inputs["raised"]) if inputs.get("raised") else None
        raised = _as_day(raised_text, "the date raised") if raised_text else today
        try:
            # The date given is the stage reached's: that stage is counted from it, later ones projected.
            deadlines = stage_deadlines(procedure, pathway["id"], raised, region,
                                        from_stage=reached if reached != NOT_STARTED else None)
            deadlines["raised_assumed_today"] = not raised_text
        except (CalendarError, TimescaleError, DeadlineError) as exc:
            deadlines = {"error": str(exc), "raised": iso(raised), "raised_assumed_today": not raised_text}
    out["deadlines"] = deadlines
    due_by_stage = {s["id"]: s for s in (deadlines or {}).get("stages", [])}

    index = next((i for i, s in enumerate(stages) if s["id"] == reached), -1)
    current = stages[index] if index >= 0 else None
    following = stages[index + 1:]
    nxt = next((s for s in following if not s.get("optional")), None)
    view = lambda stage: _stage_view(stage, procedure, pathway, due_by_stage.get(stage["id"]))  # noqa: E731
    if current:
        out["current_stage"] = view(current)
        out["sources"].append(_cite(procedure, current))
    if nxt:
        out["next_stage"] = view(nxt)
        out["sources"].append(_cite(procedure, nxt))
    stop = following.index(nxt) if nxt else len(following)
    out["also_possible"] = [view(s) for s in following[:stop] + [s for s in following[stop:] if s.get("optional")]]
    if reached == NOT_STARTED:
        out["before"] = [{"text": b["text"], "cite": _cite(procedure, b)} for b in pathway.get("before", [])]
    out["alternatives"] = [{"id": a["id"], "when": a.get("when"), "text": a["text"], "cite": _cite(procedure, a)}
                           for a in pathway.get("alternatives", [])]
    if pathway.get("extensions"):
        out["extensions"] = {"text": pathway["extensions"]["text"], "cite": _cite(procedure, pathway["extensions"])}
    for stage in [s for s in (current, nxt) if s]:
        out["record"] += [{"text": r["text"], "cite": _cite(procedure, r)} for r in stage.get("record", [])]
        applies.update(stage.get("contacts", []))
        if stage.get("form"):
            applies.add(stage["form"])
    situations = {s["id"]: s.get("text") or s.get("title") or s["id"] for s in procedure.get("situations", [])}
    chosen = [ref["situation"] for entry in outcome_def.get("trace") or [] for ref in entry.get("covers", [])
              if ref.get("procedure") == procedure["id"] and ref["situation"] in situations]
    # The record's "date raised" is the first stage's: a later stage's date is not it.
    first_stage = stages[0]["id"] if stages else None
    raised = (deadlines["raised"] if deadlines and not deadlines.get("raised_assumed_today")
              and deadlines.get("from_stage") in (None, first_stage) else None)
    out["escalation_record"] = _escalation_record(procedure, pathway, reached,
                                                  [situations[i] for i in dict.fromkeys(chosen)], raised)
    if pathway.get("bypass"):
        bypass = pathway["bypass"]
        out["warnings"].append({"kind": "bypass", "text": bypass["text"], "cite": _cite(procedure, bypass)})
    cap = (deadlines or {}).get("cap")
    if cap:
        text = f"{cap['text']} By the total cap, the whole process is due by {cap['due']}."
        if cap["exceeded_by_stages"]:
            text += " The stage dates run past that date: work to the earlier date."
        out["warnings"].append({"kind": "total-cap", "text": text, "due": cap["due"],
                                "exceeded_by_stages": cap["exceeded_by_stages"],
                                "cite": _cite(procedure, pathway["total_cap"])})
    current_due = due_by_stage.get(reached, {}).get("due")
    if current_due and current_due < today.isoformat() and not (deadlines or {}).get("raised_assumed_today"):
        out["warnings"].append({"kind": "overdue", "due": current_due, "cite": _cite(procedure, current),
                                "text": f"The response at {current['title']} was due by {current_due}; "
                                        "it is overdue, so the escalation can move to the next stage."})


# The handbook's own record, for procedures whose source gives no form fields. These are prompts
# for the reader's notes, not procedure facts; no field asks for a name.
OWN_RECORD_FIELDS = (
    {"id": "case-reference", "label": "Case reference (your own; no names needed)", "type": "text"},
    {"id": "date-raised", "label": "Date raised", "type": "date", "prefill": "date-raised"},
    {"id": "stage-reached", "label": "Stage reached", "type": "stage", "prefill": "stage-reached"},
    {"id": "raised-with", "label": "Raised with (role and organisation)", "type": "text"},
    {"id": "concern", "label": "The concern, in brief", "type": "long-text", "prefill": "situation"},
    {"id": "response", "label": "Response so far", "type": "long-text"},
    {"id": "agreed", "label": "What was agreed, or what happens next", "type": "long-text"},
)


def _escalation_record(procedure: dict, pathway: dict, reached: str, situations: list[str], raised: str | None) -> dict:
    """The record to fill in and print for this pathway: the procedure's form with its fields where the
    source gives them, else the handbook's own short record (naming the procedure's form, if any).
    Fields with a `prefill` start with the situations chosen, the stage reached or the date raised."""
    known = {"situation": " ".join(situations) or None,
             "stage-reached": reached if reached != NOT_STARTED else None,
             "date-raised": raised}
    stages = pathway.get("stages", [])
    options = [{"id": s["id"], "label": stage_label(s)}
               for s in stages]
    reached_label = next((o["label"] for o in options if o["id"] == reached), None)
    forms = {f["id"]: f for f in procedure.get("forms", [])}
    form = next((forms[s["form"]] for s in stages if s.get("form") in forms), None)
    record = {"form": None, "named_form": None, "fields": [], "stage_reached": reached_label}
    if form and form.get("fields"):
        record["form"] = {
            "id": form["id"], "title": form["title"], "purpose": form.get("purpose"),
            "completed_by": form.get("completed_by"), "cite": _cite(procedure, form),
            "return_to": ({"text": form["return_to"]["text"], "cite": _cite(procedure, form["return_to"])}
                          if form.get("return_to") else None),
            "href": _href(procedure["id"], f"form-{form['id']}"),
        }
        for field in form["fields"]:
            record["fields"].append({"id": field["id"], "label": field["label"], "type": field["type"],
                                     "value": known.get(field.get("prefill")),
                                     "options": options if field["type"] == "stage" else None,
                                     "cite": _cite(procedure, field)})
        return record
    if form:
        record["named_form"] = {"id": form["id"], "title": form["title"], "completed_by": form.get("completed_by"),
                                "cite": _cite(procedure, form), "href": _href(procedure["id"], f"form-{form['id']}")}
    for field in OWN_RECORD_FIELDS:
        record["fields"].append({**field, "options": options if field["type"] == "stage" else None, "cite": None,
                                 "value": known.get(field.get("prefill"))})
    return record


def _stage_view(stage: dict, procedure: dict, pathway: dict, deadline: dict | None) -> dict:
    roles = {r["id"]: r["name"] for r in procedure.get("roles", [])}
    timescale = Timescale.from_dict(stage["timescale"]).words() if stage.get("timescale") else None
    return {
        "id": stage["id"], "number": stage.get("number"), "title": stage["title"],
        "short_title": stage.get("short_title"),
        "who_acts": [roles.get(r, r) for r in stage.get("who_acts", [])],
        "contact": [{"role": r, "name": roles.get(r, r)} for r in stage.get("goes_to", [])],
        "contacts": [_contact_view(_find(procedure, "contacts", c)) for c in stage.get("contacts", [])],
        "actions": [a["text"] for a in stage.get("actions", [])],
        "timescale": timescale,
        "timescale_text": (stage.get("timescale") or {}).get("text"),
        "timescale_reading": (stage.get("timescale") or {}).get("reading"),
        "starts": (deadline or {}).get("starts"), "due": (deadline or {}).get("due"),
        "skipped": (deadline or {}).get("skipped", []),
        "optional": bool(stage.get("optional")), "form": stage.get("form"), "outcome": stage.get("outcome"),
        "link": _href(procedure["id"], f"{pathway['id']}--{stage['id']}"),
        "cite": _cite(procedure, stage),
    }


# Schedules.


def _fill_schedule(out, outcome_def, answers, procedure, today, inputs, applies) -> None:
    schedule = _find(procedure, "schedules", outcome_def["schedule"])
    applies.add(schedule["id"])
    out["sources"].append(_cite(procedure, schedule))
    out["links"].append({"label": schedule["title"], "href": _href(procedure["id"], f"schedule-{schedule['id']}")})
    view = {"id": schedule["id"], "title": schedule["title"], "short_title": schedule.get("short_title"),
            "kind": schedule["kind"], "from": schedule["from"],
            "text": schedule.get("text"), "cite": _cite(procedure, schedule)}
    if schedule["kind"] == "cp-plan-reviews":
        initial = _as_day(answers.get(inputs.get("initial_conference")), "the initial conference date")
        items = [{"id": i["id"], "label": i["label"], "months": i["months"],
                  "date": months_after(initial, i["months"]).isoformat(), "due": i.get("due", []),
                  "cite": _cite(procedure, i)} for i in schedule["items"] if i.get("months") is not None]
        try:
            reviews = review_dates(initial, count=4)
        except ScheduleError as exc:
            raise OutcomeError(str(exc)) from None
        view.update({
            "initial_conference": initial.isoformat(), "items": items,
            "next_item": next((i for i in items if i["date"] >= today.isoformat()), None),
            "reviews": [{**r, "due": r["due"].isoformat(), "held": None} for r in reviews],
        })
    elif schedule["kind"] == "plan-count":
        given = inputs.get("plans") in answers
        plans = int(answers.get(inputs.get("plans"), 1))
        episodes_text = answers.get(inputs.get("family_episodes")) if inputs.get("family_episodes") else None
        episodes = int(episodes_text) if episodes_text not in (None, "", "0") else None
        try:
            triggers = plan_count_triggers(plans, episodes)
        except ScheduleError as exc:
            raise OutcomeError(str(exc)) from None
        items = schedule["items"]
        # The end of the current plan (an item with `ends`) is not reached while the child is on it.
        last = max((n for n, i in enumerate(items) if i.get("count") is not None
                    and (i["count"] < plans or (i["count"] == plans and not i.get("ends")))), default=-1)
        view.update({
            "plans": plans, "family_episodes": episodes, "triggers": triggers, "given": given,
            "chart": [_item_view(i, procedure) for i in items],
            "reached": [_item_view(i, procedure) for i in items[:last + 1]],
            "next": [_item_view(i, procedure) for i in items[last + 1:last + 3]],
        })
        if triggers["applies"]:
            rule = next((r for r in procedure.get("rules", []) if r["id"] == "third-plan-automatic-referral"), None)
            text = rule["text"] if rule else "The case is referred automatically to the Escalation Panel."
            out["warnings"].append({"kind": "automatic-referral", "text": text,
                                    "cite": _cite(procedure, rule or schedule)})
    out["schedule"] = view


def _item_view(item: dict, procedure: dict) -> dict:
    return {"id": item["id"], "label": item["label"], "count": item.get("count"), "due": item.get("due", []),
            "cite": _cite(procedure, item)}


# Rules, contacts, notes, overlaps, why.


def _rule_view(rule: dict, procedure: dict, today: date, region: str) -> dict:
    view = {"id": rule["id"], "title": rule["title"], "short_title": rule.get("short_title"),
            "kind": rule["kind"], "text": rule["text"],
            "steps": [s["text"] for s in rule.get("steps", [])], "timescale": None, "due": None,
            "cite": _cite(procedure, rule), "link": _href(procedure["id"], f"rule-{rule['id']}")}
    if rule.get("timescale"):
        timescale = Timescale.from_dict(rule["timescale"])
        view["timescale"] = timescale.words()
        view["timescale_reading"] = rule["timescale"].get("reading")
        if timescale.unit in _DATED_UNITS:
            try:
                view["due"] = iso(due(today, timescale, region).when)
            except (CalendarError, TimescaleError) as exc:
                view["due_error"] = str(exc)
    return view


def _contact_view(contact: dict) -> dict:
    keys = ("id", "label", "role", "area_label", "phone", "email", "url", "hours", "for", "published", "last_verified")
    return {k: contact.get(k) for k in keys if k in contact} | {"cite": dict(contact["cite"])}


# Notes about the document's text itself (what is lost, misprinted or read one way), for the
# outcome's "About this document" section rather than among the things to act on.
SOURCE_NOTE_KINDS = ("gap", "contradiction", "reading", "typo", "missing-reference", "outdated")


def _note_warnings(procedure: dict | None, applies: set) -> list[dict]:
    return [{"kind": note["kind"], "id": note["id"], "text": note["text"], "cite": _cite(procedure, note),
             "about_source": note["kind"] in SOURCE_NOTE_KINDS}
            for note in (procedure or {}).get("notes", [])
            if applies.intersection(note.get("applies_to") or ())]


def _overlap(procedure: dict | None, procedures_by_id: dict, covered: list) -> dict | None:
    for relation in (procedure or {}).get("relations", []):
        other = procedures_by_id.get(relation["procedure"])
        if relation["kind"] != "overlaps" or other is None:
            continue
        later = _latest(procedure) >= _latest(other)
        other_situations = [ref["situation"] for ref in covered if ref.get("procedure") == other["id"]]
        other_pathways = [{"id": p["id"], "title": pathway_name(p), "href": _href(other["id"], p["id"])}
                          for p in other.get("pathways", [])
                          if set(p.get("situations", [])) & set(other_situations)]
        if later:
            says = (f"Follow {procedure['title']} ({procedure['version']}), the later document. "
                    f"The earlier {other['title']} ({other['version']}) also covers this ground.")
        else:
            says = (f"Follow {procedure['title']} ({procedure['version']}): the later {other['title']} "
                    f"({other['version']}) has no counterpart for this.")
        return {"followed": _procedure_view(procedure), "other": _procedure_view(other),
                "followed_is_later": later, "text": says, "relation": relation["text"],
                "other_situations": other_situations, "other_pathways": other_pathways}
    return None


def _why(entry: dict, procedures_by_id: dict) -> dict:
    cites = []
    for ref in entry.get("covers", []):
        procedure = procedures_by_id.get(ref["procedure"])
        situation = _find(procedure, "situations", ref["situation"])
        cites.append(_cite(procedure, situation))
    stages_of = entry.get("stages_of")
    if stages_of and entry["answer"] != NOT_STARTED:
        procedure = procedures_by_id.get(stages_of["procedure"])
        pathway = _find(procedure, "pathways", stages_of["pathway"])
        cites.append(_cite(procedure, _find({"stages": pathway["stages"]}, "stages", entry["answer"])))
    return {"question": entry["question"], "question_text": entry.get("text", ""), "answer": entry["answer"],
            "answer_label": entry.get("label", entry["answer"]), "cite": cites}


# Helpers.


def _procedure_view(procedure: dict | None) -> dict | None:
    if not procedure:
        return None
    return {"id": procedure["id"], "title": procedure["title"], "short_title": procedure.get("short_title"),
            "publisher": procedure.get("publisher"),
            "version": procedure["version"], "href": _href(procedure["id"])}


def _cite(procedure: dict | None, item: dict | None) -> dict:
    cite = dict((item or {}).get("cite") or {})
    cite["procedure"] = (procedure or {}).get("id")
    return cite


def _find(procedure: dict | None, key: str, item_id: str) -> dict:
    for item in (procedure or {}).get(key, []):
        if item.get("id") == item_id:
            return item
    raise OutcomeError(f"{(procedure or {}).get('id')} has no {key[:-1]} '{item_id}'.")


def _href(procedure_id: str, anchor: str | None = None) -> str:
    return f"procedures/{procedure_id}/" + (f"#{anchor}" if anchor else "")


def _area(areas, area_id) -> dict | None:
    items = areas.values() if isinstance(areas, dict) else (areas or [])
    for area in items:
        if area.get("id") == area_id:
            return {"id": area["id"], "name": area.get("name"), "region": area.get("region", DEFAULT_REGION)}
    return None


def _latest(procedure: dict) -> str:
    dates = [str(v) for k, v in (procedure.get("dates") or {}).items() if k not in ("cite", "review_due")]
    return max(dates, default="")


def _as_day(value, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or str(value).strip() == "":
        raise OutcomeError(f"Enter {what}.")
    try:
        return read_date(str(value))
    except CalendarError as exc:
        raise OutcomeError(f"For {what}: {exc}") from None
