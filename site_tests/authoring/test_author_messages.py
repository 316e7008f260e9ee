"""The mistakes a procedures officer makes, each in a temporary repository, and the exact line the
check gives: file:line:column: field: what is wrong — what to write instead, with an example."""
from __future__ import annotations

import pytest

from generator.loader import LoadError, load_bundle

from .example import FILE, example_repo, edited, first_area


def lines(tmp_path, procedure, **kw):
    root, sources = example_repo(tmp_path, procedure, **kw)
    try:
        bundle = load_bundle(root, sources=sources)
    except LoadError as exc:
        return [str(p) for p in exc.problems]
    return [f"warning: {w}" for w in bundle.warnings if "last verified" not in w.message]


def f(text: str) -> str:
    return text.replace("{file}", FILE.format(area=first_area()))


def test_the_example_itself_is_clean(tmp_path):
    assert lines(tmp_path, None) == []


MISTAKES = {
    "a date written day/month/year": (
        "    last_verified: 2024-03-01\n", "    last_verified: 12/03/2019\n",
        "{file}:23:5: contacts[0].last_verified: '12/03/2019' is not in the expected form — write a date as "
        "YYYY, YYYY-MM or YYYY-MM-DD, for example 2018-11; here: 2019-03-12"),
    "a phone number with brackets and a hyphen": (
        "    phone: 01234 567890\n", "    phone: (01234) 567-890\n",
        "{file}:20:5: contacts[0].phone: '(01234) 567-890' is not in the expected form — write the number with "
        "digits and spaces only (a + may start it), 6 to 20 characters, for example 01322 356100 or "
        "+44 1322 356100; here: 01234 567 890"),
    "a tab in the indentation": (
        "    raised_by: [practitioner]\n", "\traised_by: [practitioner]\n",
        "{file}:28:1: a tab in the indentation — indent with spaces, not tabs: 2 spaces for each level "
        "(set your editor to insert spaces when you press Tab)"),
    "a timescale written as words": (
        "        timescale:\n          unit: working_days\n          amount: 5\n          text: 5 working days\n"
        "          cite: {section: \"2. Stages\", quote: \"respond within 5 working days\"}\n",
        "        timescale: 5 workdays\n",
        "{file}:37:9: pathways[0].stages[0].timescale: expected a mapping (key: value lines), got text "
        "'5 workdays' — write it as a mapping, for example: timescale: {unit: working_days, amount: 5, "
        "text: \"5 workdays\"} (units: working_days, calendar_days, weeks, hours, calendar_months, "
        "same_working_day, working_days_before, hours_before, immediately, at_any_time, none_stated, sooner_of)"),
    "a timescale's unit deleted (and nothing said about 'of')": (
        "          unit: working_days\n          amount: 5\n", "          amount: 5\n",
        "{file}:37:9: pathways[0].stages[0].timescale: missing required field 'unit' — add 'unit:', one of: "
        "working_days, calendar_days, weeks, hours, calendar_months, same_working_day, working_days_before, "
        "hours_before, immediately, at_any_time, none_stated, sooner_of"),
    "a quote that is not word for word": (
        'quote: "respond within 5 working days"', 'quote: "reply within five working days"',
        "{file}:41:40: pathways[0].stages[0].timescale.cite.quote: not in the source text — nearest passage, "
        "line 5 of example-escalation-2024.txt: \"respond within 5 working days.\"; copy the words exactly "
        "from the source"),
    "a timescale's text and amount changed but not its quote": (
        "          amount: 5\n          text: 5 working days\n", "          amount: 7\n          text: 7 working days\n",
        "{file}:41:40: pathways[0].stages[0].timescale.cite.quote: amount is 7 but the quote says "
        "'respond within 5 working days' — quote the words of the source that give this timescale, or correct "
        "amount and text to what the quote says"),
    "a timescale's text that says another number than its amount": (
        "          text: 5 working days\n", "          text: 7 working days\n",
        "{file}:39:11: pathways[0].stages[0].timescale.amount: amount is 5 but text says '7 working days' — make "
        "them agree: amount: 7 for that text, or write the source's own words for 5 in text"),
    "a timescale without its cite": (
        "          text: 5 working days\n          cite: {section: \"2. Stages\", quote: \"respond within 5 working days\"}\n",
        "          text: 5 working days\n",
        "{file}:37:9: pathways[0].stages[0].timescale: missing required field 'cite' — add 'cite:' (Where in the "
        "source document this comes from, with a few of its words copied exactly, for example {section: "
        "\"4. Timescales\", quote: \"Head of service 5 days\"}.)"),
    "a contact's cite without a quote": (
        '    cite: {section: "3. Contacts", quote: "Safeguarding team: 01234 567890"}\n',
        '    cite: {section: "3. Contacts"}\n',
        "{file}:24:5: contacts[0].cite: missing required field 'quote' — add 'quote:' (A few words copied exactly "
        "from the source document (the build checks them against its text).)"),
}


@pytest.mark.parametrize("case", MISTAKES, ids=list(MISTAKES))
def test_a_mistake_gives_one_line_that_says_what_to_write(tmp_path, case):
    old, new, expected = MISTAKES[case]
    assert lines(tmp_path, edited(old, new)) == [f(expected)]


def test_a_note_whose_sum_no_longer_matches_the_timescales_is_flagged(tmp_path):
    note = ("notes:\n  - id: stages-add-up\n    kind: contradiction\n    text: The stages add up to 5 + 5 = 10 "
            "working days.\n    applies_to: [main]\n    cite: {section: \"2. Stages\"}\n")
    assert lines(tmp_path, edited("pathways:\n", note + "pathways:\n")) == [f(
        "warning: {file}:28:5: notes[0].text: note 'stages-add-up' says 5 + 5 = 10, but the stage timescales are "
        "now 5 + 10 = 15 — update the note's text to the new timescales, or remove the note if the contradiction "
        "has gone")]


def test_a_note_whose_sum_is_right_is_not_flagged(tmp_path):
    note = ("notes:\n  - id: stages-add-up\n    kind: contradiction\n    text: The stages add up to 5 + 10 = 15 "
            "working days.\n    applies_to: [main]\n    cite: {section: \"2. Stages\"}\n")
    assert lines(tmp_path, edited("pathways:\n", note + "pathways:\n")) == []
