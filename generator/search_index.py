"""The site's search index sized for scale: what practitioners search for, not the handbook's history.

Material's search plugin indexes every page and section. The procedure pages, their pathways,
stages, contacts and rules, the glossary, the situations and areas, and the hand-written pages
are what a practitioner looks for ("disagree", "conference", "IRO", a role, an area); the change
history (each procedure's "What changed" section and the What's new page) only grows with every
edit and answers no practitioner's question, nor do a procedure's source notes and references, and the navigator's per-node and embed pages are kept
out by their own `search: exclude`. trim() drops the history entries from the written index, once
the search plugin has written it (the handbook plugin's on_post_build runs after it).
"""
from __future__ import annotations

import json
from pathlib import Path

INDEX = Path("search") / "search_index.json"
SKIPPED_PAGES = ("whats-new/",)
"""Pages (by location prefix) left out of the index: the change history, newest first."""
SKIPPED_SECTIONS = ("what-changed", "source-notes", "references")
"""Sections of a procedure page left out: its change history, and where its text came from (the
source notes and the documents it relies on, which name files and publishers, not what to do)."""


def keep(location: str) -> bool:
    """True for an index entry (its location, e.g. "procedures/x/#what-changed") worth searching."""
    page, _, anchor = location.partition("#")
    if page.startswith(SKIPPED_PAGES):
        return False
    return not (page.startswith("procedures/") and anchor.startswith(SKIPPED_SECTIONS))


def trim(site_dir: Path) -> dict:
    """Rewrite the built site's search index without the skipped entries; returns the counts."""
    path = Path(site_dir) / INDEX
    if not path.is_file():
        return {"kept": 0, "dropped": 0}
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    kept = [doc for doc in docs if keep(doc.get("location", ""))]
    index["docs"] = kept
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {"kept": len(kept), "dropped": len(docs) - len(kept)}
