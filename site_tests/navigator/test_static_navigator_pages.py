"""The navigator's static pages, rendered straight from generator.navigator_pages (no MkDocs, no
browser): one page per question reached and per outcome, every link leading to a page that
exists, the answers so far with a Change link each, and text from the data kept as text."""
from __future__ import annotations

import copy
import html
import json
import posixpath
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator import render
from generator.loader import load_bundle
from generator.navigator_pages import BASE, navigator_pages
from navigator.flow import enumerate_paths

TODAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[2]
BUNDLE = load_bundle()
PAGES = navigator_pages(BUNDLE, TODAY)
FLOW = BUNDLE.flow
QUESTIONS = {q["id"]: q for q in FLOW["questions"]}
HOSTILE = '<script>alert(1)</script> **bold** "quotes" \'apos\' [a](b) `c` _i_ {#id} <b>b</b> &amp; end'


class Page(HTMLParser):
    """The parts of a navigator page the tests read."""

    def __init__(self, uri: str, text: str):
        super().__init__()
        self.uri = uri
        front, body = text.split("---\n", 2)[1:]
        self.meta = yaml.safe_load(front)
        self.html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "admonition", "toc"])
        self.nav: dict = {}
        self.links: list[dict] = []
        self.scripts: list[dict] = []
        self.styles: list[dict] = []
        self.answers: list[dict] = []
        self.inline_script = False
        self._link: dict | None = None
        self.feed(self.html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "hb-nav" in (a.get("class") or "").split() and not self.nav:
            self.nav = a
        if tag == "a":
            self._link = {**a, "text": ""}
            self.links.append(self._link)
        if tag == "script":
            self.scripts.append(a)
            self.inline_script = self.inline_script or "src" not in a
        if tag == "link":
            self.styles.append(a)
        if tag == "div" and "hb-nav-answer" in (a.get("class") or "").split():
            self.answers.append(a)
        if "style" in a:
            self.styles.append({"inline": a["style"]})

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data

    @property
    def url(self) -> str:
        """The page's address under the site root (MkDocs directory URLs)."""
        return self.uri[: -len("index.md")]

    def resolve(self, href: str) -> str:
        """The site-root path a relative link on this page points at, without its #anchor."""
        path = href.split("#")[0]
        joined = posixpath.normpath(posixpath.join(self.url, path))
        return "" if joined == "." else joined + "/"

    def visible_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self.html))


PARSED = {uri: Page(uri, text) for uri, text in PAGES.items()}
URLS = {p.url: p for p in PARSED.values()}


def page_for(*segments: str) -> Page:
    return URLS["/".join((BASE,) + segments) + "/"]


def segments_of(path) -> tuple:
    """The address segments of a path from enumerate_paths: "-" for a date, the least number for a number."""
    out = []
    for question_id, option_id in path.steps:
        question = QUESTIONS[question_id]
        out.append(option_id if option_id is not None else "-" if question["type"] == "date" else str(question["min"]))
    return tuple(out)


def test_every_question_and_every_outcome_of_the_flow_has_at_least_one_page():
    nodes = {p.nav["data-nav-node"] for p in PARSED.values()}
    assert set(QUESTIONS) <= nodes
    assert {o["id"] for o in FLOW["outcomes"]} <= nodes


def test_every_path_through_the_flow_ends_on_the_page_of_its_outcome():
    paths = list(enumerate_paths(FLOW))
    assert len(paths) > 100
    for path in paths:
        page = page_for(*segments_of(path))
        assert (page.nav["data-nav-kind"], page.nav["data-nav-node"]) == ("outcome", path.outcome), path


def test_the_first_question_is_at_navigator_start_and_asks_about_immediate_risk():
    page = PARSED[f"{BASE}/index.md"]
    assert page.nav["data-nav-node"] == FLOW["start"] == "immediate-risk"
    assert json.loads(page.nav["data-nav-answers"]) == {}
    assert [(l["href"], l["data-nav-answer"]) for l in page.links if "data-nav-answer" in l] == [("yes/", "yes"), ("no/", "no")]


def test_the_static_site_stays_well_under_1500_pages():
    assert 200 < len(PAGES) < 1500


def test_every_link_between_navigator_pages_points_at_a_page_that_exists():
    for page in PARSED.values():
        for link in page.links:
            href = link["href"]
            if href.startswith(("tel:", "mailto:")):
                continue
            target = page.resolve(href)
            if target.startswith("navigator/"):
                assert target in URLS, (page.uri, href)


