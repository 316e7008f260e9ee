"""The built site's generated pages show all of the data: every glossary term, every situation of
every procedure, a comparison row per procedure, schedules, levels of need and blank forms; and the
first use of each glossary term on each page links to its entry, once, never in a heading or link.
The `site_dir` fixture builds the site with `mkdocs build --strict` and fails if the build does."""
from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser

import pytest

from generator.loader import load_bundle
from generator.render import SITUATION_HEADINGS

BUNDLE = load_bundle()
PROCS = {p["id"]: p for p in BUNDLE.procedures}
DIAGRAM_SCRIPT = re.compile(r'<script[^>]+src="[^"]*(?:mermaid|flowchart|viz|graphviz)[^"]*"', re.I)


def read(site_dir, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def article(page: str) -> str:
    """The page's own content: Material's article, without the theme's navigation around it."""
    start = page.index('<article class="md-content__inner')
    return page[start:page.index("</article>", start)]


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


class TermLinks(HTMLParser):
    """Every glossary link with the elements it sits in."""

    VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "col", "source"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.found: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "hb-term" in (a.get("class") or "").split():
            self.found.append((a["href"], tuple(self.stack)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def built_pages(site_dir):
    return sorted(p for p in site_dir.rglob("index.html") if "assets" not in p.parts)


def test_the_glossary_lists_every_term_with_its_definition_at_an_anchor_named_by_its_id(site_dir):
    page = article(read(site_dir, "glossary"))
    for t in BUNDLE.glossary:
        m = re.search(rf'<dt id="{re.escape(t["id"])}">(.*?)</dt>\s*<dd>(.*?)</dd>', page, re.S)
        assert m, f"no entry for {t['id']}"
        assert t["term"] in text(m.group(1))
        if t.get("abbr"):
            assert f"({t['abbr']})" in text(m.group(1))
        assert " ".join(t["definition"].split()) in text(m.group(2))
    assert page.count("<dt id=") == len(BUNDLE.glossary)


def test_the_glossary_page_has_no_links_to_itself(site_dir):
    assert 'class="hb-term"' not in read(site_dir, "glossary")


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_the_situation_page_lists_every_situation_of_the_procedure_under_its_category(site_dir, pid):
    page = article(read(site_dir, "situations"))
    sections = dict(re.findall(r'<h2 id="([a-z-]+)">(.*?)(?=<h2 id=|$)', page, re.S))
    for s in PROCS[pid].get("situations", []):
        href = f'href="../procedures/{pid}/#situation-{s["id"]}"'
        assert href in sections[s["category"]], f"{s['id']} is not under {s['category']}"
        assert " ".join(s["text"].split()) in text(sections[s["category"]])
        assert f'id="situation-{s["id"]}"' in read(site_dir, f"procedures/{pid}")


def test_the_situation_page_uses_a_plain_english_heading_for_each_category_in_use(site_dir):
    page = article(read(site_dir, "situations"))
    used = {s["category"] for p in BUNDLE.procedures for s in p.get("situations", [])}
    for category in used:
        assert re.search(rf'<h2 id="{category}">{re.escape(html.escape(SITUATION_HEADINGS[category], quote=False))}', page)
    assert set(re.findall(r'<h2 id="([a-z-]+)">', page)) == used


def test_the_comparison_page_has_one_row_per_procedure_and_one_per_pathway(site_dir):
    page = article(read(site_dir, "compare"))
    overview = page[page.index("hb-compare-overview"):page.index("</table>", page.index("hb-compare-overview"))]
    rows = re.findall(r'<tr class="hb-procedure-row" data-procedure="([^"]+)"', overview)
    assert sorted(rows) == sorted(PROCS)
    assert len(re.findall(r'<tr data-pathway="', overview)) == sum(len(p["pathways"]) for p in PROCS.values())


def test_the_comparison_page_totals_working_days_only_where_every_stage_has_them(site_dir):
    page = article(read(site_dir, "compare"))
    row = re.search(r'<tr data-pathway="cp-chair-escalation">(.*?)</tr>', page, re.S).group(1)
    assert "23 working days" in text(row)            # Bexley: 5 + 5 + 5 + 8
    row = re.search(r'<tr data-pathway="iro-dispute-resolution">(.*?)</tr>', page, re.S).group(1)
    assert "Not every stage has one" in text(row)     # the Cafcass stage has no working-day timescale
    assert "20 working days" in text(row) and "Yes" in text(row)


def test_the_comparison_page_has_a_stage_table_per_pathway_linking_each_stage(site_dir):
    page = article(read(site_dir, "compare"))
    for pid, proc in PROCS.items():
        for pw in proc["pathways"]:
            table = re.search(rf'<table class="[^"]*hb-compare-stages" data-pathway="{pw["id"]}">(.*?)</table>', page, re.S)
            assert table, pw["id"]
            for st in pw["stages"]:
                assert f'href="../procedures/{pid}/#{pw["id"]}--{st["id"]}"' in table.group(1)


def test_every_table_that_may_be_wider_than_a_phone_scrolls_in_a_keyboard_reachable_labelled_box(site_dir):
    for path in built_pages(site_dir):
        page = path.read_text(encoding="utf-8")
        for m in re.finditer(r'<div class="hb-table-wrap"([^>]*)>\s*<table', page):
            assert 'tabindex="0"' in m.group(1) and 'aria-label="' in m.group(1) and 'role="region"' in m.group(1), path
        for m in re.finditer(r'<table class="hb-(?:table|contacts)\b', page):
            assert re.search(r'<div class="hb-table-wrap"[^>]*>\s*$', page[:m.start()]), f"{path}: a table outside its box"


@pytest.mark.parametrize("pid", sorted(p for p in PROCS if PROCS[p].get("schedules")))
def test_schedules_are_shown_as_a_table_of_what_is_due_when(site_dir, pid):
    page = read(site_dir, f"procedures/{pid}")
    for sc in PROCS[pid]["schedules"]:
        block = page[page.index(f'id="schedule-{sc["id"]}"'):]
        block = block[:block.index("</table>")]
        for item in sc["items"]:
            row = re.search(rf'<tr id="schedule-{sc["id"]}--{item["id"]}">(.*?)</tr>', block, re.S)
            assert row, item["id"]
            assert item["label"] in text(row.group(1))
            if "months" in item:
                assert f'{item["months"]} month' in text(row.group(1))
            for due in item.get("due", []):
                assert " ".join(due.split()) in text(row.group(1))


@pytest.mark.parametrize("pid", sorted(p for p in PROCS if PROCS[p].get("levels_of_need")))
def test_levels_of_need_are_shown_with_their_number_or_that_the_source_lost_it(site_dir, pid):
    page = read(site_dir, f"procedures/{pid}")
    for lv in PROCS[pid]["levels_of_need"]:
        row = text(re.search(rf'<tr id="level-{lv["id"]}">(.*?)</tr>', page, re.S).group(1))
        assert lv["name"] in row
        assert (str(lv["level"]) if lv["level"] is not None else "Not given in the source") in row


@pytest.mark.parametrize("pid", sorted(p for p in PROCS if any(f.get("fields") for f in PROCS[p].get("forms", []))))
def test_a_form_with_fields_is_printed_as_a_blank_form(site_dir, pid):
    page = read(site_dir, f"procedures/{pid}")
    for form in (f for f in PROCS[pid]["forms"] if f.get("fields")):
        block = page[page.index(f'id="form-{form["id"]}"'):]
        table = block[block.index('<table class="hb-form-fields">'):block.index("</table>")]
        labels = [text(l) for l in re.findall(r'<th scope="row">(.*?)</th>', table, re.S)]
        assert labels == [" ".join(f["label"].split()) for f in form["fields"]]
        assert table.count('<td class="hb-blank">') == len(form["fields"])


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_a_procedure_page_says_what_to_print_and_carries_an_svg_flowchart_per_pathway_with_stages(site_dir, pid):
    page = read(site_dir, f"procedures/{pid}")
    summary = text(page[page.index('id="summary"'):page.index("</dl>", page.index('id="summary"'))])
    assert 'class="hb-print-date"' in page and PROCS[pid]["version"] in summary
    assert PROCS[pid]["source"]["title"] in summary
    with_stages = [pw for pw in PROCS[pid]["pathways"] if pw["stages"]]
    charts = re.findall(r'<svg [^>]*class="hb-fc"[^>]*>', page)
    assert len(charts) == len(with_stages)
    for pw, tag in zip(with_stages, charts):
        assert 'role="group"' in tag and f'data-pathway="{pw["id"]}"' in tag
        for ref in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', tag):
            assert page.count(f'id="{ref}"') == 1, ref       # title and desc, each once on the page
    assert not DIAGRAM_SCRIPT.search(page)
    assert "https://unpkg.com" not in page and "cdn.jsdelivr" not in page


def test_no_page_loads_a_diagram_script_and_the_site_ships_no_diagram_library(site_dir):
    for path in built_pages(site_dir):
        page = path.read_text(encoding="utf-8")
        assert not DIAGRAM_SCRIPT.search(page), path
    assert not (site_dir / "assets" / "mermaid").exists()
    assert not (site_dir / "assets" / "flowcharts.js").exists()
    assert not [p for p in site_dir.rglob("*") if p.suffix in (".js", ".mjs", ".wasm")
                and ("mermaid" in p.name or "viz" in p.name.lower())]


HEADING = re.compile(r"<h([1-6])[\s>]")


def test_no_page_outside_the_navigator_skips_a_heading_level(site_dir):
    """Headings go down one level at a time (h1, h2, h3; never h1 then h3): Lighthouse's and axe's
    heading-order. The navigator's pages are checked by their own tests."""
    checked = 0
    for path in built_pages(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(("navigator/", "embed/navigator/")):
            continue
        levels = [int(m.group(1)) for m in HEADING.finditer(article(path.read_text(encoding="utf-8")))]
        for before, level in zip(levels, levels[1:]):
            assert level <= before + 1, f"{rel}: an h{level} follows an h{before}"
        checked += 1
    assert checked > len(PROCS)


def test_the_search_dialog_has_a_name_on_every_page(site_dir):
    for path in built_pages(site_dir):
        page = path.read_text(encoding="utf-8")
        for tag in re.findall(r'<[^>]+role="dialog"[^>]*>', page):
            assert re.search(r'aria-label(?:ledby)?="[^"]+"', tag), (path, tag)


def test_the_first_use_of_each_term_on_every_page_links_once_and_never_in_a_heading_or_link(site_dir):
    term_ids = {t["id"] for t in BUNDLE.glossary}
    linked_somewhere = set()
    for path in built_pages(site_dir):
        rel = path.parent.relative_to(site_dir).as_posix()
        page_url = "" if rel == "." else rel + "/"
        parser = TermLinks()
        parser.feed(article(path.read_text(encoding="utf-8")))
        seen = []
        for href, ancestors in parser.found:
            target, _, anchor = href.partition("#")
            assert posixpath.normpath(posixpath.join(page_url, target)) == "glossary", (page_url, href)
            assert anchor in term_ids
            assert not {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr"} & set(ancestors), (page_url, href, ancestors)
            seen.append(anchor)
        assert len(seen) == len(set(seen)), f"{page_url}: a term is linked more than once"
        linked_somewhere.update(seen)
    assert {"iro", "cp-chair", "lscb", "core-group"} <= linked_somewhere


def test_a_glossary_link_on_a_procedure_page_goes_to_the_entry_of_the_term_it_wraps(site_dir):
    page = article(read(site_dir, "procedures/bexley-cp-lac-escalation-2018"))
    m = re.search(r'<a class="hb-term" href="../../glossary/#iro" title="([^"]*)">([^<]*)</a>', page)
    assert m and m.group(2) in ("IRO", "IROs", "Independent Reviewing Officer", "Independent Reviewing Officers")


def test_the_about_pages_are_built_and_in_the_navigation(site_dir):
    home = read(site_dir, "")
    for url, words in [("about", "How dates are counted"), ("about/accessibility", "WCAG"),
                       ("about/privacy", "No cookies")]:
        assert words in text(read(site_dir, url)), url
        assert f'href="{url}/"' in home, url
    accessibility = text(read(site_dir, "about/accessibility"))
    assert "2.2" in accessibility and "axe-core" in accessibility and "contact the partnership that publishes" in accessibility
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+|\b0\d{3} ?\d{3} ?\d{4}\b", accessibility)


def test_the_situations_page_lists_every_procedure_with_a_rule_for_immediate_risk(site_dir):
    """Issue 15 finding 1: a procedure whose immediate-risk rule answers a situation filed under
    another heading (Liverpool's telephone rule for example 4) is listed under immediate risk too."""
    page = read(site_dir, "situations")
    start = page.index('id="immediate-risk"')
    section = page[start:page.find("<h2", start + 1)]
    with_rule = [pid for pid, p in PROCS.items() if any(r.get("kind") == "immediate-risk" for r in p.get("rules") or [])]
    assert with_rule
    for pid in with_rule:
        assert f'data-procedure="{pid}"' in section, pid


def test_the_navigators_outcome_pages_link_glossary_terms_and_its_question_pages_do_not(site_dir):
    """Outcomes name IROs, Cafcass, DSLs, LSCBs: their first use links to the glossary, as on any page.
    A question page has none, so its answers stay the first stops after the skip link."""
    outcomes, questions = [], []
    for path in (site_dir / "navigator" / "start").rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'data-nav-kind="outcome"' in html:
            outcomes.append(html)
        elif 'data-nav-kind="question"' in html:
            questions.append(html)
    assert outcomes and questions
    terms = [h for h in outcomes if 'class="hb-term"' in h]
    assert len(terms) > len(outcomes) // 2, f"{len(terms)} of {len(outcomes)} outcome pages link a glossary term"
    for h in terms:
        parser = TermLinks()
        parser.feed(h)
        assert parser.found and all(href.startswith("../") and "glossary/#" in href for href, _ in parser.found)
        assert not any({"label", "h1", "h2", "a"} & set(stack) for _, stack in parser.found)
    assert not any('class="hb-term"' in h for h in questions)
