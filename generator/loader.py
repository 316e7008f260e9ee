"""Load, check and bundle the procedure data: YAML in, validated data and problems out.

Every problem is reported for a person who writes procedure files, never as a traceback:

    procedures/bexley/x.yaml:12:5: pathways[0].stages[1].timescale.unit: 'dayz' is not a unit — write one of: working_days, ...

YAML is read by composing PyYAML's node tree ourselves, so that every value keeps its line and
column, duplicate keys are caught (PyYAML would silently keep the last), and anchors and aliases
are refused before anything is expanded (a hostile file cannot exhaust memory with an alias bomb).
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 30
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file  # line 0: a whole file or folder
        what = f"{self.path}: {self.message}" if self.path else self.message
        return f"{where}: {what}" + (f" — {self.hint}" if self.hint else "")


class LoadError(Exception):
    """The problems that stop the build; `warnings` are those found before it stopped (a missing
    sources folder, for one), for the command line and the preview to show beside them."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(problems)
        self.warnings = sorted(warnings or [])
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Document:
    """One YAML file: its data and where each value (by path) stands in the file."""
    file: str
    data: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: tuple) -> tuple[int, int]:
        path = tuple(path)
        while path and path not in self.marks:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def problem(self, path: tuple, message: str, hint: str = "", severity: str = "error") -> Problem:
        line, col = self.mark(path)
        return Problem(self.file, line, col, format_path(path), message, hint, severity)


