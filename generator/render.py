"""Turn the validated procedure data into the handbook's Markdown pages (with HTML blocks).

Wording lives in the Jinja2 templates in generator/templates/; this module only prepares values.
Every string from a procedure file is escaped for HTML, and for Markdown where it lands in a
heading, so that text in the data can never become markup or script on the page.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from navigator.timescales import Timescale

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~=^-])")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SCOPE_WORDS = {
    "children": "children", "children-in-need": "children in need",
    "children-on-cp-plans": "children subject to a child protection plan",
    "looked-after-children": "looked after children",
    "young-people-in-transition": "young people moving to adult services",
    "adults-with-care-and-support-needs": "adults with care and support needs",
    "carers": "carers", "early-help": "children and families receiving early help",
}
NOTE_WORDS = {"gap": "Missing from the source", "contradiction": "Contradiction in the source",
              "reading": "How the handbook reads the source", "typo": "Error in the source",
              "missing-reference": "Refers to a document not included", "outdated": "Out of date"}


def md(text) -> Markup:
    """Escape for a Markdown heading or line: HTML first, then Markdown's own characters."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(str(text)))))


def partial_date(text: str | None) -> str:
    if not text:
        return ""
    parts = str(text).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def timescale_words(ts: dict | None) -> str:
    if not ts:
        return "no timescale stated"
    return Timescale.from_dict(ts).words()


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True,
                             comment_start_string="{#-#", comment_end_string="#-#}")  # "{#id}" is Markdown here
    env.filters.update(md=md, partial_date=partial_date, timescale=timescale_words)
    env.globals.update(SCOPE_WORDS=SCOPE_WORDS, NOTE_WORDS=NOTE_WORDS)
    return env


def review_status(proc: dict, today: date) -> str:
    due = (proc.get("dates") or {}).get("review_due")
    if not due:
        return "The document gives no review date."
    parts = [int(x) for x in due.split("-")] + [12, 28]
    if date(parts[0], parts[1], min(parts[2] if len(due) > 7 else 28, 28)) < today:
        return f"Review was due {partial_date(due)}; no later version is in the handbook."
    return f"Next review due {partial_date(due)}."


def _index(items) -> dict:
    return {item["id"]: item for item in items or []}


def procedure_context(proc: dict, bundle, edit_base: str, today: date) -> dict:
    roles = _index(proc.get("roles"))
    contacts = _index(proc.get("contacts"))
    notes_for: dict[str, list] = {}
    for note in proc.get("notes") or []:
        for target in note.get("applies_to") or []:
            notes_for.setdefault(target, []).append(note)
    area = next(a for a in bundle.areas if a["id"] == proc["area"])
    yaml_path = bundle.files[proc["id"]]
    return {
        "p": proc, "area": area, "roles": roles, "contacts": contacts, "notes_for": notes_for,
        "forms": _index(proc.get("forms")), "situations": _index(proc.get("situations")),
        "review_status": review_status(proc, today),
        "edit_url": (edit_base.rstrip("/") + "/" + yaml_path) if edit_base else None,
        "yaml_path": yaml_path,
        "titles": {p["id"]: p.get("short_title", p["title"]) for p in bundle.procedures},
    }


def pages(bundle, edit_base: str = "", today: date | None = None) -> dict[str, str]:
    """Every generated page, by its path under the docs directory."""
    today = today or date.today()
    env = environment()
    out = {}
    for proc in bundle.procedures:
        ctx = procedure_context(proc, bundle, edit_base, today)
        out[f"procedures/{proc['id']}.md"] = env.get_template("procedure.md.j2").render(**ctx)
    by_area = {}
    for proc in bundle.procedures:
        by_area.setdefault(proc["area"], []).append(proc)
    out["procedures/index.md"] = env.get_template("procedures_index.md.j2").render(
        areas=bundle.areas, by_area=by_area)
    out["navigator/index.md"] = env.get_template("navigator.md.j2").render(
        procedures=bundle.procedures, timescale=timescale_words)
    return out
