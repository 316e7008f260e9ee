"""The navigator's static pages, rendered straight from generator.navigator_pages (no MkDocs, no
browser): one page per node of the derived flow (and per stage reached, after a stage question),
every path ending on the page the core names, every link leading to a page that exists, and text
from the data kept as text."""
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
from navigator.flow import answers_for, enumerate_paths, next_step

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
        if tag == "a" and "href" in a:   # an <a> with no href (a hidden download link) is not a link yet
            self._link = {**a, "text": ""}
            self.links.append(self._link)
        if tag == "input" and "data-nav-href" in a:   # an answer: a radio whose page its Continue submits to
            self.links.append({"href": a["data-nav-href"], "data-nav-answer": a["value"], "data-nav-question": a["name"],
                               "class": "hb-nav-option", "type": a.get("type"), "text": ""})
        if tag == "button" and "formaction" in a:
            self.links.append({"href": a["formaction"], "class": "hb-continue", "text": "Continue", "formaction": True})
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


def page_for(page: str) -> Page:
    """The page at `page` (as navigator.flow.page_of names it) under navigator/start/."""
    return URLS[f"{BASE}/{page}"]


def reached(*replies: str) -> Page:
    """The page a reader reaches answering each reply in turn (a date or number as typed)."""
    from navigator.flow import answers_in_order

    answers = answers_in_order(FLOW, list(replies), TODAY)
    return page_for(next_step(FLOW, answers, TODAY)["page"])


def test_every_question_and_every_outcome_of_the_flow_has_a_page_of_its_own():
    nodes = {p.nav["data-nav-node"] for p in PARSED.values()}
    assert set(QUESTIONS) <= nodes
    assert {o["id"] for o in FLOW["outcomes"]} <= nodes


def test_every_path_through_the_flow_ends_on_the_page_the_core_names_for_its_outcome():
    for path in enumerate_paths(FLOW):
        step = next_step(FLOW, answers_for(FLOW, path, "2026-11-02", "2"), TODAY)
        page = page_for(step["page"])
        assert (page.nav["data-nav-kind"], page.nav["data-nav-node"]) == ("outcome", path.outcome), path


def test_the_first_question_is_at_navigator_start_and_asks_about_immediate_risk():
    page = PARSED[f"{BASE}/index.md"]
    assert page.nav["data-nav-node"] == FLOW["start"] == "immediate-risk"
    assert json.loads(page.nav["data-nav-answers"]) == {}
    assert [(l["href"], l["data-nav-answer"]) for l in page.links if "data-nav-answer" in l] == [
        ("act-now-area/", "yes"), ("area/", "no")]


def test_pages_grow_with_nodes_and_stages_not_paths_at_most_40_per_procedure():
    assert len(PAGES) <= 40 * len(BUNDLE.procedures)
    stages = sum(len(p.get("stages", [])) for proc in BUNDLE.procedures for p in proc.get("pathways", []))
    assert len(PAGES) <= len(QUESTIONS) + len(FLOW["outcomes"]) + 2 * stages


def test_every_link_between_navigator_pages_points_at_a_page_that_exists():
    for page in PARSED.values():
        for link in page.links:
            href = link["href"]
            if href.startswith(("tel:", "mailto:")):
                continue
            target = page.resolve(href)
            if target.startswith("navigator/"):
                assert target in URLS, (page.uri, href)


def test_every_option_link_leads_to_the_page_of_the_node_that_option_leads_to():
    for page in PARSED.values():
        node = page.nav["data-nav-node"]
        for link in page.links:
            if "data-nav-answer" not in link:
                continue
            assert link["data-nav-question"] == node
            option = next(o for o in QUESTIONS[node]["options"] if o["id"] == link["data-nav-answer"])
            assert URLS[page.resolve(link["href"])].nav["data-nav-node"] == option["next"], (page.uri, link)


