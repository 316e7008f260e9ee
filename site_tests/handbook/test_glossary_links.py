"""The first use of each glossary term on a page links to its entry: one edge case per test."""
from __future__ import annotations

import re

import pytest

from generator.glossary_links import GlossaryLinker, relative_url

TERMS = [
    {"id": "early-help", "term": "Early help", "aliases": ["Early Help Framework"],
     "definition": "Help offered early. It comes before a referral."},
    {"id": "early-help-hub", "term": "Early Help Hub", "definition": "A local team."},
    {"id": "cp", "term": "Child protection", "abbr": "CP", "definition": "Protecting a child from harm."},
    {"id": "cp-plan", "term": "Child protection plan", "aliases": ["CP Plan"], "definition": "A plan."},
    {"id": "iro", "term": "Independent Reviewing Officer", "abbr": "IRO", "aliases": ["IROs"],
     "definition": "Reviews a looked after child's plan. Chairs reviews."},
    {"id": "csc", "term": "Children's social care", "aliases": ["Children's Services"], "definition": "The service."},
]
LINKER = GlossaryLinker(TERMS)
PAGE = "procedures/x/"


def links(html: str) -> list[tuple[str, str]]:
    """(term id, linked text) for every glossary link, in page order."""
    return [(href.rsplit("#", 1)[1], text) for href, text in
            re.findall(r'<a class="hb-term" href="([^"]+)" title="[^"]*">([^<]*)</a>', html)]


def test_the_first_use_of_an_abbreviation_links_to_its_entry_with_the_full_term_as_title():
    out = LINKER.link("<p>Ask the IRO. The IRO decides.</p>", PAGE)
    assert out == ('<p>Ask the <a class="hb-term" href="../../glossary/#iro" '
                   'title="Independent Reviewing Officer">IRO</a>. The IRO decides.</p>')


def test_a_full_term_matches_whatever_its_case():
    assert links(LINKER.link("<p>We offer EARLY HELP and early help.</p>", PAGE)) == [("early-help", "EARLY HELP")]


def test_a_full_term_link_is_titled_with_the_first_sentence_of_its_definition():
    out = LINKER.link("<p>the independent reviewing officer</p>", PAGE)
    assert 'title="Reviews a looked after child&#x27;s plan."' in out


@pytest.mark.parametrize("text", ["<p>cp</p>", "<p>Cp</p>", "<p>scp and CPR and CPs</p>", "<p>iro</p>", "<p>iros</p>"])
def test_an_abbreviation_matches_only_in_its_own_case_and_as_a_whole_word(text):
    assert links(LINKER.link(text, PAGE)) == []


def test_the_longest_term_wins_early_help_hub_before_early_help():
    out = LINKER.link("<p>The Early Help Hub offers early help.</p>", PAGE)
    assert links(out) == [("early-help-hub", "Early Help Hub"), ("early-help", "early help")]


def test_child_protection_plan_is_one_term_not_child_protection_followed_by_plan():
    out = LINKER.link("<p>A child protection plan, then child protection.</p>", PAGE)
    assert links(out) == [("cp-plan", "child protection plan"), ("cp", "child protection")]


def test_text_taken_by_a_linked_term_is_not_searched_again_for_a_shorter_one():
    out = LINKER.link("<p>The CP Plan. Another CP Plan mentions CP.</p>", PAGE)
    assert links(out) == [("cp-plan", "CP Plan"), ("cp", "CP")]
    assert out.count("CP Plan") == 2


def test_in_an_alias_a_word_in_capitals_keeps_its_case_and_the_other_words_do_not():
    assert links(LINKER.link("<p>the CP plan</p>", PAGE)) == [("cp-plan", "CP plan")]
    assert links(LINKER.link("<p>the cp Plan</p>", PAGE)) == []


def test_one_link_per_term_per_page_whichever_spelling_comes_first():
    out = LINKER.link("<p>IROs meet.</p><p>The Independent Reviewing Officer and the IRO.</p>", PAGE)
    assert links(out) == [("iro", "IROs")]


def test_a_term_across_a_line_break_is_still_one_term():
    assert links(LINKER.link("<p>the Independent\n  Reviewing Officer</p>", PAGE)) == [("iro", "Independent\n  Reviewing Officer")]


@pytest.mark.parametrize("html", [
    "<h1>IRO</h1>", "<h2 id='x'>The <em>IRO</em> role</h2>", "<h6>IRO</h6>",
    '<a href="x">the IRO</a>', '<a href="x"><span>IRO</span></a>',
    "<code>IRO</code>", "<pre>IRO</pre>", '<svg class="hb-fc"><a href="#x"><text>IRO</text></a></svg>',
    '<abbr title="x">IRO</abbr>', "<script>var IRO = 'IRO';</script>", "<style>.IRO{}</style>",
    "<button>IRO</button>", "<select><option>IRO</option></select>", "<label>IRO</label>",
    "<textarea>IRO</textarea>", "<!-- IRO -->", '<svg><text>IRO</text></svg>',
    '<div class="x hb-no-terms"><p>IRO</p></div>',
])
def test_no_link_inside_headings_links_code_pre_abbr_scripts_form_controls_or_svg(html):
    out = LINKER.link(html, PAGE)
    assert out == html


def test_after_a_skipped_element_the_next_use_in_text_is_the_first_use():
    out = LINKER.link("<h2>The <em>IRO</em></h2><p>The IRO.</p>", PAGE)
    assert links(out) == [("iro", "IRO")]
    assert out.startswith("<h2>The <em>IRO</em></h2>")


def test_never_inside_a_tag_or_an_attribute():
    html = '<p title="IRO and early help" data-x=\'CP\'><img alt="IRO"> text</p>'
    assert LINKER.link(html, PAGE) == html


def test_an_attribute_holding_a_greater_than_sign_does_not_end_the_tag():
    html = '<p title="a > IRO">x</p><p>IRO</p>'
    out = LINKER.link(html, PAGE)
    assert out.startswith('<p title="a > IRO">x</p>') and links(out) == [("iro", "IRO")]


def test_entities_in_the_text_are_matched_as_characters_and_written_back_escaped():
    out = LINKER.link("<p>Children&#39;s Services decide &lt;IRO&gt; &amp; more</p>", PAGE)
    assert links(out) == [("csc", "Children's Services"), ("iro", "IRO")]
    assert "&lt;<a" in out and "</a>&gt;" in out and " &amp; more" in out
    assert "<IRO>" not in out


def test_text_with_no_term_is_left_exactly_as_it_was():
    html = "<p>Nothing &#39;here&#39; &nbsp; at all</p>"
    assert LINKER.link(html, PAGE) == html


@pytest.mark.parametrize("page_url,expected", [
    ("", "glossary/#iro"),
    ("about/privacy/", "../../glossary/#iro"),
    ("procedures/", "../glossary/#iro"),
    ("procedures/x.html", "../glossary/#iro"),
    ("index.html", "glossary/#iro"),
])
def test_the_link_is_relative_to_the_page(page_url, expected):
    assert LINKER.href("iro", page_url) == expected


def test_the_glossary_itself_links_to_itself_relatively():
    assert relative_url("glossary/", "glossary/") == "../glossary/"
