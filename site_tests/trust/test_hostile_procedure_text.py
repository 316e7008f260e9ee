"""Every free-text field of every procedure, area and glossary entry can hold HTML, script or
Markdown and it still renders as text, on every page the generator writes, glossary links included.
site_tests/handbook/test_flowchart_and_hostile_text.py checks chosen fields (titles, stages,
situations, the flowchart SVG); this poisons all of them at once, and the contacts' email and
url fields with values the schema accepts."""
from __future__ import annotations

import copy
import html
import re
from datetime import date
from html.parser import HTMLParser

import markdown

from generator import render
from generator.glossary_links import GlossaryLinker
from generator.loader import load_bundle

HOSTILE = ('<script>alert(1)</script> **bold** "quotes" ]] #x; [a](javascript:alert(2)) `c` _i_ {#id} '
           '<b>b</b> &amp; <img src=x onerror=alert(3)> end')
# Fields that are identifiers, dates or fixed vocabularies, not text a person wrote.
NOT_TEXT = {"id", "file", "unit", "kind", "type", "region", "area", "pathway", "stage", "hours", "nation",
            "published", "last_verified", "review_due"}
EMAIL = 'a"onmouseover="alert(4)"<b>@x.y'          # matches the schema's pattern: no space, one @
URL = 'https://x.y/"><script>alert(5)</script>'    # matches ^https?://


def poison(node, key=None) -> int:
    """Append HOSTILE to every string holding a space (prose, not ids or dates); returns how many."""
    count = 0
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for k, value in list(items):
        field = k if isinstance(node, dict) else key
        if isinstance(value, str) and " " in value and field not in NOT_TEXT:
            node[k] = f"{value} {HOSTILE}"
            count += 1
        else:
            count += poison(value, field)
    return count


class Markup(HTMLParser):
    """Everything in a rendered page that only markup, not text, could have made."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.open = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    ("javascript:", "vbscript:", "data:")):
                self.found.append(f"<{tag} {name}={value[:30]}>")
            if (name, value) in (("id", "id"), ("href", "b")):
                self.found.append(f"{name}={value}")
        if tag in ("img", "iframe", "object", "embed", "b"):
            self.found.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag):
        while tag in self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        where = self.open[-1] if self.open else ""
        if where == "script" and "alert" in data or (where, data) in (("strong", "bold"), ("em", "i"), ("code", "c")):
            self.found.append(f"<{where}>{data[:20]}")


def rendered(page: str) -> str:
    body = page.split("---\n", 2)[2] if page.startswith("---\n") else page
    return markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition", "toc"])


def test_every_free_text_field_renders_as_text_on_every_generated_page():
    bundle = copy.deepcopy(load_bundle())
    poisoned = sum(poison(item) for group in (bundle.procedures, bundle.areas, bundle.glossary) for item in group)
    contacts = [c for p in bundle.procedures for c in p.get("contacts", [])]
    for contact in contacts:
        contact.update({k: v for k, v in (("email", EMAIL), ("url", URL)) if k in contact})
    assert poisoned > 1000 and any("email" in c for c in contacts) and any("url" in c for c in contacts)

    pages = render.pages(bundle, today=date(2026, 1, 1))
    linker = GlossaryLinker(bundle.glossary, "glossary/")
    shown = 0
    for uri, page in pages.items():
        out = rendered(page)
        if uri != "glossary/index.md":
            out = linker.link(out, uri.replace("index.md", "").replace(".md", "/"))
        checker = Markup()
        checker.feed(out)
        assert checker.found == [], (uri, sorted(set(checker.found)))
        shown += html.unescape(re.sub(r"<[^>]+>", "", out)).count(HOSTILE)
    assert shown > 1000   # the text is there, as text


def test_a_hostile_email_and_url_stay_inside_their_attribute_and_text():
    bundle = copy.deepcopy(load_bundle())
    for field, value in (("email", EMAIL), ("url", URL)):
        proc = next(p for p in bundle.procedures if any(field in c for c in p.get("contacts", [])))
        for contact in proc["contacts"]:
            if field in contact:
                contact[field] = value
        out = rendered(render.pages(bundle, today=date(2026, 1, 1))[f"procedures/{proc['id']}.md"])
        checker = Markup()
        checker.feed(out)
        assert checker.found == [] and "<script>alert" not in out, field
        assert value in html.unescape(re.sub(r"<[^>]+>", "", out)), field        # shown as text
        if field == "email":
            hrefs = re.findall(r'href="(mailto:[^"]*)"', out)
            assert "mailto:" + value in [html.unescape(h) for h in hrefs]      # whole, inside the href