def test_a_stage_chosen_on_the_way_keeps_its_page_to_the_outcome_without_javascript():
    stage_questions = [q for q in QUESTIONS.values() if q.get("stages_of")]
    assert stage_questions
    for question in stage_questions:
        page = page_for(f"{question['id']}/")
        for link in (l for l in page.links if "data-nav-answer" in l):
            target = URLS[page.resolve(link["href"])]
            while target.nav["data-nav-kind"] == "question":   # a date question: continue without it
                skip = next(l for l in target.links if l.get("class") == "hb-nav-skip")
                target = URLS[target.resolve(skip["href"])]
            if link["data-nav-answer"] == "not-started":
                assert target.url.count("/") == 3, target.url
            else:
                assert target.url.endswith(f"/{link['data-nav-answer']}/"), (target.url, link)
                assert f'data-stage="{link["data-nav-answer"]}"' in target.html


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
    assert checked >= len([p for p in PARSED.values() if p.nav["data-nav-kind"] == "outcome"])
    assert sorted(missing) == []


def test_every_page_has_start_again_pointing_at_the_first_question():
    for page in PARSED.values():
        starts = [l for l in page.links if l.get("class") == "hb-nav-start-again"]
        assert [s["text"] for s in starts] == ["Start again"], page.uri
        assert page.resolve(starts[0]["href"]) == BASE + "/", page.uri


def test_a_static_page_is_the_same_for_everyone_who_reaches_it_so_it_lists_no_answers():
    """The answers ride in the query string; the browser lists them once the core runs."""
    for page in PARSED.values():
        assert page.answers == [] and json.loads(page.nav["data-nav-answers"]) == {}, page.uri


def test_the_bexley_iro_stage_2_outcome_gives_each_timescale_in_words_and_no_date():
    page = reached("no", "bexley", "lac-care-plan-problem", "stage-2", "-")
    text = page.visible_text()
    assert page.url.endswith("--iro-dispute-resolution/stage-2/")
    for words in ("Stage 3: Assistant Director", "5 working days", "8 working days", "Updated November 2018",
                  "20 working days from the date the escalation was raised", "Assistant director",
                  "You may skip stages"):
        assert words in text, words
    assert "procedures/bexley-cp-lac-escalation-2018/#iro-dispute-resolution--stage-3" in page.html


def test_each_answer_is_a_radio_in_a_get_form_whose_own_continue_button_submits_to_its_page():
    """GOV.UK radios that work with no script: one Continue per answer (formaction), the answer's page."""
    checked = 0
    for page in PARSED.values():
        items = [l for l in page.links if l.get("class") in ("hb-nav-option", "hb-continue")]
        radios = [l for l in items if l["class"] == "hb-nav-option"]
        if page.nav["data-nav-kind"] == "question" and page.nav["data-nav-type"] in ("choice", "yes-no"):
            assert radios and all(l["type"] == "radio" for l in radios), page.uri
            assert '<form class="hb-nav-choice" method="get"' in page.html, page.uri
            assert [l["href"] for l in items] == [h for r in radios for h in (r["href"], r["href"])], page.uri
            checked += 1
    assert checked == len([q for q in QUESTIONS.values() if q["type"] in ("choice", "yes-no")])


def test_a_date_question_offers_the_date_boxes_in_a_get_form_and_links_on_without_a_date():
    page = reached("no", "bexley", "cp-plan-not-progressing", "stage-1")
    assert page.nav["data-nav-type"] == "date" and page.url.endswith("--cp-chair-escalation--raised/stage-1/")
    assert "needs JavaScript" not in page.visible_text()   # never said while the script is loading
    assert "<noscript>" in page.html and "cannot work out dates" in page.visible_text()
    skip = [l for l in page.links if l.get("class") == "hb-nav-skip"]
    assert [s["text"] for s in skip] == ["Continue without a date"]
    after = URLS[page.resolve(skip[0]["href"])]
    assert after.nav["data-nav-kind"] == "outcome" and after.url.endswith("--cp-chair-escalation/stage-1/")
    node = page.nav["data-nav-node"]
    assert f'<form class="hb-nav-date" method="get" action="{skip[0]["href"]}" data-nav-question="{node}" data-nav-input="date" novalidate>' in page.html
    for part in ("day", "month", "year"):   # the next page's script reads the three boxes as one answer
        assert f'name="{node}--{part}"' in page.html


def test_a_number_question_is_typed_in_and_without_javascript_continues_to_the_schedule_in_words():
    number_questions = [q for q in QUESTIONS.values() if q["type"] == "number"]
    assert number_questions
    for question in number_questions:
        page = page_for(f"{question['id']}/")
        assert "data-nav-input=\"number\"" in page.html
        assert f"from {question['min']} to {question['max']}" in page.visible_text()
        skip = next(l for l in page.links if l.get("class") == "hb-nav-skip")
        assert skip["text"] == "Continue without a number"
        assert URLS[page.resolve(skip["href"])].nav["data-nav-node"] == question["next"]


