"""The site-wide "What's new" page and its Atom feed, from generator.history.

One entry per change (a commit's changes to one procedure), newest first, each linking to that
change on the procedure's page (procedures/<id>/#change-<commit>). The feed is at a stable URL,
whats-new/feed.xml, and every page's head links it for autodiscovery (generator/theme/main.html).
"""
from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from .history import History

PAGE = "whats-new/index.md"
FEED = "whats-new/feed.xml"
# Material's script fetches sitemap.xml beside the target of every <link rel="alternate"> in a page's
# head (it maps language versions), so each page would ask for whats-new/sitemap.xml and get a 404.
# An empty, valid sitemap there answers it in a few bytes; no robots.txt or page points to it.
SITEMAP = "whats-new/sitemap.xml"
EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
FEED_TITLE = "What's new in the escalation handbook"
ATOM = "http://www.w3.org/2005/Atom"
_NS = uuid.UUID("5b0f6f0e-6c1e-4f55-9d2a-0e7d3d7f1a17")   # fixed: entry ids stay the same from build to build


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """Text as XML 1.0 allows it: a control character in a commit message or the data is dropped."""
    return _NOT_XML.sub("", text)


def entries(bundle, history: History | None) -> list[dict]:
    """Every change to every procedure, newest first."""
    if history is None:
        return []
    out = []
    for proc in bundle.procedures:
        for change in history.of(proc["id"]):
            out.append({"p": proc, "title": proc.get("short_title", proc["title"]), "c": change,
                        "href": f"procedures/{proc['id']}/#{change.anchor}"})
    out.sort(key=lambda e: (e["c"].date, e["p"]["id"]), reverse=True)
    return out


def page(env, bundle, history: History | None) -> str:
    """whats-new/index.md: the changes grouped by day."""
    days: list[tuple[str, list[dict]]] = []
    for e in entries(bundle, history):
        if not days or days[-1][0] != e["c"].day:
            days.append((e["c"].day, []))
        days[-1][1].append(e)
    empty = ("" if days else
            history.sentence("") if history is not None and not history.available
            else "No procedure in the handbook has a recorded change yet.")
    return env.get_template("whats_new.md.j2").render(days=days, empty=empty, feed="feed.xml", root="../")


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def feed(bundle, history: History | None, site_url: str | None = None, limit: int = 100) -> str:
    """The Atom feed (RFC 4287): feed id, title, updated, author and links; each entry's id (a fixed
    urn:uuid from the procedure and commit), title, updated, link and a plain-text summary.
    Links are relative to the feed unless the site's site_url is set."""
    base = (site_url.rstrip("/") + "/") if site_url else None

    def href(path: str) -> str:
        return base + path if base else "../" + path

    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = _clean(text)
        return el

    items = entries(bundle, history)[:limit]
    sub(root, "id", base + FEED if base else f"urn:uuid:{uuid.uuid5(_NS, 'feed')}")
    sub(root, "title", FEED_TITLE)
    sub(root, "subtitle", "Changes to the procedures in the handbook's data: what changed, when and why.")
    updated = _utc(items[0]["c"].date) if items else datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    sub(root, "updated", updated)
    sub(root, "link", rel="self", type="application/atom+xml", href=base + FEED if base else "feed.xml")
    sub(root, "link", rel="alternate", type="text/html", href=base + "whats-new/" if base else "./")
    author = sub(root, "author")
    sub(author, "name", "The escalation handbook")
    sub(root, "generator", "The escalation handbook (generator/whats_new.py)")
    for e in items:
        c = e["c"]
        entry = sub(root, "entry")
        sub(entry, "id", f"urn:uuid:{uuid.uuid5(_NS, e['p']['id'] + '/' + c.commit)}")
        first = c.changes[0] + (f" (and {len(c.changes) - 1} more)" if len(c.changes) > 1 else "")
        sub(entry, "title", f"{e['title']}: {first}")
        sub(entry, "updated", _utc(c.date))
        sub(entry, "published", _utc(c.date))
        sub(entry, "link", rel="alternate", type="text/html", href=href(e["href"]))
        sub(entry, "category", term=e["p"]["area"])
        sub(entry, "summary", "\n".join([*c.changes, f"Why: {c.why}"]), type="text")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
