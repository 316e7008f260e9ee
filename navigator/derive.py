"""The navigator's question flow, derived from the procedure files.

procedures/navigator.yaml holds only what is the same everywhere (the immediate-risk question and
the generic wording). Everything that depends on an area comes from that area's procedure files:

* which area (areas.yaml, grouped by each area's `group`, else its nation);
* what the concern is: the situations of all the area's documents, grouped by category (one
  option per situation id, covering every document of the area that names it);
* which route: where more than one route handles a situation (two pathways, or two documents of
  the area), the reader chooses between them, each labelled with who raises it and which document
  sets it out; the handbook never chooses a document on its own authority. A route is a pathway
  listing the situation, a schedule or a rule whose `situations` list it; a situation no route
  handles leads to the document's "no route" outcome with what the document does say;
* how far it has gone: a pathway's stages, plus "not raised yet";
* the dates and numbers a pathway or schedule needs: the date raised where a stage timescale (or
  a total cap) gives a date, a schedule's inputs by its kind.

Ids are built from the data's own ids, so links and saved answers stay stable when a procedure
is added or reordered:

    {area}--situation                  {area}--{situation}--route
    {procedure}--{pathway}--stage      {procedure}--{pathway}--raised
    {procedure}--{schedule}--{input}   (schedule inputs: initial-conference, plans, family-episodes)
    outcomes: {procedure}--{pathway}, {procedure}--schedule--{id}, {procedure}--rule--{id},
              {procedure}--no-route, {area}--act-now

The result has the shape navigator.flow walks (questions and outcomes by id), so the same
next_step, check_flow and enumerate_paths serve it. Standard library only.
"""
from __future__ import annotations

from .flow import NOT_STARTED
from .names import pathway_name, stage_label

START = "immediate-risk"
ACT_NOW_AREA = "act-now-area"
AREA = "area"
SEP = "--"
# Units whose timescale gives a date from the date raised (navigator.timescales).
DATED_UNITS = ("working_days", "calendar_days", "weeks", "calendar_months", "same_working_day", "hours")
INPUT_SLUG = {"initial_conference": "initial-conference", "plans": "plans", "family_episodes": "family-episodes"}


class DeriveError(ValueError):
    """The data cannot give a flow; one sentence for a person (the loader names the file)."""


def derive_flow(wording: dict, procedures: list[dict], areas: list[dict]) -> dict:
    """The whole question flow from the generic wording, the procedures and the areas."""
    words = wording.get("questions", {})
    outcome_words = wording.get("outcomes", {})
    risk = wording.get("immediate_risk", {})
    by_area: dict[str, list[dict]] = {}
    for procedure in sorted(procedures, key=lambda p: p["id"]):
        by_area.setdefault(procedure["area"], []).append(procedure)
    served = [a for a in areas if a["id"] in by_area]

    questions: list[dict] = [
        {"id": START, "type": "yes-no", "text": risk.get("text", ""), **_hint(risk),
         "options": [{"id": "yes", "label": risk.get("answer_yes", "Yes"), "next": ACT_NOW_AREA},
                     {"id": "no", "label": risk.get("answer_no", "No"), "next": AREA}]},
        {"id": ACT_NOW_AREA, "type": "choice", **_text(words.get("act_now_area")),
         "options": [_area_option(a, f"{a['id']}{SEP}act-now", by_area[a["id"]], words.get("act_now_area"))
                     for a in served]},
        {"id": AREA, "type": "choice", **_text(words.get("area")),
         "options": [_area_option(a, f"{a['id']}{SEP}situation", by_area[a["id"]], words.get("area"))
                     for a in served]},
    ]
    outcomes: list[dict] = []
    for area in served:
        docs = by_area[area["id"]]
        outcomes.append(_act_now(area, docs, outcome_words.get("act_now", {})))
        questions_here, outcomes_here = _area_flow(area, docs, words, outcome_words)
        questions += questions_here
        outcomes += outcomes_here
    return {"id": wording.get("id", "escalation-navigator"), "title": wording.get("title", ""),
            "start": START, "questions": questions, "outcomes": _unique(outcomes), "not_covered": []}


# One area.