def test_no_static_outcome_page_states_a_date():
    for page in PARSED.values():
        if page.nav["data-nav-kind"] == "outcome":
            assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", page.visible_text()), page.uri
            # each date has a slot for the browser to fill, empty (or "No date") on the page as built
            assert all(t in ("", "No date") for t in re.findall(r"<time[^>]*>([^<]*)</time>", page.html)), page.uri


def test_an_act_now_outcome_gives_the_published_numbers():
    page = reached("yes", "liverpool")
    assert page.nav["data-nav-node"] == "liverpool--act-now"
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
    outcome = next(o for o in bundle.flow["outcomes"] if o["id"] == "liverpool--act-now")
    outcome["text"] = "Outcome " + HOSTILE
    proc = bundle.procedure("northway-liverpool-escalation-guidance-2018")
    proc["title"] = "Title " + HOSTILE
    next(c for c in proc["contacts"] if c["id"] == "liverpool-childrens-services")["label"] = "Contact " + HOSTILE
    pages = navigator_pages(bundle, TODAY)
    for uri in (f"{BASE}/index.md", f"{BASE}/act-now-area/index.md", f"{BASE}/liverpool--act-now/index.md"):
        page = Page(uri, pages[uri])
        assert "<script>alert" not in page.html and "<b>b</b>" not in page.html, uri
        assert "<strong>bold</strong>" not in page.html and 'href="b"' not in page.html and 'id="id"' not in page.html
        assert "<" not in page.meta["title"] and '"' not in page.meta["title"]
    start = Page("s", pages[f"{BASE}/index.md"])
    assert "Question " + HOSTILE in start.visible_text() and "Option " + HOSTILE in start.visible_text()
    outcome_text = Page("o", pages[f"{BASE}/liverpool--act-now/index.md"]).visible_text()
    for where in ("Outcome ", "Title ", "Contact "):
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


def test_every_date_and_note_the_core_gives_an_outcome_has_its_slot_on_that_outcomes_page():
    """The page is the one rendering of an outcome: the browser only fills its slots. So every date the
    core works out for any path (dated) has a data-date slot on the page the core names for it, and
    every note it lists there has its box (the page carries the notes of every situation that leads
    there; the browser hides those that do not apply)."""
    from navigator.outcome import build_outcome

    by_id = {p["id"]: p for p in BUNDLE.procedures}
    checked = 0
    for path in enumerate_paths(FLOW):
        answers = answers_for(FLOW, path, "2026-11-02", "3")
        step = next_step(FLOW, answers, TODAY)
        built = build_outcome(step["outcome"], answers, by_id, BUNDLE.areas, TODAY)
        page = page_for(step["page"])
        slots = set(re.findall(r'data-date="([^"]+)"', page.html))
        assert set(built["dates"]) - {"next"} <= slots, (path, set(built["dates"]) - slots)
        boxes = set(re.findall(r'data-warning-id="([^"]+)"', page.html)) | set(re.findall(r'data-flag="warning:([^"]+)"', page.html))
        notes = {w.get("id") or w["kind"] for w in built["warnings"]}
        assert notes <= boxes, (path, notes - boxes)
        checked += bool(built["dates"])
    assert checked


def test_every_procedure_with_stages_has_a_blank_escalation_record_to_print_linked_from_its_page():
    from generator.navigator_pages import RECORD_BASE, blank_record_pages

    records = blank_record_pages(BUNDLE, TODAY)
    procedure_pages = render.pages(BUNDLE, today=TODAY)
    staged = [p for p in BUNDLE.procedures if any(pw.get("stages") for pw in p.get("pathways", []))]
    assert staged and set(records) == {f"{RECORD_BASE}/{p['id']}/index.md" for p in staged}
    for procedure in staged:
        text = records[f"{RECORD_BASE}/{procedure['id']}/index.md"]
        assert 'class="hb-record-form"' in text and "<form" not in text      # nothing to submit
        assert not re.search(r'<input[^>]* value="[^"]+"', text) and not re.search(r'<option value="[^"]+" selected', text)
        assert f'href="../../navigator/record/{procedure["id"]}/"' in procedure_pages[f"procedures/{procedure['id']}.md"]
