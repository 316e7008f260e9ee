"""Flowcharts are drawn from the data as inline SVG at build time, and text in the data can never
become markup: not in the page's HTML, not in the Markdown it goes through, not in the DOT text
Graphviz reads, and not in the SVG the page carries."""
from __future__ import annotations

import copy
import os
import html
import re
import xml.etree.ElementTree as ET
from datetime import date

import markdown
import pytest
import yaml

from generator import flowchart, render
from generator.loader import load_bundle
from navigator.names import pathway_name

BUNDLE = load_bundle()
BEXLEY = "bexley-cp-lac-escalation-2018"
HOSTILE = '<script>alert(1)</script> **bold** "quotes" ]] #x; [a](b) `c` _i_ {#id} <b>b</b> &amp; end \\N \\n'
SVG = "{http://www.w3.org/2000/svg}"
ALL_PATHWAYS = [(proc, pw) for proc in BUNDLE.procedures for pw in proc["pathways"]]
CHARTS = flowchart.draw(ALL_PATHWAYS)


def pathway(proc, pid):
    return next(pw for pw in proc["pathways"] if pw["id"] == pid)


def parsed(proc, pw) -> ET.Element:
    return ET.fromstring(CHARTS[(proc["id"], pw["id"])])


def boxes(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(SVG + "g") if "hb-fc-box" in (g.get("class") or "").split()]


def box_text(g: ET.Element) -> str:
    return "".join(t.text for t in g.iter(SVG + "text"))      # each line but the last ends in a space


def arrows(root: ET.Element) -> set[tuple[str, str]]:
    return {(g.get("data-from"), g.get("data-to")) for g in root.iter(SVG + "g") if g.get("data-from")}


def href(g: ET.Element) -> str | None:
    a = g.find(SVG + "a")
    return None if a is None else a.get("href")


@pytest.mark.parametrize("proc,pw", [(p, w) for p, w in ALL_PATHWAYS if w["stages"]],
                         ids=[f"{p['id']}/{w['id']}" for p, w in ALL_PATHWAYS if w["stages"]])
def test_every_pathway_with_stages_is_a_named_described_svg_with_a_linked_box_per_stage_and_route(proc, pw):
    root = parsed(proc, pw)
    assert root.get("role") == "group"      # not "img": its links would be presentational (axe: nested-interactive)
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    assert root.find(SVG + "title").get("id") == title_id and root.find(SVG + "desc").get("id") == desc_id
    assert root.find(SVG + "title").text == "Flowchart of " + " ".join(pathway_name(pw).split())
    expected = [f"#{pw['id']}--{x['id']}" for x in pw["stages"] + (pw.get("alternatives") or [])]
    assert sorted(h for g in boxes(root) if (h := href(g))) == sorted(expected)
    for item in pw["stages"]:
        g = next(g for g in boxes(root) if href(g) == f"#{pw['id']}--{item['id']}")
        assert " ".join(item["title"].split())[:40].split()[0] in box_text(g)
    # Colours come from the stylesheet: no style attribute, no fill or stroke in the markup.
    for el in root.iter():
        assert not {"style", "fill", "stroke", "font-family"} & set(el.attrib), el.attrib
    assert root.find(f".//{SVG}script") is None and root.find(f".//{SVG}foreignObject") is None


def test_a_pathway_becomes_a_top_down_chain_of_stages_joined_by_not_resolved_arrows():
    proc = BUNDLE.procedure(BEXLEY)
    pw = pathway(proc, "cp-chair-escalation")
    root = parsed(proc, pw)
    texts = [box_text(g) for g in boxes(root)]
    # "5 days" read as working days: the box says it is the handbook's reading (issue 15).
    assert texts[1] == "Stage 1: Team manager and service manager 5 working days (the handbook's reading of “5 days”)"
    assert texts[-1] == "Stage 4: Director 8 working days (the handbook's reading of “8 days”)"
    assert arrows(root) == {("start", "s0"), ("s0", "s1"), ("s1", "s2"), ("s2", "s3")}
    labels = [t.text for t in root.iter(SVG + "text") if t.get("class") == "hb-fc-label"]
    assert labels == ["not resolved"] * 3
    tops = [min(float(t.get("y")) for t in g.iter(SVG + "text")) for g in boxes(root)]
    assert tops == sorted(tops), "each stage is drawn below the one before"


AT_ANY_TIME = [(proc, pw, st) for proc, pw in ALL_PATHWAYS for st in pw["stages"] if flowchart.is_side_route(st)]


def test_the_data_has_an_optional_step_allowed_at_any_time():
    assert AT_ANY_TIME, "no optional at_any_time stage in procedures/: the side-route tests below test nothing"


@pytest.mark.parametrize("proc,pw,st", AT_ANY_TIME, ids=[f"{p['id']}/{w['id']}/{s['id']}" for p, w, s in AT_ANY_TIME])
def test_a_step_allowed_at_any_time_is_a_side_route_from_the_start_not_the_step_after_the_last_stage(proc, pw, st):
    root = parsed(proc, pw)
    side = next(g for g in boxes(root) if href(g) == f"#{pw['id']}--{st['id']}")
    assert side.get("data-kind") == "side"
    name = next(b.name for b in flowchart.chart(proc, pw).boxes if b.href == f"#{pw['id']}--{st['id']}")
    into = {tail for tail, head in arrows(root) if head == name}
    assert into == {"start"}, f"{st['id']} is drawn as following {into - {'start'}}"
    stage_names = {b.name for b in flowchart.chart(proc, pw).boxes if b.kind == "stage"}
    assert not any(tail == name for tail, head in arrows(root) if head in stage_names)
    # Beside the chain, not under its last stage.
    chain = [g for g in boxes(root) if g.get("data-kind") == "stage"]
    last_bottom = max(float(t.get("y")) for t in chain[-1].iter(SVG + "text"))
    side_top = min(float(t.get("y")) for t in side.iter(SVG + "text"))
    assert side_top < last_bottom
    assert "at any point" in box_text(side)


