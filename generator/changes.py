"""What changed between two versions of a procedure, in words, from the data and not from the text.

Both versions are parsed YAML (plain dicts and lists). Things with stable ids (pathways, stages,
contacts, notes, rules, forms, ...) are matched by id, never by position, so reordering a file or
renumbering nothing gives no change, and a reformatted file (same parsed data) gives none at all:

    >>> describe({"contacts": [{"id": "po", "label": "Principal Officer", "phone": "1"}]},
    ...          {"contacts": [{"id": "po", "label": "Principal Officer", "phone": "2"}]})
    ["Contact 'Principal Officer' telephone changed from 1 to 2"]

The sentences are plain text; whoever prints them escapes them (HTML on the pages, XML in the feed).
"""
from __future__ import annotations

import re
from typing import Any

SHORT = 70   # values up to this long are quoted in full ("from X to Y"); longer ones are "reworded"

FIELD_WORDS = {
    "timescale": "timescale", "phone": "telephone", "email": "email address", "url": "web address",
    "label": "name", "name": "name", "title": "title", "short_title": "short title", "text": "wording",
    "cite": "source reference", "who_acts": "who acts", "goes_to": "who it goes to", "contacts": "contacts",
    "actions": "actions", "record": "what to record", "form": "form", "outcome": "outcome",
    "optional": "optional flag", "number": "number", "hours": "hours", "for": "who it is for",
    "published": "publication date", "last_verified": "date last checked", "kind": "kind",
    "applies_to": "what it applies to", "summary": "summary", "raised_by": "who starts it",
    "bypass": "bypass rule", "total_cap": "total time limit", "extensions": "extensions",
    "before": "steps before the first stage", "after": "steps after the last stage", "situations": "situations",
    "role": "role", "area_label": "area label", "publisher": "publisher", "version": "version",
    "area": "area", "audience": "audience", "scope": "scope", "source": "source document", "dates": "dates",
    "principles": "principles", "steps": "steps", "fields": "fields", "purpose": "purpose",
    "completed_by": "who completes it", "return_to": "where it is returned", "from": "start point",
    "reading": "handbook's reading", "included": "included flag", "category": "category", "level": "level",
    "pathway": "pathway", "term": "glossary term", "due": "what is due", "months": "months", "count": "count",
    "fields_in_source": "fields in the source", "allowed": "allowed flag", "when": "when it applies",
    "review_due": "review date", "written": "written date", "issued": "issue date", "adopted": "adoption date",
    "approved": "approval date", "revised": "revision date", "updated": "update date", "id": "id",
}
TEXT_LISTS = {"principles": "Principle", "before": "Step before the first stage", "after": "Step after the last stage",
              "actions": "Action", "record": "Record item", "steps": "Step"}


def _name(item: dict, key: str) -> str:
    for k in key:
        if isinstance(item.get(k), str) and item[k].strip():
            return item[k]
    return str(item.get("id", ""))


