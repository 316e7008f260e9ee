"""Turn the validated procedure data into the handbook's Markdown pages (with HTML blocks).

Wording lives in the Jinja2 templates in generator/templates/; this module only prepares values.
Every string from a procedure file is escaped for HTML, and for Markdown where it lands in a
heading, so that text in the data can never become markup or script on the page.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from navigator.names import pathway_name
from navigator.timescales import Timescale

from . import flowchart

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
SITUATION_HEADINGS = {  # schema order; the plain-English heading for each situation category
    "threshold": "Disagreement about a threshold decision",
    "referral": "A referral, or the response to one",
    "early-help": "Early help: whether to offer it, and how it is going",
    "child-in-need-plan": "Progress of a child in need plan",
    "child-protection-plan": "Progress of a child protection plan",
    "conference": "A conference decision",
    "looked-after-care-plan": "A looked after child's care plan",
    "professional-practice": "A concern about a professional's practice",
    "within-agency": "Disagreement inside your own agency",
    "immediate-risk": "A child at immediate risk",
    "other": "Other situations",
}
GLOSSARY_KIND_WORDS = {"role": "Role", "term": "Term", "meeting": "Meeting", "document": "Document",
                       "organisation": "Organisation"}
NOTE_WORDS = {"gap": "Missing from the source", "contradiction": "Contradiction in the source",
              "reading": "How the handbook reads the source", "typo": "Error in the source",
              "missing-reference": "Refers to a document not included", "outdated": "Out of date"}


def md(text) -> Markup:
    """Escape for a Markdown heading or line: HTML first, then Markdown's own characters.

    Only &, < and > are written as entities: quotes are plain text outside attributes, and an
    entity in a heading would be shown literally in the table of contents."""
    html_safe = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", html_safe))


def partial_date(text: str | None) -> str:
    if not text:
        return ""
    parts = str(text).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def front_matter(text) -> Markup:
    """A YAML front-matter string: HTML-escaped (the theme prints page titles and descriptions
    unescaped) and written as a JSON string, which is valid YAML whatever the text holds."""
    return Markup(json.dumps(str(escape(" ".join(str(text).split())))))


def timescale_words(ts: dict | None) -> str:
    if not ts:
        return "no timescale stated"
    return Timescale.from_dict(ts).words()


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True,
                             comment_start_string="{#-#", comment_end_string="#-#}")  # "{#id}" is Markdown here
    env.filters.update(md=md, partial_date=partial_date, timescale=timescale_words, front=front_matter,
                       pathway_name=pathway_name)
    env.globals.update(SCOPE_WORDS=SCOPE_WORDS, NOTE_WORDS=NOTE_WORDS, SITUATION_HEADINGS=SITUATION_HEADINGS,
                       GLOSSARY_KIND_WORDS=GLOSSARY_KIND_WORDS, flowchart=flowchart)
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


def _short(title: str) -> str:
    """A pathway title without its trailing bracket, for table cells."""
    return re.sub(r"\s*\([^()]*\)$", "", title) or title


def pathway_summary(pw: dict) -> dict:
    """Facts for the comparison page: stage count, working-day total, bypass and cap."""
    stages = pw.get("stages") or []
    wd = [st["timescale"]["amount"] for st in stages
          if (st.get("timescale") or {}).get("unit") == "working_days"]
    bypass = pw.get("bypass")
    return {
        "id": pw["id"], "title": pathway_name(pw), "short": _short(pathway_name(pw)), "stages": len(stages),
        "wd_count": len(wd), "wd_total": sum(wd), "wd_all": bool(stages) and len(wd) == len(stages),
        "bypass": None if bypass is None else bypass["allowed"],
        "cap": pw["total_cap"]["timescale"] if pw.get("total_cap") else None,
        # The stages' own reading where a working-day total rests on one (Bexley's "days").
        "reading": next((st["timescale"]["reading"] for st in stages
                         if (st.get("timescale") or {}).get("unit") == "working_days"
                         and st["timescale"].get("reading")), None),
    }


def first_step(proc: dict):
    """(pathway, stage): the first stage of the first pathway that keeps its stages, or None."""
    for pw in proc["pathways"]:
        for st in pw.get("stages") or []:
            if (st.get("timescale") or {}).get("unit") != "at_any_time":
                return pw, st
    return None


_BEFORE_PATHWAYS = (("situations", "when-to-use", "When to use this"), ("principles", "principles", "Principles"))
_AFTER_PATHWAYS = (("schedules", "schedules", "Schedules"), ("rules", "rules", "Rules and meetings"),
                   ("levels_of_need", "levels-of-need", "Levels of need"), ("criteria", "criteria", "Criteria"),
                   ("contacts", "contacts", "Contacts"), ("forms", "forms", "Forms"),
                   ("roles", "roles", "Roles the document describes"),
                   ("guidance_cited", "guidance-cited", "Statutory guidance cited"),
                   ("notes", "source-notes", "Source notes"))


def jump_list(proc: dict) -> list[tuple[str, str]]:
    """(anchor, label) for each section of the procedure page, in page order."""
    return ([(anchor, label) for key, anchor, label in _BEFORE_PATHWAYS if proc.get(key)]
            + [(pw["id"], _short(pathway_name(pw))) for pw in proc["pathways"]]
            + [(anchor, label) for key, anchor, label in _AFTER_PATHWAYS
               if proc.get(key) and (key != "roles" or any("text" in r for r in proc["roles"]))])


def guidance_cited(proc: dict, guidance: list[dict]) -> list[dict]:
    """Each edition of statutory guidance the procedure cites, with the handbook's current edition."""
    by_id = {g["id"]: g for g in guidance}
    rows = []
    for cited in proc.get("guidance_cited") or []:
        g = by_id.get(cited["guidance"], {})
        current = next((e for e in g.get("editions", []) if e.get("current")), None)
        publisher = g.get("publisher", "")
        rows.append({**cited, "title": g.get("title", cited["guidance"]), "current": current,
                     "publisher_short": re.sub(r".*\((\w+)\).*", r"\1", publisher) if "(" in publisher else publisher})
    return rows


