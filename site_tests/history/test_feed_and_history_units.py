"""The feed and the history's JSON, from a History made by hand (no git, no build)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

from generator import whats_new
from generator.history import NOT_COMMITTED, Change, History, unavailable

A = "{http://www.w3.org/2005/Atom}"
PROCS = [{"id": "one-2020", "title": "Procedure one", "short_title": "One", "area": "north"},
         {"id": "two-2021", "title": "Procedure two", "area": "south"}]
BUNDLE = SimpleNamespace(procedures=PROCS)
HISTORY = History(True, changes={
    "one-2020": [Change("b" * 40, "2026-03-01T09:00:00+01:00", "Why \x01with a control character",
                        ("Stage 2's timescale changed from 5 to 10 working days", "Note added: <b>x</b> & y")),
                 Change("a" * 40, "2026-01-01T09:00:00+00:00", "Add", ("Added to the handbook",))],
})


def test_the_feed_with_a_site_url_links_absolutely_and_is_well_formed():
    root = ET.fromstring(whats_new.feed(BUNDLE, HISTORY, "https://handbook.example.org/"))
    assert root.findtext(f"{A}id") == "https://handbook.example.org/whats-new/feed.xml"
    entries = root.findall(f"{A}entry")
    assert [e.find(f"{A}link").get("href") for e in entries] == [
        "https://handbook.example.org/procedures/one-2020/#change-bbbbbbbbbbbb",
        "https://handbook.example.org/procedures/one-2020/#change-aaaaaaaaaaaa"]
    assert entries[0].findtext(f"{A}updated") == "2026-03-01T08:00:00Z"     # in UTC
    assert entries[0].findtext(f"{A}title") == "One: Stage 2's timescale changed from 5 to 10 working days (and 1 more)"
    assert "Note added: <b>x</b> & y" in entries[0].findtext(f"{A}summary")  # text, escaped by the XML writer
    assert "\x01" not in entries[0].findtext(f"{A}summary")


def test_feed_entry_ids_stay_the_same_from_build_to_build_and_differ_between_entries():
    ids = [[e.findtext(f"{A}id") for e in ET.fromstring(whats_new.feed(BUNDLE, HISTORY)).findall(f"{A}entry")]
           for _ in range(2)]
    assert ids[0] == ids[1] and len(set(ids[0])) == 2


def test_the_feed_keeps_only_the_newest_entries():
    root = ET.fromstring(whats_new.feed(BUNDLE, HISTORY, limit=1))
    assert [e.findtext(f"{A}title")[:5] for e in root.findall(f"{A}entry")] == ["One: "]


def test_the_json_says_last_changed_or_why_not():
    assert HISTORY.to_json("one-2020")["last_changed"] == "2026-03-01T09:00:00+01:00"
    assert [c["commit"] for c in HISTORY.to_json("one-2020")["changes"]] == ["b" * 40, "a" * 40]
    assert HISTORY.to_json("two-2021") == {"available": False, "reason": NOT_COMMITTED}
    none = unavailable("git is not installed")
    assert none.to_json("one-2020") == {"available": False, "reason": none.sentence("one-2020")}
    assert "git is not installed" in none.sentence("one-2020")
