"""Situations are named by what happened, the source's example number secondary: no option,
heading, caption, link or label a practitioner reads starts with "Example" (Liverpool's guidance
numbers its ten situations "Example 1" to "Example 10"). Rendered straight from the generator (the
handbook's pages and every static navigator page, no MkDocs, no browser), for every procedure."""
from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

import markdown
from markupsafe import escape
import pytest

from generator import flowchart, render
from generator.loader import load_bundle
from generator.navigator_pages import navigator_pages
from generator.sources import quote_in_source
from navigator.names import pathway_name

TODAY = date(2026, 11, 23)
BUNDLE = load_bundle()
PAGES = {**render.pages(BUNDLE, today=TODAY, charts={}), **navigator_pages(BUNDLE, TODAY)}
PATHWAYS = [(p, pw) for p in BUNDLE.procedures for pw in p.get("pathways", [])]
NUMBER_FIRST = re.compile(r"^\W*example\s*\d", re.I)
# What a reader reads as a name: headings, captions, choices, links, labels, table and list heads.
NAMED = {"h1", "h2", "h3", "h4", "h5", "h6", "caption", "option", "label", "a", "dt", "dd", "th", "legend",
         "summary", "figcaption", "title"}


class Names(HTMLParser):
    """The text of every NAMED element (nested text included) and every aria-label."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[list] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("aria-label"):
            self.found.append(("aria-label", a["aria-label"]))
        if tag in NAMED:
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                name, text = self.open.pop(i)
                self.found.append((name, " ".join(text.split())))
                break

    def handle_data(self, data):
        for entry in self.open:
            entry[1] += data


def names_on(text: str) -> list[tuple[str, str]]:
    front, body = (text.split("---\n", 2)[1:] if text.startswith("---\n") or "\n---\n" in text[:400]
                   else ("", text))
    title = re.search(r"^title: (.*)$", front, re.M)
    parser = Names()
    parser.feed(markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition", "toc", "tables"]))
    return ([("title", html.unescape(title.group(1).strip("'\"")))] if title else []) + parser.found


@pytest.mark.parametrize("uri", sorted(PAGES), ids=str)
def test_no_name_a_practitioner_reads_on_the_page_starts_with_the_example_number(uri):
    bad = [(tag, text) for tag, text in names_on(PAGES[uri]) if NUMBER_FIRST.match(text)]
    assert not bad, f"{uri}: named by the source's number, not by what happened: {bad[:3]}"


@pytest.mark.parametrize("proc, pw", PATHWAYS, ids=[f"{p['id']}--{pw['id']}" for p, pw in PATHWAYS])
def test_every_pathway_title_says_what_happened_and_the_example_number_follows_it(proc, pw):
    assert not NUMBER_FIRST.match(pw["title"]), "put the source's number in `example:`, the plain words in `title:`"
    assert not re.search(r"\bexample\s*\d", pw["title"], re.I)
    if pw.get("example") is not None:
        assert pathway_name(pw) == f"{pw['title']} (the guidance's example {pw['example']})"
    else:
        assert pathway_name(pw) == pw["title"]


@pytest.mark.parametrize("proc, pw", [(p, pw) for p, pw in PATHWAYS if pw.get("example") is not None],
                         ids=lambda v: v["id"])
def test_a_numbered_pathway_keeps_the_sources_own_heading_word_for_word_on_its_procedure_page(proc, pw):
    assert pw.get("source_title"), "a pathway with an `example:` number keeps the source's heading in `source_title:`"
    assert quote_in_source(pw["source_title"], proc["source"]["file"]) in (True, None)
    page = PAGES[f"procedures/{proc['id']}.md"]
    assert f"“{escape(pw['source_title'])}” (example {pw['example']})" in page


def test_the_navigator_options_and_route_labels_name_no_situation_by_its_number():
    labels = [o["label"] for q in BUNDLE.flow["questions"] for o in q.get("options", [])]
    assert labels and not [label for label in labels if NUMBER_FIRST.match(label) or re.search(r": Example \d", label)]


@pytest.mark.parametrize("proc, pw", PATHWAYS, ids=[f"{p['id']}--{pw['id']}" for p, pw in PATHWAYS])
def test_each_flowchart_is_titled_by_what_happened(proc, pw):
    chart = flowchart.chart(proc, pw)
    if chart is not None:
        assert chart.title == f"Flowchart of {flowchart.clean(pathway_name(pw))}"
        assert not NUMBER_FIRST.match(chart.title.removeprefix("Flowchart of "))