def _area_flow(area: dict, docs: list[dict], words: dict, outcome_words: dict) -> tuple[list, list]:
    questions, outcomes = [], []
    fill = {"area": area["name"]}
    situations: dict[str, dict] = {}        # situation id -> {"situation": first seen, "docs": [...]}
    for doc in docs:
        for situation in doc.get("situations", []):
            entry = situations.setdefault(situation["id"], {"situation": situation, "docs": []})
            entry["docs"].append(doc)
    options = []
    for sid, entry in situations.items():
        routes = [r for doc in entry["docs"] for r in _routes(doc, sid)]
        real = [r for r in routes if r["kind"] != "no-route"]
        routes = real or routes[:1]
        covers = [{"procedure": d["id"], "situation": sid} for d in entry["docs"]]
        situation = entry["situation"]
        option = {"id": sid, "label": situation.get("label") or situation["text"], "covers": covers}
        if situation.get("category"):
            option["group"] = situation["category"]
        if not real:   # no steps survive for it: the option says so before it is chosen
            option["no_steps"] = True
            if (words.get("situation") or {}).get("no_steps"):
                option["note"] = _fmt(words["situation"]["no_steps"], fill)
        if len(routes) == 1:
            option["next"] = _route_next(routes[0], words, questions, outcomes, outcome_words, docs)
        else:
            qid = f"{area['id']}{SEP}{sid}{SEP}route"
            option["next"] = qid
            several_docs = len({r["procedure"]["id"] for r in routes}) > 1
            questions.append({
                "id": qid, "type": "choice", **_text(words.get("route"), fill),
                "options": [{"id": _route_id(r), "label": _route_label(r, several_docs),
                             "next": _route_next(r, words, questions, outcomes, outcome_words, docs)}
                            for r in routes]})
        options.append(option)
    if not options:
        raise DeriveError(f"the area '{area['id']}' has procedures but no situations for the navigator to offer")
    questions.insert(0, {"id": f"{area['id']}{SEP}situation", "type": "choice",
                         **_text(words.get("situation"), fill), "options": options})
    return _unique(questions), outcomes


def _routes(doc: dict, sid: str) -> list[dict]:
    """Every route the document sets out for a situation, in the document's order."""
    found = [{"kind": "pathway", "procedure": doc, "item": p} for p in doc.get("pathways", [])
             if sid in p.get("situations", [])]
    found += [{"kind": "schedule", "procedure": doc, "item": s} for s in doc.get("schedules", [])
              if sid in s.get("situations", [])]
    found += [{"kind": "rule", "procedure": doc, "item": r} for r in doc.get("rules", [])
              if sid in r.get("situations", [])]
    return found or [{"kind": "no-route", "procedure": doc, "item": None}]


def _route_id(route: dict) -> str:
    pid, item = route["procedure"]["id"], route["item"]
    if route["kind"] == "pathway":
        return f"{pid}{SEP}{item['id']}"
    if route["kind"] == "no-route":
        return f"{pid}{SEP}no-route"
    return f"{pid}{SEP}{route['kind']}{SEP}{item['id']}"


def _route_label(route: dict, several_docs: bool) -> str:
    doc, item = route["procedure"], route["item"]
    title = (pathway_name(item) if route["kind"] == "pathway" else item["title"]) if item else "No route set out"
    label = title
    if route["kind"] == "pathway" and _roles(doc, item):
        label = f"{_roles(doc, item)}: {title}"
    if several_docs:
        label += f" ({_document(doc)})"
    return label


def _route_next(route: dict, words: dict, questions: list, outcomes: list, outcome_words: dict, docs) -> str:
    """The first question (or the outcome) of a route, adding the route's questions and outcome."""
    doc, item, kind = route["procedure"], route["item"], route["kind"]
    pid = doc["id"]
    fill = {"document": _document(doc)}
    outcome_id = _route_id(route)
    if kind == "pathway":
        outcome = {"id": outcome_id, "kind": "pathway", "procedure": pid, "pathway": item["id"],
                   "text": _fmt(outcome_words.get("pathway" if _roles(doc, item) else "pathway_anyone", ""),
                                {**fill, "roles": _roles(doc, item), "pathway": pathway_name(item)}),
                   "related_rules": list(_own(item).get("related_rules", []))}
        stages = item.get("stages", [])
        if not stages:
            outcomes.append(outcome)
            return outcome_id
        own = _own(item)
        stage_q = f"{pid}{SEP}{item['id']}{SEP}stage"
        inputs = {"stage": stage_q}
        after_stage = outcome_id
        if _dated(item):
            raised_q = f"{pid}{SEP}{item['id']}{SEP}raised"
            inputs["raised"] = raised_q
            after_stage = raised_q
            first = {**words.get("raised", {}), **own.get("raised", {})}
            later = {"text": words.get("raised", {}).get("text_reached", first.get("text", "")),
                     "hint": words.get("raised", {}).get("hint_reached", first.get("hint", ""))}
            # The date asked for is the one the stage reached was raised or reached: that stage is
            # counted from it (navigator.flow.question_for picks the words for the stage reached).
            by_stage = {s["id"]: _text(first if i == 0 else later, {"stage": stage_label(s)})
                        for i, s in enumerate(stages)}
            questions.append({"id": raised_q, "type": "date", **by_stage[stages[0]["id"]],
                              "by_stage": by_stage, "next": outcome_id})
        stage_words = {**words.get("stage", {}), **own.get("stage", {})}
        questions.append({
            "id": stage_q, "type": "choice", **_text(stage_words),
            "stages_of": {"procedure": pid, "pathway": item["id"]},
            "options": [{"id": NOT_STARTED, "label": stage_words.get("not_started", "Not raised yet"), "next": outcome_id}]
                       + [{"id": s["id"], "label": stage_label(s), "next": after_stage} for s in stages]})
        outcome["inputs"] = inputs
        outcomes.append(outcome)
        return stage_q
    if kind == "schedule":
        outcome = {"id": outcome_id, "kind": "schedule", "procedure": pid, "schedule": item["id"],
                   "text": _fmt(outcome_words.get("schedule", ""), fill),
                   "related_rules": list(item.get("related_rules", [])), "inputs": {}}
        chain = (words.get("schedule_inputs") or {}).get(item["kind"], [])
        nxt = outcome_id
        for spec in reversed(chain):
            qid = f"{pid}{SEP}{item['id']}{SEP}{INPUT_SLUG.get(spec['input'], spec['input'])}"
            question = {"id": qid, "type": spec["type"], **_text(spec), "next": nxt}
            for bound in ("min", "max"):
                if bound in spec:
                    question[bound] = spec[bound]
            questions.append(question)
            outcome["inputs"][spec["input"]] = qid
            nxt = qid
        outcomes.append(outcome)
        return nxt
    if kind == "rule":
        outcomes.append({"id": outcome_id, "kind": "rule", "procedure": pid, "rule": item["id"],
                         "text": _fmt(outcome_words.get("rule", ""), fill),
                         "related_rules": list(item.get("related_rules", [])),
                         "contacts": list(item.get("contacts", []))})
        return outcome_id
    outcomes.append({"id": outcome_id, "kind": "no-route", "procedure": pid,
                     "text": _fmt(outcome_words.get("no_route", ""), fill)})
    return outcome_id


