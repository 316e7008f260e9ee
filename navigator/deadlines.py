"""Stage deadlines for one escalation pathway, from the date it was raised.

Each stage's response is due a timescale after the stage starts. When a stage is not resolved,
the next stage starts at the latest on the previous stage's due date, so the dates here are
the *latest* dates for each level if every level takes its full time. Where a pathway states
a total cap (Bexley's IRO process: no more than 20 working days in total), the cap's date is
given too, so that a user sees when the stage dates run past it.

Input is the plain JSON data of one procedure (as the build writes it); output is plain JSON
values (ISO dates), the same in CPython and in Pyodide.
"""
from __future__ import annotations

from datetime import date

from .calendar import DEFAULT_REGION
from .timescales import AT_ANY_TIME, Timescale, due, iso


class DeadlineError(ValueError):
    """The question cannot be answered from the data given; the message is for a person."""


def find_pathway(procedure: dict, pathway_id: str) -> dict:
    for pathway in procedure.get("pathways", []):
        if pathway.get("id") == pathway_id:
            return pathway
    known = ", ".join(p.get("id", "?") for p in procedure.get("pathways", []))
    raise DeadlineError(f"{procedure.get('id')} has no pathway '{pathway_id}' (it has: {known}).")


def stage_deadlines(procedure: dict, pathway_id: str, raised: date, region: str = DEFAULT_REGION,
                    from_stage: str | None = None) -> dict:
    """The due date of every stage of a pathway, counting each from the previous stage's due date.

    `raised` is the date the first stage was raised, or, with `from_stage`, the date that stage was
    reached: that stage is counted from it, the stages before it get no date ("before": they are
    past), and the stages after it are a projection ("projected": if each takes its full time).
    A total cap counts from the first stage's date; from a later stage it is counted from that
    stage's date, so it is the latest it can be ("cap.from_stage": earlier if stage 1 was earlier)."""
    pathway = find_pathway(procedure, pathway_id)
    ids = [s["id"] for s in pathway.get("stages", [])]
    if from_stage is not None and from_stage not in ids:
        raise DeadlineError(f"{pathway_id} has no stage '{from_stage}'.")
    at = ids.index(from_stage) if from_stage is not None else 0
    start = raised
    stages = []
    for index, stage in enumerate(pathway.get("stages", [])):
        # A stage open "at any time" (Bexley's referral to Cafcass) can start with the first stage,
        # not when the one listed before it is due.
        any_time = (stage.get("timescale") or {}).get("unit") == AT_ANY_TIME
        entry = {"id": stage["id"], "number": stage.get("number"), "title": stage["title"],
                 "starts": iso(raised if any_time else start), "due": None, "timescale": None,
                 "reading": (stage.get("timescale") or {}).get("reading"), "skipped": [],
                 "before": index < at, "projected": index > at}
        if index < at:
            entry["starts"] = None
            if stage.get("timescale"):
                entry["timescale"] = Timescale.from_dict(stage["timescale"]).words()
            stages.append(entry)
            continue
        if stage.get("timescale"):
            ts = Timescale.from_dict(stage["timescale"])
            entry["timescale"] = ts.words()
            result = due(start, ts, region)
            if result.when is not None:
                entry["due"] = iso(result.when)
                entry["skipped"] = [[iso(d), why] for d, why in result.skipped]
                if not stage.get("optional"):
                    start = result.when
        stages.append(entry)
    out = {"procedure": procedure["id"], "pathway": pathway_id, "raised": iso(raised),
           "from_stage": ids[at] if ids else None, "region": region, "stages": stages, "cap": None}
    cap = pathway.get("total_cap")
    if cap:
        ts = Timescale.from_dict(cap["timescale"])
        when = due(raised, ts, region).when
        for entry in stages:   # the whole-process limit comes before this stage's own date
            entry["cap_first"] = bool(when and entry["due"] and entry["due"] > iso(when))
        out["cap"] = {"timescale": ts.words(), "due": iso(when) if when else None, "text": cap["text"],
                      "from_stage": at > 0,
                      "exceeded_by_stages": any(s.get("cap_first") for s in stages)}
    return out