def test_every_option_link_leads_to_the_page_of_the_answers_so_far_plus_that_option():
    for page in PARSED.values():
        given = json.loads(page.nav["data-nav-answers"])
        for link in page.links:
            if "data-nav-answer" not in link:
                continue
            target = URLS[page.resolve(link["href"])]
            question = link["data-nav-question"]
            assert question == page.nav["data-nav-node"]
            assert json.loads(target.nav["data-nav-answers"]) == {**given, question: link["data-nav-answer"]}


def test_links_into_the_handbook_point_at_existing_procedure_pages_and_their_anchors():
    procedure_pages = {uri: text for uri, text in render.pages(BUNDLE, today=TODAY).items()
                       if uri.startswith("procedures/") and uri != "procedures/index.md"}
    checked, missing = 0, set()
    for page in PARSED.values():
        for link in page.links:
            if link["href"].startswith(("tel:", "mailto:")) or not page.resolve(link["href"]).startswith("procedures/"):
                continue
            target = page.resolve(link["href"])
            source = procedure_pages[target.rstrip("/") + ".md"]
            anchor = link["href"].split("#", 1)[1] if "#" in link["href"] else None
            if anchor and "{#" + anchor + "}" not in source and f'id="{anchor}"' not in source:
                missing.add(f"{target}#{anchor}")
            checked += 1
    assert checked > 500
    assert sorted(missing) == []


def test_every_page_has_start_again_pointing_at_the_first_question():
    for page in PARSED.values():
        starts = [l for l in page.links if l.get("class") == "hb-nav-start-again"]
        assert [s["text"] for s in starts] == ["Start again"], page.uri
        assert page.resolve(starts[0]["href"]) == BASE + "/", page.uri


def test_the_answers_list_names_each_answer_given_in_order_with_a_change_link_to_its_question():
    for page in PARSED.values():
        given = json.loads(page.nav["data-nav-answers"])
        depth = int(page.nav["data-nav-depth"])
        assert len(page.answers) == depth, page.uri
        changes = [l for l in page.links if l.get("class") == "hb-nav-change"]
        assert len(changes) == depth
        for i, (item, change) in enumerate(zip(page.answers, changes)):
            back = URLS[page.resolve(change["href"])]
            assert back.nav["data-nav-kind"] == "question"
            assert back.nav["data-nav-node"] == item["data-nav-question"], (page.uri, i)
            assert int(back.nav["data-nav-depth"]) == i
            assert change["text"].startswith("Change") and QUESTIONS[item["data-nav-question"]]["text"] in html.unescape(change["text"])
            if item["data-nav-type"] == "date":
                assert item["data-nav-answer"] == "" and item["data-nav-question"] not in given
            else:
                assert given[item["data-nav-question"]] == item["data-nav-answer"]


def test_the_bexley_iro_stage_2_outcome_lists_the_answers_with_their_labels():
    page = page_for("no", "bexley", "iro", "lac-care-plan-problem", "stage-2", "-")
    text = page.visible_text()
    assert "Which stage has the dispute resolution reached?" in text and "Stage 2: with the head of service" in text
    assert "On what date was the formal escalation first raised at stage 1?" in text and "Not given" in text


def test_a_date_question_explains_that_dates_need_javascript_and_links_on_without_a_date():
    page = page_for("no", "bexley", "cp-chair", "cp-plan-not-progressing", "stage-1")
    assert page.nav["data-nav-node"] == "bexley-cp-raised" and page.nav["data-nav-type"] == "date"
    assert "needs JavaScript" in page.visible_text()
    skip = [l for l in page.links if l.get("class") == "hb-nav-skip"]
    assert [s["text"] for s in skip] == ["Continue without a date"]
    assert URLS[page.resolve(skip[0]["href"])].nav["data-nav-node"] == "bexley-cp"
    assert '<form class="hb-nav-date" data-nav-question="bexley-cp-raised" novalidate hidden>' in page.html


def test_a_number_question_offers_one_link_per_number_from_min_to_max():
    page = page_for("no", "warwickshire", "number-of-plans")
    assert page.nav["data-nav-node"] == "warwickshire-plans"
    assert [l["data-nav-answer"] for l in page.links if "data-nav-answer" in l] == [str(n) for n in range(1, 21)]
    third = page_for("no", "warwickshire", "number-of-plans", "3", "0")
    assert third.nav["data-nav-node"] == "warwickshire-part-5"
    assert "automatic referral to the Escalation Panel applies" in third.visible_text()
    assert "automatic referral to the Escalation Panel applies" not in page_for(
        "no", "warwickshire", "number-of-plans", "2", "0").visible_text()