def _act_now(area: dict, docs: list[dict], words: dict) -> dict:
    """What the area's documents say about immediate risk: the first immediate-risk rule, with its
    contacts and related rules, or the generic words where no document gives one."""
    fill = {"area": area["name"]}
    for doc in docs:
        for rule in doc.get("rules", []):
            if rule.get("kind") == "immediate-risk":
                return {"id": f"{area['id']}{SEP}act-now", "kind": "act-now", "area": area["id"],
                        "procedure": doc["id"], "rule": rule["id"], "text": _fmt(words.get("with_rule", ""), fill),
                        "contacts": list(rule.get("contacts", [])),
                        "related_rules": list(rule.get("related_rules", [])),
                        "covers": [{"procedure": doc["id"], "situation": s} for s in rule.get("situations", [])]}
    return {"id": f"{area['id']}{SEP}act-now", "kind": "act-now", "area": area["id"], "procedure": docs[0]["id"],
            "text": _fmt(words.get("without_rule", ""), fill)}


# Helpers.


def _area_option(area: dict, nxt: str, docs: list[dict] = (), words: dict | None = None) -> dict:
    """An area's option. Where a document of the area is published by someone other than the area
    (one school's policy, not the partnership's), the option names each such document and its
    publisher exactly, before the reader chooses it."""
    option = {"id": area["id"], "label": area["name"], "next": nxt}
    option["group"] = area.get("group") or area.get("nation", "")
    pattern = (words or {}).get("publisher") or "{document}, published by {publisher}"
    notes = list(dict.fromkeys(_fmt(pattern, {"document": d["title"], "publisher": d["publisher"]})
                               for d in docs if d.get("publisher") and d["publisher"] != area["name"]))
    if notes:
        option["note"] = "; ".join(notes)
    return option


def _own(item: dict) -> dict:
    """A pathway's own navigator words and links (its `navigator:` block)."""
    return item.get("navigator") or {}


def _dated(pathway: dict) -> bool:
    units = [(s.get("timescale") or {}).get("unit") for s in pathway.get("stages", [])]
    return bool(pathway.get("total_cap")) or any(u in DATED_UNITS for u in units)




def _roles(doc: dict, pathway: dict) -> str:
    names = {r["id"]: r["name"] for r in doc.get("roles", [])}
    found = [names.get(r, r) for r in pathway.get("raised_by", [])]
    if len(found) <= 1:
        return "".join(found)
    return ", ".join(found[:-1]) + " or " + found[-1]


def _document(doc: dict) -> str:
    return doc.get("short_title") or doc["title"]


def _text(spec: dict | None, fill: dict | None = None) -> dict:
    spec = spec or {}
    out = {"text": _fmt(spec.get("text", ""), fill or {})}
    if spec.get("hint"):
        out["hint"] = _fmt(spec["hint"], fill or {})
    return out


def _hint(spec: dict) -> dict:
    return {"hint": spec["hint"]} if spec.get("hint") else {}


def _fmt(text: str, fill: dict) -> str:
    """Fill {placeholders}; text from the data is inserted as it is (templates escape it)."""
    out = str(text)
    for key, value in fill.items():
        out = out.replace("{" + key + "}", str(value))
    return " ".join(out.split())


def _unique(items: list[dict]) -> list[dict]:
    seen, out = set(), []
    for item in items:
        if item["id"] not in seen:
            seen.add(item["id"])
            out.append(item)
    return out
