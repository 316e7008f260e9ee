"""Flowcharts are drawn from the data, and text in the data can never become markup: not in the
page's HTML, not in the Markdown it goes through, and not in the Mermaid source."""
from __future__ import annotations

import copy
import html
import re
from datetime import date

import markdown
import pytest
import yaml

from generator import flowchart, render
from generator.loader import load_bundle

BUNDLE = load_bundle()
BEXLEY = "bexley-cp-lac-escalation-2018"
HOSTILE = '<script>alert(1)</script> **bold** "quotes" ]] #x; [a](b) `c` _i_ {#id} <b>b</b> &amp; end'


def pathway(proc, pid):
    return next(pw for pw in proc["pathways"] if pw["id"] == pid)


def test_a_pathway_becomes_a_top_down_flowchart_with_one_linked_node_per_stage():
    proc = BUNDLE.procedure(BEXLEY)
    text = flowchart.mermaid(proc, pathway(proc, "cp-chair-escalation"))
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    assert '  s0["Stage 1#58; Team manager and service manager<br/>5 working days"]' in lines
    assert '  s3["Stage 4#58; Director<br/>8 working days"]' in lines
    assert [l.strip() for l in lines if "-->" in l] == [
        "start --> s0", "s0 -->|not resolved| s1", "s1 -->|not resolved| s2", "s2 -->|not resolved| s3"]
    clicks = [l.strip() for l in lines if l.strip().startswith("click")]
    assert clicks == [f'click s{i} href "#cp-chair-escalation--stage-{i + 1}"' for i in range(4)]


def test_an_alternative_route_gets_its_own_dotted_node_linked_to_its_anchor():
    proc = BUNDLE.procedure(BEXLEY)
    text = flowchart.mermaid(proc, pathway(proc, "iro-dispute-resolution"))
    assert "  start -.-> a0" in text
    assert 'click a0 href "#iro-dispute-resolution--transition-to-adult-services"' in text
    assert "class a0 alt" in text


def test_a_pathway_whose_stages_were_lost_has_no_flowchart():
    assert flowchart.mermaid({"roles": []}, {"id": "p", "title": "T", "stages": []}) == ""
    assert flowchart.figure_html({"roles": []}, {"id": "p", "title": "T", "stages": []}) == ""


@pytest.mark.parametrize("text", ['a "quoted" title', "brackets [x] (y) {z}", "<b>tag</b>", "x#35;y", "semi; colon: hash #",
                                  "**bold** _it_ `code`", "]]", "end", "style:#f00;", "\nnew\nline"])
def test_a_label_holds_only_letters_digits_plain_punctuation_and_entity_codes(text):
    out = flowchart.label(text)
    assert re.fullmatch(r"(?:[\w ,.\-'/?!()]|#\d+;|…)*", out), out
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), out)
    assert decoded == " ".join(text.split())


def hostile_bundle():
    bundle = copy.deepcopy(BUNDLE)
    proc = bundle.procedure(BEXLEY)
    proc["title"] = "Title " + HOSTILE
    proc["short_title"] = "Short " + HOSTILE
    proc["summary"] = "Summary " + HOSTILE
    proc["situations"][0]["text"] = "Situation " + HOSTILE
    pw = pathway(proc, "cp-chair-escalation")
    pw["title"] = "Pathway " + HOSTILE
    pw["stages"][0]["title"] = "Stage " + HOSTILE
    return bundle, proc, pw


def rendered_html(page: str) -> tuple[dict, str]:
    front, body = page.split("---\n", 2)[1:]
    return yaml.safe_load(front), markdown.markdown(
        body, extensions=["attr_list", "md_in_html", "admonition", "toc"])


def test_a_hostile_title_renders_as_text_in_the_page_html():
    bundle, proc, pw = hostile_bundle()
    pages = render.pages(bundle, today=date(2026, 1, 1), mermaid_js="assets/mermaid/x/mermaid.min.js")
    meta, page = rendered_html(pages[f"procedures/{BEXLEY}.md"])
    assert "<script>alert" not in page and "<b>b</b>" not in page
    assert "<strong>bold</strong>" not in page and "<em>i</em>" not in page and "<code>c</code>" not in page
    assert 'href="b"' not in page and 'id="id"' not in page
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    for where in ("Title ", "Pathway ", "Stage ", "Situation ", "Summary "):
        assert where + HOSTILE in visible, where
    # The theme prints page titles and descriptions unescaped: the front matter carries them escaped.
    assert "<" not in meta["title"] and '"' not in meta["title"]
    assert html.unescape(meta["title"]) == "Short " + HOSTILE
    assert "<" not in meta["description"] and '"' not in meta["description"]


@pytest.mark.parametrize("uri", ["situations/index.md", "compare/index.md", "procedures/index.md"])
def test_a_hostile_title_renders_as_text_on_the_index_pages(uri):
    bundle, proc, pw = hostile_bundle()
    _, page = rendered_html(render.pages(bundle, today=date(2026, 1, 1))[uri])
    assert "<script>alert" not in page and "<b>b</b>" not in page and "<strong>bold</strong>" not in page
    assert "Short " + HOSTILE in html.unescape(re.sub(r"<[^>]+>", "", page)) or uri == "procedures/index.md"


def test_a_hostile_title_is_text_in_the_mermaid_source_and_in_the_pre_around_it():
    bundle, proc, pw = hostile_bundle()
    text = flowchart.mermaid(proc, pw)
    node = next(l for l in text.splitlines() if l.startswith("  s0["))
    assert re.fullmatch(r'  s0\["[^"<>\[\]*`_{};]*(?:#\d+;[^"<>\[\]*`_{};]*)*<br/>[^"<>]*"\]', node), node
    assert "#60;script#62;alert(1)#60;/script#62;" in node and "#42;#42;bold#42;#42;" in node
    assert "#34;quotes#34;" in node and "#93;#93;" in node
    title = next(l for l in text.splitlines() if "accTitle" in l)
    assert not set(title.split(":", 1)[1]) & set('<>"#;*`[]{}_')
    figure = str(flowchart.figure_html(proc, pw))
    assert "<script" not in figure
    pre = re.search(r'<pre class="hb-mermaid">(.*?)</pre>', figure, re.S).group(1)
    assert "<" not in pre and html.unescape(pre) == text