def procedure_context(proc: dict, bundle, edit_base: str, today: date, charts: dict | None = None) -> dict:
    roles = _index(proc.get("roles"))
    contacts = _index(proc.get("contacts"))
    notes_for: dict[str, list] = {}
    for note in proc.get("notes") or []:
        for target in note.get("applies_to") or []:
            notes_for.setdefault(target, []).append(note)
    area = next(a for a in bundle.areas if a["id"] == proc["area"])
    yaml_path = bundle.files[proc["id"]]
    pathways_for: dict[str, list] = {}
    for pw in proc["pathways"]:
        for sid in pw.get("situations") or []:
            pathways_for.setdefault(sid, []).append(pw)
    guidance_rows = guidance_cited(proc, getattr(bundle, "guidance", None) or [])
    return {
        "urgent": [r for r in proc.get("rules") or [] if r.get("kind") == "immediate-risk"],
        "first_step": first_step(proc), "jump": jump_list(proc),
        "guidance_rows": guidance_rows,
        "superseded": [g for g in guidance_rows if g["current"] and g["current"]["edition"] != g["edition"]],
        "p": proc, "area": area, "roles": roles, "contacts": contacts, "notes_for": notes_for,
        "forms": _index(proc.get("forms")), "situations": _index(proc.get("situations")),
        "pathways_for": pathways_for,
        "review_status": review_status(proc, today),
        "edit_url": (edit_base.rstrip("/") + "/" + yaml_path) if edit_base else None,
        "yaml_path": yaml_path,
        "titles": {p["id"]: p.get("short_title", p["title"]) for p in bundle.procedures},
        "charts": {pw["id"]: flowchart.figure_html(pw, (charts or {}).get((proc["id"], pw["id"]), ""))
                   for pw in proc["pathways"]},
        "history": bundle.history,   # generator.history.History, or None: the page says it is not known
    }


def _sorted_procedures(bundle) -> list[dict]:
    order = {a["id"]: i for i, a in enumerate(bundle.areas)}
    return sorted(bundle.procedures, key=lambda p: (order.get(p["area"], len(order)), p["id"]))


def glossary_context(bundle) -> dict:
    by_file = {p["source"]["file"]: p for p in bundle.procedures}
    terms = sorted(bundle.glossary, key=lambda t: t["term"].lower())
    letters: dict[str, list] = {}
    for t in terms:
        first = t["term"][0].upper()
        grouped: dict[str, dict] = {}     # source file -> {"proc", "file", "sections"}, in first-cited order
        for src in t["sources"]:
            g = grouped.setdefault(src["file"], {"proc": by_file.get(src["file"]), "file": src["file"], "sections": []})
            g["sections"].append(src["section"])
        letters.setdefault(first if first.isalpha() else "#", []).append({"t": t, "sources": list(grouped.values())})
    return {"letters": letters}


