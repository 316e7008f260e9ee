"""The site's search index sized for scale: what practitioners search for, in few words per entry.

Material's search plugin indexes every page and section with all its text, and its worker (Material
9.8.1) builds a lunr index from all of it in the reader's browser when search is first opened, in
time that grows with the entries and the words indexed (it takes no prebuilt index: docs/arch/0008).
With every section's full text, each procedure added about 40 KB to the index, and the first result
took 6 s at 100 procedures and 11 s at 300. So write() keeps the pages and headings Material found
and rewrites what they say:

* A procedure's page (procedures/<id>/) says, from the procedure's data: on its page entry the area,
  any immediate-risk rule, the summary and who it is for; on each pathway its stages by name, the
  contacts they give, who starts it and its summary; on When to use this its situations; on Rules,
  Forms and Contacts the names of each. Each entry's text is at most SHORT characters, or BOUND where
  it names stages or contacts, and a stage or contact whose name does not fit gets an entry of its
  own (its anchor on the page), so every stage and contact is found by its name. The page's other
  sections are left out (SECTIONS_LEFT_OUT says why, for each).
* The generated pages that list the procedures again (LISTING_PAGES: the comparison, the situations,
  the procedures by area, the deadline calculator) keep their own headings (a situation, an area's
  name) with the first SHORT characters of their text; a section about one procedure
  (`compare/#<id>`, `situations/#<situation>--<id>`) is left out: it repeats that procedure's page.
* The glossary and the hand-written pages are kept whole: they do not grow with the procedures.
* What's new (the change history, newest first) is left out; the navigator's per-node and embed
  pages leave themselves out with `search: exclude`.

The handbook plugin's on_post_build calls write() after the search plugin has written the index.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from navigator.names import stage_label


INDEX = Path("search") / "search_index.json"
BOUND = 400
"""Most characters of text (as read, before HTML escaping) in an entry of a generated page: a
pathway's stages by name, or a procedure's contacts."""
SHORT = 200
"""Most characters of text in the other entries of a generated page: the first words of its text."""
SKIPPED_PAGES = ("whats-new/",)
"""Pages (by location prefix) left out of the index: the change history, newest first."""
SECTIONS_LEFT_OUT = {
    "what-changed": "its change history, which grows with every edit and answers no practitioner's question",
    "source-notes": "where its text came from: gaps and readings of the source, shown on the page",
    "references": "the documents it relies on, which name files and publishers, not what to do",
    "principles": "general statements whose words repeat the pathways'",
    "schedules": "tables of review dates, found through the pathways and the page",
    "levels-of-need": "names of levels the glossary and the situations carry",
    "criteria": "lists whose words repeat the situations and the pathways",
    "roles": "role names the pathways (who starts, who it goes to) and the glossary carry",
    "guidance-cited": "statutory guidance, named in the glossary",
    "related": "other procedures, each found on its own page",
}
"""Sections of a procedure page (by anchor; criteria-<id> with criteria) left out of the index, and why."""
LISTING_PAGES = ("compare/", "situations/", "procedures/", "navigator/")
"""Generated pages that list the procedures again: bounded text, no per-procedure sections."""


def keep(location: str) -> bool:
    """False for an entry of a page left out (What's new); sections are chosen by ProcedureText."""
    return not location.partition("#")[0].startswith(SKIPPED_PAGES)


def plain(markup: str) -> str:
    """Material's entry text (HTML with its kept tags) as plain words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def bounded(parts, limit: int = BOUND) -> str:
    """Plain-text parts as one escaped text of at most `limit` characters (as read): whole parts
    while they fit, then the next cut at a word with an ellipsis."""
    out = ""
    for part in parts:
        part = " ".join(str(part).split())
        if not part:
            continue
        joined = f"{out} {part}" if out else part
        if len(joined) <= limit:
            out = joined
            continue
        room = limit - len(out) - (2 if out else 1)   # the space before, the ellipsis after
        cut = part[:room + 1].rsplit(" ", 1)[0] if room > 0 else ""
        if cut and len(cut) <= room:
            out = f"{out} {cut}…" if out else f"{cut}…"
        break
    return html.escape(out, quote=False)


def sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if not text or text[-1] in ".!?:;…" else text + "."


def listed(label: str, names) -> str:
    names = [n for n in dict.fromkeys(names) if n]
    return sentence(f"{label}: " + "; ".join(names)) if names else ""


def stage_title(stage: dict) -> str:
    """The stage's heading as the procedure page shows it."""
    return stage_label(stage) + (" (optional)" if stage.get("optional") else "")


class ProcedureText:
    """What one procedure's page says in the index, written from the procedure's data."""

    def __init__(self, proc: dict, area: dict | None):
        self.p = proc
        self.area = area or {}
        self.roles = {r["id"]: r["name"] for r in proc.get("roles") or []}
        self.contacts = {c["id"]: c for c in proc.get("contacts") or []}
        self.pathways = {pw["id"]: pw for pw in proc["pathways"]}

    def role_names(self, ids) -> list[str]:
        return [self.roles.get(r, r) for r in ids or []]

    def entries(self, doc: dict) -> list[dict]:
        """The entries for one of Material's entries of the page (none for a section left out)."""
        anchor = doc["location"].partition("#")[2]
        p = self.p
        if anchor in self.pathways:
            return self.pathway(doc, self.pathways[anchor])
        if anchor in SECTIONS_LEFT_OUT or anchor.startswith("criteria-"):
            return []
        if not anchor:
            urgent = [f"Immediate risk: {r['title']}." for r in p.get("rules") or [] if r.get("kind") == "immediate-risk"]
            return [{**doc, "text": bounded([sentence(self.area.get("name", p["area"])), *urgent, p.get("summary", ""),
                                             listed("For", p.get("audience") or [])], SHORT)}]
        if anchor == "contacts":
            return self.named(doc, "Contacts", [(c["label"], f"contact-{c['id']}", c["label"], [c.get("phone", ""), c.get("email", "")])
                                                for c in p.get("contacts") or []])
        lists = {
            "when-to-use": lambda: [sentence(s["text"]) for s in p.get("situations") or []],
            "rules": lambda: [listed("Rules", [r["title"] for r in p.get("rules") or []])],
            "forms": lambda: [listed("Forms", [f["title"] for f in p.get("forms") or []])],
        }
        if anchor in lists:
            return [{**doc, "text": bounded(lists[anchor](), SHORT)}]
        return [{**doc, "text": bounded([plain(doc.get("text", ""))], SHORT)}]

    def named(self, doc: dict, label: str, items: list[tuple], also: str = "", tail=()) -> list[dict]:
        """The entry naming each item (name, anchor, heading, words) in full, "label: a; b; c.", and
        `also` (more names), in up to BOUND characters, then `tail` up to SHORT characters in all; an
        item whose name does not fit gets an entry of its own: its anchor on the page, its heading as
        the title, its words."""
        page = doc["location"].partition("#")[0]

        def names(chosen):
            return " ".join(x for x in (listed(label, [i[0] for i in chosen]), also) if x)

        fitted, spilled = [], []
        for item in items:
            (fitted if len(names(fitted + [item])) <= BOUND else spilled).append(item)
        head = names(fitted)
        out = [{**doc, "text": bounded([head, *tail], max(len(head), SHORT))}]
        for _, anchor, heading, words in spilled:
            out.append({"location": f"{page}#{anchor}", "title": html.escape(heading, quote=False),
                        "text": bounded(words, SHORT)})
        return out

    def pathway(self, doc: dict, pw: dict) -> list[dict]:
        """The pathway's entry: its stages by name and who starts it, the contacts its stages give, its
        summary."""
        stages = pw.get("stages") or []
        contacts = [self.contacts[c]["label"] for st in stages for c in st.get("contacts") or [] if c in self.contacts]
        return self.named(doc, "Stages", [(st["title"], f"{pw['id']}--{st['id']}", stage_title(st),
                                            [listed("Goes to", self.role_names(st.get("goes_to")))]) for st in stages],
                          also=listed("Started by", self.role_names(pw.get("raised_by"))),
                          tail=[listed("Contact", contacts), pw.get("summary", "")])


def build(index: dict, bundle) -> dict:
    """The sized index: Material's index (its config, and its docs in page order) rewritten."""
    procedures = {p["id"]: p for p in bundle.procedures}
    areas = {a["id"]: a for a in bundle.areas}
    ids = set(procedures)
    texts: dict[str, ProcedureText] = {}
    docs = []
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if not keep(location):
            continue
        page, _, anchor = location.partition("#")
        pid = page[len("procedures/"):].rstrip("/") if page.startswith("procedures/") else ""
        if pid in procedures:
            if pid not in texts:
                texts[pid] = ProcedureText(procedures[pid], areas.get(procedures[pid]["area"]))
            docs.extend(texts[pid].entries(doc))
        elif page in LISTING_PAGES:
            if anchor and (anchor in ids or anchor.rpartition("--")[2] in ids):
                continue
            docs.append({**doc, "text": bounded([plain(doc.get("text", ""))], SHORT)})
        else:
            docs.append(doc)
    return {**index, "docs": docs}


def write(site_dir: Path, bundle) -> dict:
    """Rewrite the built site's search index (build()); returns the entries before and after."""
    path = Path(site_dir) / INDEX
    if not path.is_file():
        return {"before": 0, "after": 0}
    index = json.loads(path.read_text(encoding="utf-8"))
    sized = build(index, bundle)
    path.write_text(json.dumps(sized, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {"before": len(index.get("docs", [])), "after": len(sized["docs"])}