def format_path(path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# --------------------------------------------------------------------------- YAML with positions

# libyaml's parser (PyYAML's C extension, in its wheels) where present: the same events, nodes and
# marks as the pure-Python one, about ten times faster, which is most of a build's time with
# thousands of procedures.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, display: str | None = None) -> Document:
    """Parse one YAML file into a Document, or raise LoadError with one clear problem."""
    name = display or str(path)

    def fail(message, hint="", line=1, col=1):
        raise LoadError([Problem(name, line, col, "", message, hint)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        fail(f"cannot read the file ({exc.strerror})")
    if size > MAX_BYTES:
        fail(f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit",
             "a procedure file is a few tens of kilobytes; split it or remove pasted material")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        fail(f"not UTF-8 text (byte {exc.start})", "save the file as UTF-8")
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        fail("the file is empty", "start from an existing procedure file or the authoring guide")

    try:
        # Anchors (&) and aliases (*) need those characters: only a file that has them is walked
        # event by event to find one (most files have none, and this pass costs a third of a load).
        events = yaml.parse(text, Loader=_LOADER) if ("&" in text or "*" in text) else ()
        for event in events:
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                m = event.start_mark
                fail(f"YAML anchors and aliases (&{anchor} / *{anchor}) are not allowed",
                     "write the value out in full each time it is needed", m.line + 1, m.column + 1)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        exc = _pure_python_error(text) or exc   # its wording is the one the authoring guide shows
        m = exc.problem_mark or exc.context_mark
        line, col = (m.line + 1, m.column + 1) if m else (1, 1)
        what = exc.problem or "YAML syntax error"
        text_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        if "'\\t'" in what or "\t" in text_line[:len(text_line) - len(text_line.lstrip())]:
            tab = next((i for i, l in enumerate(text.splitlines(), 1) if "\t" in l[:len(l) - len(l.lstrip())]), 0)
            if tab:
                fail("a tab in the indentation", "indent with spaces, not tabs: 2 spaces for each level "
                     "(set your editor to insert spaces when you press Tab)", tab, 1)
            fail("a tab character where YAML does not allow one", "use spaces instead, or put the text in "
                 "double quotes and write the tab as \\t", line, col)
        fail(f"YAML syntax error: {what}" + (f" ({exc.context})" if exc.context else ""),
             "check indentation, and put text containing ': ' or '#' in quotes", line, col)
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        fail(f"YAML error: {exc}")

    doc = Document(name, None)
    problems: list[Problem] = []
    doc.data = _to_python(node, (), doc, problems, 0)
    if problems:
        raise LoadError(problems)
    return doc


def _pure_python_error(text: str) -> yaml.MarkedYAMLError | None:
    """The pure-Python parser's error for text libyaml refused (only when a file is broken)."""
    if _LOADER is yaml.SafeLoader:
        return None
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        return exc
    return None


_BOOL = {"true": True, "false": False}


def _scalar(node: yaml.ScalarNode):
    tag, value = node.tag, node.value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return _BOOL.get(value.lower(), value)
    if tag.endswith(":int"):
        try:
            return int(value.replace("_", ""), 0) if not value.startswith("0") or value == "0" else int(value)
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return float(value)
        except ValueError:
            return value
    return value  # str, and timestamps kept as the text written (dates are strings in our schema)


def _to_python(node, path, doc: Document, problems: list, depth: int):
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if depth > MAX_DEPTH:
        problems.append(doc.problem(path, f"nested more than {MAX_DEPTH} levels deep",
                                    "procedure files need only a few levels of nesting"))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(doc.problem(path, "a key must be plain text"))
                continue
            key = key_node.value
            kpath = path + (key,)
            if key in out:
                first = doc.marks.get(kpath, (0, 0))[0]
                doc.marks[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                problems.append(doc.problem(kpath, f"'{key}' is given twice (first on line {first})",
                                            "keep one of them"))
                continue
            out[key] = _to_python(value_node, kpath, doc, problems, depth + 1)
            doc.marks[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(v, path + (i,), doc, problems, depth + 1) for i, v in enumerate(node.value)]
    return _scalar(node)


# --------------------------------------------------------------------------- schema

SCHEMA_DIR = ROOT / "procedures" / "schema"


@functools.lru_cache(maxsize=16)
def load_schema(name: str) -> dict:
    """The schema (one shared dict per file: do not change it)."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


_TYPE_WORDS = {"object": "a mapping (key: value lines)", "array": "a list", "string": "text",
               "integer": "a whole number", "boolean": "true or false", "null": "nothing (null)"}


def _subschema_at(schema: dict, root: dict, keys) -> dict:
    """Follow properties/$ref to describe a field for hints."""
    node = schema
    for key in keys:
        while "$ref" in node:
            node = _resolve(root, node["$ref"])
        node = node.get("properties", {}).get(key, {})
    while "$ref" in node:
        node = _resolve(root, node["$ref"])
    return node


def _resolve(root: dict, ref: str) -> dict:
    node = root
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


_VALIDATORS: dict[int, tuple[dict, jsonschema.Draft202012Validator]] = {}


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    """A validator for the schema with its local $refs written out in place: following a $ref is
    most of jsonschema's time, and a build validates every procedure file against the same schema."""
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (schema, jsonschema.Draft202012Validator(inline_refs(schema)))
        _VALIDATORS[id(schema)] = cached
    return cached[1]


def inline_refs(schema: dict) -> dict:
    """`schema` with every local "$ref": "#/..." replaced by what it points at (a recursive definition,
    or a $ref beside other keywords, is left as it is). Validates exactly as the original."""
    def walk(node, stack):
        if isinstance(node, list):
            return [walk(v, stack) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and ref not in stack \
                and set(node) <= {"$ref", "description", "title", "$comment"}:
            target = walk(_resolve(schema, ref), stack | {ref})
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return {k: (v if k in ("enum", "const") else walk(v, stack)) for k, v in node.items()}
    return walk(schema, frozenset())


def schema_problems(doc: Document, schema: dict) -> list[Problem]:
    validator = _validator(schema)
    out: list[Problem] = []
    for err in validator.iter_errors(doc.data):
        out.extend(_explain(doc, err, schema))
    # A misspelt key also makes the real key "missing": report only the misspelling.
    misspelt = {(p.path.rsplit(".", 1)[0] if "." in p.path else "", p.hint.split("'")[1])
                for p in out if p.message.startswith("unknown field") and p.hint.startswith("did you mean")}
    return [p for p in out if not (p.message.startswith("missing required field")
                                   and (p.path, p.message.split("'")[1]) in misspelt)]


def _explain(doc: Document, err, root) -> list[Problem]:
    path = tuple(err.absolute_path)
    v = err.validator
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed] if isinstance(err.instance, dict) else []
        res = []
        for key in extra:
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = (f"did you mean '{guess[0]}'? " if guess else "") + "allowed here: " + ", ".join(allowed)
            res.append(doc.problem(path + (key,), f"unknown field '{key}'", hint))
        return res
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        desc = err.schema.get("properties", {}).get(missing, {})
        while "$ref" in desc and "description" not in desc:
            desc = _resolve(root, desc["$ref"])
        hint = f"add '{missing}:'" + (f" ({desc['description']})" if desc.get("description") else "")
        if "enum" in desc:
            hint += ", one of: " + ", ".join(str(x) for x in desc["enum"])
        return [doc.problem(path, f"missing required field '{missing}'", hint)]
    if v == "enum":
        return [doc.problem(path, f"{err.instance!r} is not allowed here",
                            "write one of: " + ", ".join(str(x) for x in err.validator_value))]
    if v == "type":
        want = err.validator_value
        want = [want] if isinstance(want, str) else want
        return [doc.problem(path, f"expected {' or '.join(_TYPE_WORDS.get(w, w) for w in want)}, "
                                  f"got {_describe(err.instance)}", _example(path, err.schema, err.instance))]
    if v == "pattern":
        desc = err.schema.get("description") or f"match the pattern {err.validator_value}"
        desc = desc[0].lower() + desc[1:]
        return [doc.problem(path, f"{err.instance!r} is not in the expected form", desc + _suggest(err))]
    if v in ("minItems", "minLength", "minProperties"):
        return [doc.problem(path, "must not be empty", "fill it in or remove the field")]
    if v in ("anyOf", "oneOf") and err.context:
        # A text that is nearly right (a date written 12/03/2019) is told what text to write, not that
        # another branch (null) would also have done.
        typed = [e for e in err.context if e.validator != "type"] or err.context
        best = jsonschema.exceptions.best_match(typed)
        if v == "anyOf" and all(e.validator == "required" for e in err.context):
            need = " or ".join(sorted({e.message.split("'")[1] for e in err.context}))
            return [doc.problem(path, f"needs at least one of: {need}", "")]
        return _explain(doc, best, root)
    return [doc.problem(path, err.message, "")]


_UNIT_WORDS = (("working", "working_days"), ("workday", "working_days"), ("week", "weeks"),
               ("month", "calendar_months"), ("hour", "hours"), ("day", "calendar_days"))


def _example(path, schema: dict, value) -> str:
    """What to write instead of a value of the wrong type, for the mappings authors write most."""
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    if {"unit", "amount", "text"} <= set(props) and isinstance(value, (str, int)):
        words = str(value)
        number = next(iter(re.findall(r"\d+", words)), "5")
        unit = next((u for w, u in _UNIT_WORDS if w in words.lower()), "working_days")
        return (f"write it as a mapping, for example: {path[-1] if path else 'timescale'}: "
                f'{{unit: {unit}, amount: {number}, text: "{words}"}} (units: '
                + ", ".join(props["unit"]["enum"]) + ")")
    if {"section", "quote"} <= set(props):
        return 'write it as a mapping, for example: cite: {section: "4. Timescales", quote: "words copied from the source"}'
    if "object" in (schema.get("type"), ) and props:
        return "write it as key: value lines; allowed keys: " + ", ".join(sorted(props))
    if schema.get("type") == "array" and value is not None and not isinstance(value, list):
        return f"write it as a list, for example: [{value}]"
    return ""


_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def _suggest(err) -> str:
    """The value as it should be written, where the intended one is clear (dates, phone numbers)."""
    value = err.instance
    if not isinstance(value, str):
        return ""
    m = _DMY.match(value)
    if m and "YYYY" in (err.schema.get("description") or ""):
        day, month, year = (int(x) for x in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"; here: {year:04d}-{month:02d}-{day:02d}"
    if "phone" in str(err.absolute_path[-1] if err.absolute_path else ""):
        cleaned = re.sub(r" +", " ", re.sub(r"[^0-9+ ]", " ", value)).strip()
        if cleaned and re.fullmatch(err.validator_value, cleaned):
            return f"; here: {cleaned}"
    return ""


def _describe(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    return f"{type(value).__name__} {value!r}" if not isinstance(value, str) else f"text {value!r}"


# --------------------------------------------------------------------------- cross-references

def _dupes(doc: Document, items, path, what) -> set[str]:
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items or []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in seen:
                out.append(doc.problem(path + (i, "id"), f"duplicate {what} id '{item['id']}' "
                                       f"(also at {format_path(path + (seen[item['id']],))})",
                                       "give each one its own id"))
            else:
                seen[item["id"]] = i
    return set(seen), out


def reference_problems(doc: Document, areas: set[str], terms: set[str], procedures: set[str]) -> list[Problem]:
    d = doc.data
    out: list[Problem] = []

    def ids(key):
        found, probs = _dupes(doc, d.get(key), (key,), key.rstrip("s"))
        out.extend(probs)
        return found

    roles, contacts, situations = ids("roles"), ids("contacts"), ids("situations")
    forms, pathways = ids("forms"), ids("pathways")
    all_ids = set(roles | contacts | situations | forms | pathways | ids("schedules") | ids("rules")
                  | ids("criteria") | ids("notes") | ids("references") | ids("levels_of_need"))

    def check(value, known, path, what, hint_list=True):
        if value not in known:
            guess = difflib.get_close_matches(str(value), sorted(known), n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else ""
            if hint_list and known:
                hint = (hint + " " if hint else "") + f"defined {what}s: " + ", ".join(sorted(known))
            elif what == "glossary term":
                hint = (hint + " " if hint else "") + "add the term to procedures/glossary.yaml, or remove 'term:'"
            elif not known:
                hint = f"define it under '{what}s:' first"
            out.append(doc.problem(path, f"'{value}' is not a defined {what}", hint))

    check(d.get("area"), areas, ("area",), "area")
    for i, role in enumerate(d.get("roles") or []):
        if "term" in role:
            check(role["term"], terms, ("roles", i, "term"), "glossary term", hint_list=False)
    for i, c in enumerate(d.get("contacts") or []):
        if "role" in c:
            check(c["role"], roles, ("contacts", i, "role"), "role")
    for i, rel in enumerate(d.get("relations") or []):
        check(rel.get("procedure"), procedures - {d.get("id")}, ("relations", i, "procedure"), "procedure")
    gap_targets = {t for n in d.get("notes") or [] if n.get("kind") == "gap" for t in n.get("applies_to", [])}
    for pi, pw in enumerate(d.get("pathways") or []):
        base = ("pathways", pi)
        for j, r in enumerate(pw.get("raised_by") or []):
            check(r, roles, base + ("raised_by", j), "role")
        for j, s in enumerate(pw.get("situations") or []):
            check(s, situations, base + ("situations", j), "situation")
        if pw.get("bypass", {}).get("by"):
            check(pw["bypass"]["by"], roles, base + ("bypass", "by"), "role")
        stage_ids, probs = _dupes(doc, pw.get("stages"), base + ("stages",), "stage")
        out.extend(probs)
        all_ids |= {f"{pw.get('id')}.{s}" for s in stage_ids} | stage_ids
        if not pw.get("stages") and pw.get("id") not in gap_targets:
            out.append(doc.problem(base + ("stages",), "a pathway with no stages needs a note saying why",
                                   f"add a note with kind: gap and applies_to: [{pw.get('id')}]"))
        for si, st in enumerate(pw.get("stages") or []):
            sp = base + ("stages", si)
            for key, known, what in (("who_acts", roles, "role"), ("goes_to", roles, "role"),
                                     ("contacts", contacts, "contact")):
                for j, r in enumerate(st.get(key) or []):
                    check(r, known, sp + (key, j), what)
            if "form" in st:
                check(st["form"], forms, sp + ("form",), "form")
    rules = {r.get("id") for r in d.get("rules") or []}
    for pi, pw in enumerate(d.get("pathways") or []):
        for j, r in enumerate((pw.get("navigator") or {}).get("related_rules") or []):
            check(r, rules, ("pathways", pi, "navigator", "related_rules", j), "rule")
    for key in ("schedules", "rules"):  # the navigator's links: which situations, contacts, rules go with it
        for i, item in enumerate(d.get(key) or []):
            for field, known, what in (("situations", situations, "situation"), ("contacts", contacts, "contact"),
                                       ("related_rules", rules, "rule")):
                for j, value in enumerate(item.get(field) or []):
                    check(value, known, (key, i, field, j), what)
    for ci, crit in enumerate(d.get("criteria") or []):
        if "pathway" in crit:
            check(crit["pathway"], pathways, ("criteria", ci, "pathway"), "pathway")
    for fi, form in enumerate(d.get("forms") or []):
        for j, c in enumerate(form.get("contacts") or []):
            check(c, contacts, ("forms", fi, "contacts", j), "contact")
        out.extend(_dupes(doc, form.get("fields"), ("forms", fi, "fields"), "field")[1])
    for ni, note in enumerate(d.get("notes") or []):
        for j, target in enumerate(note.get("applies_to") or []):
            check(target, all_ids, ("notes", ni, "applies_to", j), "id", hint_list=False)
    return out


# --------------------------------------------------------------------------- consistency (warnings)

VERIFY_WINDOW_DAYS = 365


def _partial_to_date(text: str) -> date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return date(parts[0], parts[1] if len(text) > 4 else 12, parts[2] if len(text) > 7 else 1)


def consistency_warnings(doc: Document, today: date) -> list[Problem]:
    """Things a maintainer should look at; they do not stop the build."""
    from navigator.timescales import Timescale

    d = doc.data
    out = []
    due = (d.get("dates") or {}).get("review_due")
    if due and _partial_to_date(due) < today:
        out.append(doc.problem(("dates", "review_due"), f"review was due {due} and has passed",
                               "ask the publisher whether a newer version exists", "warning"))
    for pi, pw in enumerate(d.get("pathways") or []):
        cap = (pw.get("total_cap") or {}).get("timescale")
        stages = [s.get("timescale") for s in pw.get("stages") or [] if s.get("timescale")]
        wd = [t for t in stages if t.get("unit") == "working_days"]
        if cap and cap.get("unit") == "working_days" and wd:
            total = sum(t["amount"] for t in wd)
            if total > cap["amount"]:
                noted = next((n.get("id") for n in d.get("notes") or [] if n.get("kind") == "contradiction"
                              and pw.get("id") in (n.get("applies_to") or [])), None)
                hint = (f"note '{noted}' records it on the page; keep its sum up to date if a timescale changes"
                        if noted else "record this as a contradiction note (kind: contradiction, applies_to: "
                        f"[{pw.get('id')}]) so the page shows it")
                out.append(doc.problem(("pathways", pi, "total_cap"),
                                       f"stage timescales add up to {total} working days, past the stated cap of "
                                       f"{Timescale.from_dict(cap).words()}", hint, "warning"))
    for ci, c in enumerate(d.get("contacts") or []):
        checked = c.get("last_verified")
        if checked is None or (today - _partial_to_date(checked)).days > VERIFY_WINDOW_DAYS:
            when = "never verified since publication" if checked is None else f"last verified {checked}"
            out.append(doc.problem(("contacts", ci), f"contact '{c.get('id')}' {when}",
                                   f"check it still works and set last_verified (window: {VERIFY_WINDOW_DAYS} days)",
                                   "warning"))
    return out


# --------------------------------------------------------------------------- the whole data set

@dataclass
class Bundle:
    procedures: list[dict]
    areas: list[dict]
    glossary: list[dict]
    warnings: list[Problem]
    files: dict[str, str]  # procedure id -> repository-relative YAML path
    flow: dict | None = None  # the navigator's question flow, derived from the procedures (navigator/derive.py)
    history: Any = None  # generator.history.History, set by the plugin; None: not read
    wording: dict | None = None  # procedures/navigator.yaml: what the navigator says in every area
    guidance: list = field(default_factory=list)  # procedures/guidance.yaml: editions of statutory guidance

    def only(self, area_ids: set[str]) -> "Bundle":
        """The same data with only these areas' procedures (and the navigator derived for them): an
        author's quick preview of their own area, after every file has passed the same checks."""
        from dataclasses import replace

        from navigator.derive import derive_flow

        unknown = sorted(area_ids - {a["id"] for a in self.areas})
        if unknown:
            raise LoadError([Problem("procedures/areas.yaml", 1, 1, "", f"no area '{unknown[0]}' to preview",
                                     "use an id from procedures/areas.yaml, e.g. " + self.areas[0]["id"])])
        procedures = [p for p in self.procedures if p["area"] in area_ids]
        flow = derive_flow(self.wording, procedures, self.areas) if self.wording and procedures else None
        return replace(self, procedures=procedures, flow=flow,
                       files={k: v for k, v in self.files.items() if k in {p["id"] for p in procedures}})

    def procedure(self, pid: str) -> dict:
        return next(p for p in self.procedures if p["id"] == pid)

    def to_json(self) -> dict:
        """The browser's data: plain JSON the rule core reads with the json module. Each procedure
        carries its change history under "history" when the plugin has read it."""
        procedures = self.procedures if self.history is None else [
            {**p, "history": self.history.to_json(p["id"])} for p in self.procedures]
        return {"format": 1, "procedures": procedures, "areas": self.areas, "glossary": self.glossary,
                "flow": self.flow, "guidance": self.guidance}


def guidance_problems(doc: Document, editions: dict[str, set[str]]) -> list[Problem]:
    """Each edition of statutory guidance a procedure cites must be in procedures/guidance.yaml."""
    out = []
    for i, g in enumerate(doc.data.get("guidance_cited") or []):
        if g["guidance"] not in editions:
            out.append(doc.problem(("guidance_cited", i, "guidance"), f"no guidance '{g['guidance']}' in "
                                   "procedures/guidance.yaml",
                                   "use one of: " + (", ".join(sorted(editions)) or "(none yet)")
                                   + ", or add it there with its editions and where each was found"))
        elif g["edition"] not in editions[g["guidance"]]:
            out.append(doc.problem(("guidance_cited", i, "edition"), f"procedures/guidance.yaml has no "
                                   f"{g['edition']} edition of '{g['guidance']}'",
                                   "add the edition there with the page it was found on, or correct the year: "
                                   + ", ".join(sorted(editions[g["guidance"]]))))
    return out


def source_problems(docs: list[Document], root: Path, sources: Path | None = None) -> list[Problem]:
    """Every quote checked against its source text, and every timescale's amount, text and quote
    against each other (generator/sources.py, generator/agreement.py). A missing sources folder is
    one line: a warning, or an error where CI=true (CI has the sources)."""
    from .agreement import timescale_problems
    from .sources import in_ci, quote_problems, sources_dir

    out: list[Problem] = []
    for doc in docs:
        out.extend(timescale_problems(doc))
    folder = Path(sources) if sources else sources_dir(root)
    if not folder.is_dir():
        out.append(Problem(str(folder), 0, 0, "", "the sources folder is not there, so no quote was checked "
                           "against its source document",
                           "put the source texts there, or set HANDBOOK_SOURCES to the folder that holds them",
                           "error" if in_ci() else "warning"))
        return out
    for doc in docs:
        out.extend(quote_problems(doc, folder))
    return out


# A file's schema problems follow from its bytes and the name it is reported under: one process (the
# test suite, `mkdocs serve` rebuilding) that loads the same unchanged files again skips the validation,
# most of a load's time. Problems are frozen; the list is copied out.
_SCHEMA_MEMO: dict[tuple[str, str, str], tuple[Problem, ...]] = {}


def checked_against_schema(doc: Document, schema_name: str, path: Path) -> list[Problem]:
    try:
        key = (schema_name, doc.file, hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
        return schema_problems(doc, load_schema(schema_name))
    if key not in _SCHEMA_MEMO:
        if len(_SCHEMA_MEMO) > 4096:
            _SCHEMA_MEMO.clear()
        _SCHEMA_MEMO[key] = tuple(schema_problems(doc, load_schema(schema_name)))
    return list(_SCHEMA_MEMO[key])


def load_bundle(root: Path = ROOT, today: date | None = None, sources: Path | None = None) -> Bundle:
    """Load procedures/, raising LoadError listing every problem in every file.

    `sources`: the folder of source texts (default $HANDBOOK_SOURCES, else ../shared/sources beside root)."""
    root = Path(root)
    pdir = root / "procedures"
    today = today or date.today()
    problems: list[Problem] = []

    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)

    parsed: list[Document] = []   # procedure files that are YAML, valid or not: their quotes are checked too

    def read(p: Path, schema_name: str) -> Document | None:
        try:
            doc = read_yaml(p, rel(p))
        except LoadError as exc:
            problems.extend(exc.problems)
            return None
        if schema_name == "procedure.schema.json":
            parsed.append(doc)
        found = checked_against_schema(doc, schema_name, p)
        problems.extend(found)
        return None if found else doc

    areas_doc = read(pdir / "areas.yaml", "areas.schema.json")
    glossary_doc = read(pdir / "glossary.yaml", "glossary.schema.json")
    areas = areas_doc.data["areas"] if areas_doc else []
    glossary = glossary_doc.data["terms"] if glossary_doc else []
    guidance_doc = read(pdir / "guidance.yaml", "guidance.schema.json") if (pdir / "guidance.yaml").exists() else None
    guidance = guidance_doc.data["guidance"] if guidance_doc else []
    for doc, key, what in ((areas_doc, "areas", "area"), (glossary_doc, "terms", "term"),
                           (guidance_doc, "guidance", "guidance")):
        if doc:
            problems.extend(_dupes(doc, doc.data[key], (key,), what)[1])

    docs = []
    for path in sorted(p for p in pdir.rglob("*.yaml") if p.parent != pdir and "schema" not in p.parts):  # noqa: E501
        doc = read(path, "procedure.schema.json")
        if doc is None:
            continue
        if path.stem != doc.data["id"]:
            problems.append(doc.problem(("id",), f"id '{doc.data['id']}' does not match the file name '{path.name}'",
                                        f"rename the file to {doc.data['id']}.yaml or change the id"))
        docs.append(doc)
    ids: dict[str, str] = {}
    for doc in docs:
        pid = doc.data["id"]
        if pid in ids:
            problems.append(doc.problem(("id",), f"procedure id '{pid}' is already used by {ids[pid]}",
                                        "every procedure needs its own id"))
        ids[pid] = doc.file
    area_ids = {a["id"] for a in areas}
    term_ids = {t["id"] for t in glossary}
    warnings: list[Problem] = []
    editions = {g["id"]: {e["edition"] for e in g["editions"]} for g in guidance}
    for doc in docs:
        problems.extend(reference_problems(doc, area_ids, term_ids, set(ids)))
        problems.extend(guidance_problems(doc, editions))
    for found in source_problems(parsed, root, sources):
        (problems if found.severity == "error" else warnings).append(found)
    flow = None
    if (pdir / "navigator.yaml").exists():
        flow_doc = read(pdir / "navigator.yaml", "navigator.schema.json")
        if flow_doc is not None and not problems:
            from navigator.derive import DeriveError, derive_flow
            from navigator.flow import check_flow

            try:
                flow = derive_flow(flow_doc.data, [d.data for d in docs], areas)
            except DeriveError as exc:
                problems.append(flow_doc.problem((), f"navigator: {exc}", "check that area's procedure files"))
            else:
                problems.extend(flow_doc.problem((), f"navigator: {msg}", "")
                                for msg in check_flow(flow, [d.data for d in docs]))
    if problems:
        raise LoadError(problems, warnings)
    from .agreement import copy_warnings, note_warnings

    for doc in docs:
        warnings.extend(consistency_warnings(doc, today))
        warnings.extend(note_warnings(doc))
    warnings.extend(copy_warnings(docs, areas))
    return Bundle([d.data for d in docs], areas, glossary, sorted(warnings), {d.data["id"]: d.file for d in docs},
                  flow, wording=flow_doc.data if flow is not None else None, guidance=guidance)


def main(argv=None) -> int:
    """python -m generator.loader [ROOT]: the author's check (python -m generator.check)."""
    from .check import main as check_main

    return check_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