def situations_context(bundle) -> dict:
    areas = _index(bundle.areas)
    groups: dict[str, list] = {c: [] for c in SITUATION_HEADINGS}
    for proc in _sorted_procedures(bundle):
        pathways_for: dict[str, list] = {}
        for pw in proc["pathways"]:
            for sid in pw.get("situations") or []:
                pathways_for.setdefault(sid, []).append(pw)
        by_cat: dict[str, list] = {}
        for s in proc.get("situations") or []:
            by_cat.setdefault(s["category"], []).append({"s": s, "pathways": pathways_for.get(s["id"], []),
                                                         "href": f"#situation-{s['id']}", "text": s["text"]})
        # A rule for immediate risk is listed under immediate risk even where the document files the
        # situation it answers under another heading (Liverpool's telephone rule, example 4).
        listed = {item["s"]["id"] for item in by_cat.get("immediate-risk", [])}
        for r in proc.get("rules") or []:
            if r.get("kind") == "immediate-risk" and not listed & set(r.get("situations") or []):
                by_cat.setdefault("immediate-risk", []).append(
                    {"s": {"id": r["id"]}, "pathways": [], "href": f"#rule-{r['id']}", "text": r["title"]})
        for cat, items in by_cat.items():
            groups.setdefault(cat, []).append({"p": proc, "area": areas.get(proc["area"]), "items": items})
    return {"groups": {c: g for c, g in groups.items() if g}}


def compare_context(bundle) -> dict:
    areas = _index(bundle.areas)
    rows = []
    for proc in _sorted_procedures(bundle):
        rows.append({"p": proc, "area": areas.get(proc["area"]), "roles": _index(proc.get("roles")),
                     "pathways": [pathway_summary(pw) for pw in proc["pathways"]]})
    return {"rows": rows}


def pages(bundle, edit_base: str = "", today: date | None = None, charts: dict | None = None) -> dict[str, str]:
    """Every generated page, by its path under the docs directory.

    charts: each pathway's flowchart SVG by (procedure id, pathway id), from flowchart.draw_bundle;
    drawn here when not given (raises flowchart.FlowchartError if it cannot be)."""
    today = today or date.today()
    if charts is None:
        charts = flowchart.draw_bundle(bundle)
    env = environment()
    out = {}
    for proc in bundle.procedures:
        ctx = procedure_context(proc, bundle, edit_base, today, charts)
        ctx.update(embed_path=f"embed/procedures/{proc['id']}/", embed_id=proc["id"], embed_title=proc["title"])
        out[f"procedures/{proc['id']}.md"] = env.get_template("procedure.md.j2").render(**ctx, root="../../")
        out[f"embed/procedures/{proc['id']}.md"] = env.get_template("procedure.md.j2").render(
            **ctx, root="../../../", embed=True)
    by_area = {}
    for proc in bundle.procedures:
        by_area.setdefault(proc["area"], []).append(proc)
    out["procedures/index.md"] = env.get_template("procedures_index.md.j2").render(
        areas=bundle.areas, by_area=by_area)
    nav_ctx = dict(procedures=bundle.procedures, timescale=timescale_words, embed_path="embed/navigator/",
                   embed_id="navigator", embed_title="Escalation deadlines navigator")
    out["navigator/index.md"] = env.get_template("navigator.md.j2").render(**nav_ctx, root="../")
    out["embed/navigator/index.md"] = env.get_template("navigator.md.j2").render(**nav_ctx, root="../../", embed=True)
    out["glossary/index.md"] = env.get_template("glossary.md.j2").render(**glossary_context(bundle))
    out["situations/index.md"] = env.get_template("situations.md.j2").render(**situations_context(bundle))
    cmp_ctx = dict(compare_context(bundle), embed_path="embed/compare/", embed_id="compare",
                   embed_title="Escalation procedures compared")
    out["compare/index.md"] = env.get_template("compare.md.j2").render(**cmp_ctx, root="../")
    out["embed/compare/index.md"] = env.get_template("compare.md.j2").render(**cmp_ctx, root="../../", embed=True)
    out["maintainers/index.md"] = env.get_template("maintainers.md.j2").render(warnings=bundle.warnings)
    return out