def _q(text: Any, limit: int = SHORT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# A list of things with ids: its key -> (what one is called, how to name one in a sentence).
def _stage(item: dict) -> str:
    return f"Stage {item['number']}" if item.get("number") is not None else f"Step '{_q(_name(item, ('title',)), 50)}'"


ENTITIES = {
    "pathways": ("Pathway", lambda i: f"Pathway '{_q(_name(i, ('title',)), 50)}'"),
    "stages": ("Stage", _stage),
    "contacts": ("Contact", lambda i: f"Contact '{_q(_name(i, ('label',)), 50)}'"),
    "notes": ("Note", lambda i: f"Note '{_q(_name(i, ('text',)), 50)}'"),
    "rules": ("Rule", lambda i: f"Rule '{_q(_name(i, ('title',)), 50)}'"),
    "forms": ("Form", lambda i: f"Form '{_q(_name(i, ('title',)), 50)}'"),
    "situations": ("Situation", lambda i: f"Situation '{_q(_name(i, ('text',)), 50)}'"),
    "roles": ("Role", lambda i: f"Role '{_q(_name(i, ('name',)), 50)}'"),
    "references": ("Reference", lambda i: f"Reference '{_q(_name(i, ('title',)), 50)}'"),
    "schedules": ("Schedule", lambda i: f"Schedule '{_q(_name(i, ('title',)), 50)}'"),
    "items": ("Item", lambda i: f"Item '{_q(_name(i, ('label', 'title')), 50)}'"),
    "alternatives": ("Other route", lambda i: f"Other route '{_q(_name(i, ('when', 'text')), 50)}'"),
    "criteria": ("Criteria", lambda i: f"Criteria '{_q(_name(i, ('title',)), 50)}'"),
    "levels_of_need": ("Level of need", lambda i: f"Level of need '{_q(_name(i, ('name',)), 50)}'"),
    "relations": ("Related document", lambda i: f"Related document '{i.get('procedure', '')}'"),
    "fields": ("Field", lambda i: f"Field '{_q(i.get('label', ''), 50)}'"),
}
ID_KEY = {"relations": "procedure", "fields": "label"}
DATE_KEYS = {"published", "last_verified", "written", "issued", "adopted", "approved", "revised", "updated",
             "review_due"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def _partial_date(text: str) -> str:
    """2018-11 as November 2018, 2018-11-05 as 5 November 2018 (as the pages write dates)."""
    parts = [int(x) for x in text.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return text
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"
ADDED_WITH_TEXT = {"notes", "situations"}   # "Note added: <its text>", since a note is its text


def timescale_words(ts: Any) -> str:
    """A timescale in words, as the pages say it; a version too old for today's rules, as written."""
    from navigator.timescales import Timescale   # stdlib-only rule core

    try:
        return Timescale.from_dict(ts).words()
    except Exception:   # noqa: BLE001 — an old version's timescale the rule core no longer reads
        return _q(ts)


def _value(key: str, v: Any) -> str | None:
    """A value short enough to quote in a sentence, or None (then: "reworded" / "changed")."""
    if key in ("timescale", "total_cap") and isinstance(v, dict):
        return timescale_words(v.get("timescale", v) if key == "total_cap" else v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        v = " ".join(v.split())
        if key in DATE_KEYS and re.fullmatch(r"\d{4}(-\d{2}){0,2}", v):
            return _partial_date(v)
        return v if len(v) <= SHORT else None
    if isinstance(v, list) and all(isinstance(x, str) for x in v) and len(", ".join(v)) <= SHORT:
        return ", ".join(v) if v else "none"
    return None


def _from_to(a: str, b: str) -> str:
    """'from 5 to 10 working days' when both end in the same words, else 'from A to B'."""
    ma, mb = re.fullmatch(r"(\d+) (.+)", a), re.fullmatch(r"(\d+) (.+)", b)
    if ma and mb and ma.group(2).rstrip("s") == mb.group(2).rstrip("s"):
        return f"from {ma.group(1)} to {mb.group(1)} {mb.group(2)}"
    return f"from {a} to {b}"


def _possessive(subject: str, word: str) -> str:
    if not subject:
        return word[:1].upper() + word[1:]
    return f"{subject} {word}" if subject.endswith("'") else f"{subject}'s {word}"


def _field(subject: str, key: str, old: Any, new: Any, out: list[str]) -> None:
    word = FIELD_WORDS.get(key, key.replace("_", " "))
    what = _possessive(subject, word)
    if old is None:
        shown = _value(key, new)
        out.append(f"{what} added" + (f": {shown}" if shown else ""))
        return
    if new is None:
        out.append(f"{what} removed")
        return
    if key in ("timescale", "total_cap") and isinstance(old, dict) and isinstance(new, dict):
        a, b = _value(key, old), _value(key, new)
        out.append(f"{what} changed {_from_to(a, b)}" if a != b else f"{what} details changed")
        return
    if key in TEXT_LISTS and isinstance(old, list) and isinstance(new, list):
        _text_list(subject, key, old, new, out)
        return
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, str) for x in old + new):
        added = [x for x in new if x not in old]
        removed = [x for x in old if x not in new]
        parts = [f"added {', '.join(added)}"] * bool(added) + [f"removed {', '.join(removed)}"] * bool(removed)
        out.append(f"{what} changed: " + "; ".join(parts) if parts else f"{what} reordered")
        return
    if isinstance(old, dict) and isinstance(new, dict) and key in ("dates",):
        for k in sorted(set(old) | set(new)):
            if old.get(k) != new.get(k):
                _field("", k, old.get(k), new.get(k), out)
        return
    a, b = _value(key, old), _value(key, new)
    if a is not None and b is not None:
        out.append(f"{what} changed {_from_to(a, b)}")
    elif isinstance(old, str) and isinstance(new, str):
        out.append(f"{what} changed to {b}" if b is not None else f"{what} reworded")
    elif isinstance(old, dict) and isinstance(new, dict):
        parts = [FIELD_WORDS.get(k, k.replace("_", " ")) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        out.append(f"{what} changed ({', '.join(parts)})")
    else:
        out.append(f"{what} changed")


def _text_of(item: Any) -> str:
    return item.get("text", "") if isinstance(item, dict) else str(item)


def _text_list(subject: str, key: str, old: list, new: list, out: list[str]) -> None:
    noun = TEXT_LISTS[key]
    old_t, new_t = [_text_of(x) for x in old], [_text_of(x) for x in new]
    where = f" ({subject})" if subject else ""
    for t in new_t:
        if t not in old_t:
            out.append(f"{noun} added{where}: {_q(t, 140)}")
    for t in old_t:
        if t not in new_t:
            out.append(f"{noun} removed{where}: {_q(t, 140)}")
    if sorted(old_t) == sorted(new_t):
        if old_t != new_t:
            out.append(f"{_possessive(subject, FIELD_WORDS.get(key, key))} reordered")
        elif old != new:
            out.append(f"{_possessive(subject, FIELD_WORDS.get(key, key))} details changed")


def _is_entity_list(key: str, *values: Any) -> bool:
    id_key = ID_KEY.get(key, "id")
    return key in ENTITIES and all(isinstance(v, list) and all(isinstance(i, dict) and id_key in i for i in v)
                                   and len({str(i[id_key]) for i in v}) == len(v) for v in values if v is not None)


def _entities(key: str, old: list, new: list, out: list[str], suffix: str = "") -> None:
    noun, name = ENTITIES[key]
    id_key = ID_KEY.get(key, "id")
    old_by = {i[id_key]: i for i in old}
    new_by = {i[id_key]: i for i in new}
    for iid, item in new_by.items():
        if iid not in old_by:
            shown = _q(_text_of(item), 140) if key in ADDED_WITH_TEXT else name(item)
            out.append(f"{noun} added: {shown}{suffix}" if key in ADDED_WITH_TEXT else f"{shown} added{suffix}")
    for iid, item in old_by.items():
        if iid not in new_by:
            shown = _q(_text_of(item), 140) if key in ADDED_WITH_TEXT else name(item)
            out.append(f"{noun} removed: {shown}{suffix}" if key in ADDED_WITH_TEXT else f"{shown} removed{suffix}")
    for iid, item in new_by.items():
        if iid in old_by and old_by[iid] != item:
            before = old_by[iid]
            if key in ADDED_WITH_TEXT and before.get("text") != item.get("text"):
                out.append(f"{noun} reworded: {_q(item.get('text', ''), 140)}{suffix}")
                before = {**before, "text": item.get("text")}
            child_suffix = suffix
            if key == "forms" or key == "pathways" and len(new) > 1:
                title = re.sub(r"\s*\([^()]*\)$", "", _name(item, ("title",))) or _name(item, ("title",))
                child_suffix = f" ({_q(title, 50)})"
            _compare(name(item), before, item, out, suffix, child_suffix=child_suffix)
    common_old = [i for i in old_by if i in new_by]
    common_new = [i for i in new_by if i in old_by]
    if common_old != common_new:
        plural = {"alternatives": "Other routes", "levels_of_need": "Levels of need"}.get(key, key.capitalize())
        out.append(f"{plural} reordered{suffix}")


def _compare(subject: str, old: dict, new: dict, out: list[str], suffix: str = "", child_suffix: str = "") -> None:
    """Add a sentence to `out` for every difference between two versions of one thing."""
    child_suffix = child_suffix or suffix
    keys = list(new) + [k for k in old if k not in new]
    for key in keys:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if _is_entity_list(key, a, b):
            _entities(key, a or [], b or [], out, child_suffix)
            continue
        before = len(out)
        _field(subject, key, a, b, out)
        if suffix:
            out[before:] = [s + suffix for s in out[before:]]


def describe(old: Any, new: Any) -> list[str]:
    """Sentences saying how `new` differs from `old` (two parsed versions of one procedure file).

    [] when the data is the same (a reformatted file). `old` None: the file was added."""
    if old == new:
        return []
    if old is None:
        return ["Added to the handbook"]
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ["The file was changed (a version of it could not be read as a procedure)"]
    out: list[str] = []
    try:
        _compare("", old, new, out)
    except (TypeError, ValueError, KeyError, AttributeError):   # an old version shaped unlike today's schema
        return ["The file was changed (this version could not be compared with the one before)"]
    return out or ["Details changed"]
