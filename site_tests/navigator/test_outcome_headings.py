"""Every navigator outcome's h1 says what to do now, short enough for a 390 px phone, for every
outcome of every procedure (each pathway at each stage and not raised yet, schedules, rules, no
route, act now), rendered straight from generator.navigator_pages (no MkDocs, no browser).

The bound: at 390 px the h1 is 24 px (flow.css), about 29 characters a line in the widest fallback
font (DejaVu Sans, measured in Chromium: 60 to 74 characters take three lines, 95 take four). At
60 characters the heading stays within three lines (about 90 px) on every phone font, so the
contact and the date still fit the first screen below it. What comes next and by when are in the
lead under the h1, not in it."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest

from generator.loader import load_bundle
from generator.navigator_pages import navigator_pages

MAX_HEADING = 60
TODAY = date(2026, 11, 23)
BUNDLE = load_bundle()
PAGES = navigator_pages(BUNDLE, TODAY)
OUTCOMES = {uri: text for uri, text in PAGES.items() if 'data-nav-kind="outcome"' in text}


def heading(text: str) -> str:
    found = re.search(r'<h1 id="hb-nav-heading"[^>]*>(.*?)</h1>', text, re.S)
    assert found, "an outcome page has its h1"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def lead_kind(text: str) -> str:
    return re.search(r'data-lead="([^"]+)"', text).group(1)


@pytest.mark.parametrize("uri", sorted(OUTCOMES), ids=str)
def test_the_outcome_heading_says_what_to_do_in_at_most_60_characters_with_no_none_or_doubled_word(uri):
    h1 = heading(OUTCOMES[uri])
    assert h1 and len(h1) <= MAX_HEADING, f"{len(h1)} characters: {h1!r} (give the stage or rule a short_title)"
    assert "None" not in h1 and "none" not in h1.split()
    words = re.findall(r"[\w']+", h1.lower())
    assert not [a for a, b in zip(words, words[1:]) if a == b], f"a doubled word: {h1!r}"
    assert "no later than" not in h1.lower() and not re.search(r"\b20\d\d\b", h1), "the date is the lead's, not the h1's"
    assert not h1.endswith((":", ",", "(", " at")), h1


def test_the_page_title_is_the_heading():
    for uri, text in OUTCOMES.items():
        title = re.search(r"^title: (.*)$", text, re.M).group(1).strip().strip('"')
        assert html.unescape(title) == heading(text), uri


def test_every_kind_of_outcome_is_among_the_pages_checked():
    kinds = {lead_kind(text) for text in OUTCOMES.values()}
    flow_kinds = {o["kind"] for o in BUNDLE.flow["outcomes"]}
    expected = (flow_kinds - {"pathway"}) | ({"raise", "await", "await-last"} if "pathway" in flow_kinds else set())
    assert expected <= kinds, expected - kinds


def test_a_stage_the_source_does_not_number_is_named_by_its_title_and_a_numbered_one_by_its_number():
    for uri, text in OUTCOMES.items():
        if lead_kind(text) not in ("raise", "await", "await-last") or "data-stage" not in text:
            continue
        h1 = heading(text)
        assert re.match(r"^(Raise it at|Get a response at) stage \w+ \(.+\)$", h1) or \
            re.match(r"^(First step|Now): [A-Z]", h1), f"{uri}: {h1!r}"


def test_the_next_step_line_says_by_then_only_where_there_is_a_time_to_refer_to():
    checked = 0
    for uri, text in OUTCOMES.items():
        if "Without a response" not in text:
            continue
        checked += 1
        no_time = "The document gives no timescale for this stage" in text and 'data-show="stage:' not in \
            text.split('class="hb-lead-by"')[1].split("</div>")[0]
        assert ("Without a response by then" in text) != no_time, uri
    assert checked