def test_an_alternative_route_gets_its_own_dashed_box_from_the_start_linked_to_its_anchor():
    proc = BUNDLE.procedure(BEXLEY)
    pw = pathway(proc, "iro-dispute-resolution")
    root = parsed(proc, pw)
    alt = next(g for g in boxes(root) if href(g) == "#iro-dispute-resolution--transition-to-adult-services")
    assert alt.get("data-kind") == "alternative"
    assert alt.find(f".//{SVG}path").get("stroke-dasharray")
    assert box_text(alt).startswith("Other route:")


def test_a_total_cap_reads_as_an_upper_limit():
    capped = [(proc, pw) for proc, pw in ALL_PATHWAYS if pw["stages"] and pw.get("total_cap")]
    assert capped
    for proc, pw in capped:
        start = box_text(boxes(parsed(proc, pw))[0])
        words = flowchart._timescale_words(pw["total_cap"]["timescale"])
        limit = words if words.startswith("no more than ") else "no more than " + words   # said once, not twice
        assert "In total: " + limit in start and "no more than no more than" not in start


def test_a_pathway_whose_stages_were_lost_has_no_flowchart():
    assert flowchart.chart({"roles": []}, {"id": "p", "title": "T", "stages": []}) is None
    assert flowchart.draw([({"id": "x", "roles": []}, {"id": "p", "title": "T", "stages": []})]) == {}
    assert flowchart.figure_html({"id": "p"}, "") == ""


@pytest.mark.parametrize("text", ['a "quoted" title', "back\\slash \\n \\N \\G \\l", "<b>tag</b>", "&amp; &lt;",
                                  "{braces} [x] ; -> --", "\nnew\nline"])
def test_a_dot_string_holds_the_text_literally(text):
    out = flowchart.dot_string(text)
    assert out[0] == out[-1] == '"'
    inner = out[1:-1]
    assert not re.search(r'(?<!\\)(?:\\\\)*"', inner), "an unescaped quote would end the string"
    assert re.sub(r"\\(.)", r"\1", inner).replace("&amp;", "&") == text


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
    pages = render.pages(bundle, today=date(2026, 1, 1))
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


def test_a_hostile_title_is_text_in_the_svg_and_in_the_dot_graphviz_reads():
    bundle, proc, pw = hostile_bundle()
    c = flowchart.chart(proc, pw)
    text = flowchart.dot(c)
    for line in text.splitlines()[4:]:
        if "label=" in line and "->" not in line:   # every quote in a label is escaped: the label is one DOT string
            assert re.fullmatch(r'\s+\w+ \[label="(?:[^"\\]|\\.)*"(?: style="rounded,dashed")?\];', line), line
    svg_text = flowchart.draw([(proc, pw)])[(proc["id"], pw["id"])]
    root = ET.fromstring(svg_text)              # well-formed: nothing from the data broke the markup
    assert [e for e in root.iter() if e.tag.endswith("script") or e.tag.endswith("}b")] == []
    assert root.find(SVG + "title").text == "Flowchart of Pathway " + " ".join(HOSTILE.split())
    stage = " ".join(box_text(g) for g in boxes(root) if g.get("data-kind") == "stage")
    squashed = stage.replace(" ", "")          # long words are broken across lines
    assert "<script>alert(1)</script>" in squashed and "<b>b</b>&amp;end\\N\\n" in squashed
    figure = str(flowchart.figure_html(pw, svg_text))
    assert "<script" not in figure and "<b>" not in figure
    _, page = rendered_html(render.pages(bundle, today=date(2026, 1, 1))[f"procedures/{BEXLEY}.md"])
    assert "<script>alert" not in page and "<b>b</b>" not in page
    assert svg_text in page, "Markdown passed the SVG through unchanged"


def test_layouts_are_cached_by_content_and_unused_ones_forgotten(tmp_path):
    proc = BUNDLE.procedure(BEXLEY)
    pw = pathway(proc, "cp-chair-escalation")
    text = flowchart.dot(flowchart.chart(proc, pw))
    first = flowchart.layout([text], cache_dir=tmp_path)
    cached = list(tmp_path.glob("*.svg"))
    assert len(cached) == 1 and first == [cached[0].read_text(encoding="utf-8")]
    assert flowchart.layout([text], cache_dir=tmp_path, node="/nonexistent/node") == first   # no node run
    stale = tmp_path / "0123.svg"
    stale.write_text("<svg/>", encoding="utf-8")
    os.utime(stale, (0, 0))
    flowchart.layout([text.replace("Director", "Directors")], cache_dir=tmp_path)
    assert not stale.exists() and len(list(tmp_path.glob("*.svg"))) == 2


def test_a_build_without_node_stops_with_one_line_saying_what_to_do(tmp_path):
    proc = BUNDLE.procedure(BEXLEY)
    text = flowchart.dot(flowchart.chart(proc, pathway(proc, "cp-chair-escalation")))
    with pytest.raises(flowchart.FlowchartError) as caught:
        flowchart.layout([text], cache_dir=tmp_path, node="/nonexistent/node")
    assert "\n" not in str(caught.value) and "node" in str(caught.value)
