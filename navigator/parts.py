"""The navigator's data in parts: a small index for the first questions, one file per area.

The whole bundle (procedures.json) grows with every procedure; the navigator needs only the first
questions (is there an immediate risk, which area) before the reader has chosen an area, and only
that area's questions, outcomes and procedures after. So the build writes

* an index: the areas, the flow's shared questions (every question reachable from the start
  without entering an area), and for each area its part's file and the nodes it is entered by;
* one part per area: the questions and outcomes reachable from those entry nodes, and the area's
  procedures.

navigator.api walks the flow as usual; when the next node is the entry of a part not loaded yet,
it answers {"needs": [file, ...]} and the browser fetches exactly those files (and nothing else)
and hands them back with load_part. A whole bundle loaded at once needs nothing more, so the
build, the tests and the command line go on using procedures.json.

Standard library only: the same file runs in CPython and, in the browser, in Pyodide.
"""
from __future__ import annotations

INDEX_FORMAT = 1


class PartsError(ValueError):
    """The bundle cannot be split as the navigator needs it; one sentence for a person."""


def split_bundle(bundle: dict, version_of=None) -> tuple[dict, dict[str, dict]]:
    """(index, {file name: part}) for a whole bundle (the shape of procedures.json).

    A node reachable from two areas' entries, or a flow question outside every area that names a
    procedure, is refused: each area's part must stand on its own. `version_of(part)` (e.g. a hash
    of its JSON, made by the build) is added to the part's file name in the index as ?v=, so a
    changed part is never taken from a stale cache and an unchanged one stays cached.
    """
    flow = bundle["flow"]
    questions = {q["id"]: q for q in flow.get("questions", [])}
    outcomes = {o["id"]: o for o in flow.get("outcomes", [])}
    area_ids = [a["id"] for a in bundle.get("areas", [])]
    procedures_by_area: dict[str, list[dict]] = {}
    for procedure in bundle.get("procedures", []):
        procedures_by_area.setdefault(procedure["area"], []).append(procedure)

    # Entry nodes: where an option naming an area (its id is the area's) leads out of the shared questions.
    entries: dict[str, list[str]] = {}
    for question in questions.values():
        for option in question.get("options", []) or []:
            if option.get("id") in procedures_by_area and _area_node(option.get("next"), option["id"], procedures_by_area):
                entries.setdefault(option["id"], []).append(option["next"])
    owner: dict[str, str] = {}
    for area, starts in entries.items():
        for node in _reachable(starts, questions):
            if owner.setdefault(node, area) != area:
                raise PartsError(f"the navigator's node '{node}' is reached from the areas '{owner[node]}' and "
                                 f"'{area}'; each area's questions must be its own")
    shared = [q for qid, q in questions.items() if qid not in owner]
    for question in shared:
        if question.get("stages_of"):
            raise PartsError(f"the question '{question['id']}' asks about a procedure but belongs to no area")
    loose = [oid for oid in outcomes if oid not in owner]
    if loose:
        raise PartsError(f"the outcome '{loose[0]}' is reached from no area's questions")

    index = {"format": bundle.get("format"), "index_format": INDEX_FORMAT, "areas": bundle.get("areas", []),
             "flow": {**{k: v for k, v in flow.items() if k not in ("questions", "outcomes")},
                      "questions": shared, "outcomes": []},
             "parts": {}, "procedure_parts": {}}
    parts: dict[str, dict] = {}
    for area in area_ids:
        if area not in entries:
            continue
        name = f"{area}.json"
        parts[name] = {"part": area,
                       "questions": [q for qid, q in questions.items() if owner.get(qid) == area],
                       "outcomes": [o for oid, o in outcomes.items() if owner.get(oid) == area],
                       "procedures": procedures_by_area.get(area, [])}
        version = version_of(parts[name]) if version_of else ""
        index["parts"][area] = {"file": name + (f"?v={version}" if version else ""), "entries": entries[area]}
        for procedure in procedures_by_area.get(area, []):
            index["procedure_parts"][procedure["id"]] = area
    return index, parts


def _area_node(node, area: str, procedures_by_area: dict) -> bool:
    """True for a node that belongs to the area: its id starts with the area's or one of its procedures'."""
    if not isinstance(node, str):
        return False
    prefixes = [area] + [p["id"] for p in procedures_by_area.get(area, [])]
    return any(node.startswith(prefix + "--") for prefix in prefixes)


def _reachable(starts: list[str], questions: dict) -> set:
    seen, stack = set(), list(starts)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        question = questions.get(node)
        if question is None:
            continue
        if question.get("type") in ("date", "number"):
            stack.append(question.get("next"))
        else:
            stack.extend(o.get("next") for o in question.get("options", []) or [])
    return seen


def merge_part(bundle: dict, part: dict) -> None:
    """Add one part's questions, outcomes and procedures to a loaded index (in place, once)."""
    loaded = bundle.setdefault("loaded_parts", [])
    if part.get("part") in loaded:
        return
    flow = bundle["flow"]
    flow["questions"] = flow.get("questions", []) + list(part.get("questions", []))
    flow["outcomes"] = flow.get("outcomes", []) + list(part.get("outcomes", []))
    bundle["procedures"] = bundle.get("procedures", []) + list(part.get("procedures", []))
    loaded.append(part.get("part"))


def part_entered_by(bundle: dict, node: str) -> str | None:
    """The file of the part not loaded yet that `node` enters, or None."""
    loaded = bundle.get("loaded_parts", [])
    for area, part in (bundle.get("parts") or {}).items():
        if area not in loaded and node in part.get("entries", []):
            return part["file"]
    return None


def part_of_procedure(bundle: dict, procedure_id: str) -> str | None:
    """The file of the part not loaded yet that holds the procedure, or None."""
    area = (bundle.get("procedure_parts") or {}).get(procedure_id)
    if area is None or area in bundle.get("loaded_parts", []):
        return None
    return bundle["parts"][area]["file"]