def test_a_bexley_outcome_reached_without_a_date_gives_each_timescale_in_words_and_no_date():
    page = page_for("no", "bexley", "iro", "lac-care-plan-problem", "stage-2", "-")
    text = page.visible_text()
    assert page.nav["data-nav-node"] == "bexley-iro"
    for words in ("Stage 3: Assistant Director", "5 working days", "8 working days", "Updated November 2018",
                  "20 working days from the date the escalation was raised", "Assistant director",
                  "You may skip stages", "Why this answer"):
        assert words in text, words
    assert "procedures/bexley-cp-lac-escalation-2018/#iro-dispute-resolution--stage-3" in page.html


def test_no_static_outcome_page_states_a_date():
    for page in PARSED.values():
        if page.nav["data-nav-kind"] == "outcome":
            assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", page.visible_text()), page.uri
            assert "<time" not in page.html


def test_an_act_now_outcome_gives_the_published_numbers():
    page = page_for("yes", "liverpool")
    assert page.nav["data-nav-node"] == "act-now-liverpool"
    assert 'href="tel:01512333700"' in page.html and "Act now" in page.visible_text()


def test_each_page_loads_the_navigator_script_from_the_site_root_and_nothing_inline():
    for page in PARSED.values():
        depth = int(page.nav["data-nav-depth"])
        root = "../" * (depth + 2)
        assert page.scripts == [{"type": "module", "src": root + "assets/navigator/flow.js"}], page.uri
        assert page.styles == [{"rel": "stylesheet", "href": root + "assets/navigator/flow.css"}], page.uri
        assert not page.inline_script and "<style" not in page.html


def test_every_page_is_left_out_of_the_search_index_and_has_an_escaped_title():
    for page in PARSED.values():
        assert page.meta["search"] == {"exclude": True} and "<" not in page.meta["title"]


def test_text_from_the_flow_and_the_procedures_stays_text_on_every_page():
    bundle = copy.deepcopy(BUNDLE)
    questions = {q["id"]: q for q in bundle.flow["questions"]}
    questions["immediate-risk"]["text"] = "Question " + HOSTILE
    questions["immediate-risk"]["hint"] = "Hint " + HOSTILE
    questions["immediate-risk"]["options"][0]["label"] = "Option " + HOSTILE
    outcome = next(o for o in bundle.flow["outcomes"] if o["id"] == "act-now-liverpool")
    outcome["text"] = "Outcome " + HOSTILE
    proc = bundle.procedure("northway-liverpool-escalation-guidance-2018")
    proc["title"] = "Title " + HOSTILE
    next(c for c in proc["contacts"] if c["id"] == "liverpool-childrens-services")["label"] = "Contact " + HOSTILE
    pages = navigator_pages(bundle, TODAY)
    for uri in (f"{BASE}/index.md", f"{BASE}/yes/index.md", f"{BASE}/yes/liverpool/index.md"):
        page = Page(uri, pages[uri])
        assert "<script>alert" not in page.html and "<b>b</b>" not in page.html, uri
        assert "<strong>bold</strong>" not in page.html and 'href="b"' not in page.html and 'id="id"' not in page.html
        assert "<" not in page.meta["title"] and '"' not in page.meta["title"]
    start = Page("s", pages[f"{BASE}/index.md"])
    assert "Question " + HOSTILE in start.visible_text() and "Option " + HOSTILE in start.visible_text()
    outcome_text = Page("o", pages[f"{BASE}/yes/liverpool/index.md"]).visible_text()
    for where in ("Outcome ", "Title ", "Contact ", "Option "):
        assert where + HOSTILE in outcome_text, where


def test_markdown_returns_every_navigator_page_unchanged_so_the_build_may_skip_it():
    """generator/plugin.py hands these pages to the theme without Markdown (on_page_markdown); that
    is only right while Markdown, with the site's extensions, would give back exactly what it got."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for ext in config["markdown_extensions"]:
        name, options = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        settings[name] = options or {}
    md = markdown.Markdown(extensions=names, extension_configs=settings)
    for uri, text in PAGES.items():
        body = text.split("---\n", 2)[2]
        md.reset()
        assert md.convert(body).strip() == body.strip(), uri
