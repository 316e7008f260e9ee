"""The handbook built from a repository with a scripted history (see conftest.py): each procedure
page's "What changed" list, the What's new page, the Atom feed and procedures.json say the same
changes, in words from the data, and a commit that only reformats a file is no change anywhere."""
from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

A = "{http://www.w3.org/2005/Atom}"
ADDED = "Add the procedures"


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def changes_on_page(raw: str) -> list[dict]:
    """The page's "What changed" list: anchor, date, sentences and why, in page order."""
    section = raw.split('id="what-changed"', 1)[1]
    out = []
    for anchor, body in re.findall(r'<li class="hb-change" id="([^"]+)">(.*?)</p></li>', section, re.S):
        date = re.search(r'<time datetime="([^"]+)"', body).group(1)
        sentences = [text(s) for s in re.findall(r"<li>(.*?)</li>", body, re.S)]
        why = text(body.rsplit('<p class="hb-change-why">', 1)[1]).removeprefix("Why: ")
        out.append({"anchor": anchor, "date": date, "changes": sentences, "why": why})
    return out


def page(site: Path, pid: str) -> str:
    return (site / "procedures" / pid / "index.html").read_text(encoding="utf-8")


def expected_timescale(s) -> str:
    return f"Stage {s.number}'s timescale changed from {s.amount} to {s.amount + 5} working days"


def test_the_procedure_page_lists_each_change_newest_first_and_not_the_reformat(history_site, scripted):
    changes = changes_on_page(page(history_site, scripted.pid))
    assert [c["why"] for c in changes] == [scripted.NOTE_SUBJECT, scripted.CONTACT_SUBJECT, scripted.TIMESCALE_SUBJECT, ADDED]
    assert [c["anchor"] for c in changes] == [
        f"change-{scripted.commits[s][:12]}" for s in (scripted.NOTE_SUBJECT, scripted.CONTACT_SUBJECT, scripted.TIMESCALE_SUBJECT, ADDED)]
    assert [c["date"] for c in changes] == [scripted.DATES[3], scripted.DATES[2], scripted.DATES[1], scripted.DATES[0]]
    by_why = {c["why"]: c["changes"] for c in changes}
    assert len(by_why[scripted.TIMESCALE_SUBJECT]) == 1 and by_why[scripted.TIMESCALE_SUBJECT][0].startswith(expected_timescale(scripted))
    assert by_why[scripted.CONTACT_SUBJECT] == ["Contact 'Principal Officer' telephone changed from 01724 296500 to 01724 296555"]
    assert by_why[scripted.NOTE_SUBJECT] == [f"Note added: {scripted.NOTE_TEXT}"]
    assert by_why[ADDED] == ["Added to the handbook"]
    assert scripted.REFORMAT_SUBJECT not in page(history_site, scripted.pid)


def test_last_changed_is_the_last_change_to_the_data_not_the_last_commit(history_site, scripted):
    raw = page(history_site, scripted.pid)
    summary = raw.split('id="summary"', 1)[1].split("</dl>", 1)[0]
    last = re.search(r"<dt>Last changed in the handbook</dt><dd>(.*?)</dd>", summary, re.S)
    assert last, "no 'Last changed in the handbook' in the summary"
    assert f'datetime="{scripted.DATES[3]}"' in last.group(1) and "20 April 2026" in text(last.group(1))


def test_text_from_commits_and_data_is_escaped(history_site, scripted):
    raw = page(history_site, scripted.pid)
    assert "<from the 2026 list>" not in raw and "<b>all</b>" not in raw
    assert "&lt;from the 2026 list&gt; &amp; checked" in raw


def test_every_other_procedure_was_added_once(history_site, scripted):
    data = json.loads((history_site / "data" / "procedures.json").read_text(encoding="utf-8"))
    others = [p for p in data["procedures"] if p["id"] != scripted.pid]
    for p in others:
        changes = changes_on_page(page(history_site, p["id"]))
        assert [(c["why"], c["changes"]) for c in changes] == [(ADDED, ["Added to the handbook"])], p["id"]


def test_the_json_carries_each_procedures_history(history_site, scripted):
    data = json.loads((history_site / "data" / "procedures.json").read_text(encoding="utf-8"))
    proc = next(p for p in data["procedures"] if p["id"] == scripted.pid)
    h = proc["history"]
    assert h["available"] is True and h["last_changed"] == scripted.DATES[3]
    assert [c["why"] for c in h["changes"]] == [scripted.NOTE_SUBJECT, scripted.CONTACT_SUBJECT, scripted.TIMESCALE_SUBJECT, ADDED]
    assert [c["commit"] for c in h["changes"]] == [scripted.commits[s] for s in (scripted.NOTE_SUBJECT, scripted.CONTACT_SUBJECT, scripted.TIMESCALE_SUBJECT, ADDED)]
    assert h["changes"][2]["changes"][0].startswith(expected_timescale(scripted))
    assert h["changes"][0]["changes"] == [f"Note added: {scripted.NOTE_TEXT}"]
    assert all("history" in p for p in data["procedures"])


def test_the_rule_core_still_reads_the_json_with_history_in_it(history_site, scripted):
    from navigator import api

    text_ = (history_site / "data" / "procedures.json").read_text(encoding="utf-8")
    data = json.loads(text_)
    assert api.load_bundle(text_) == len(data["procedures"])
    proc = next(p for p in data["procedures"] if p["id"] == scripted.pid)
    answer = json.loads(api.call("stage_deadlines", json.dumps(
        {"procedure": scripted.pid, "pathway": proc["pathways"][scripted.pw]["id"], "raised": "2026-12-18"})))
    assert "ok" in answer, answer


def feed(site: Path) -> ET.Element:
    return ET.parse(site / "whats-new" / "feed.xml").getroot()


def rfc3339(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_the_feed_is_atom_with_the_required_elements(history_site):
    root = feed(history_site)
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated"):
        assert (root.findtext(f"{A}{tag}") or "").strip(), f"feed has no {tag}"
    rfc3339(root.findtext(f"{A}updated"))
    assert root.findtext(f"{A}author/{A}name").strip()
    assert any(link.get("rel") == "self" and link.get("href") for link in root.findall(f"{A}link"))
    entries = root.findall(f"{A}entry")
    assert entries
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(urlparse(i).scheme for i in ids)   # ids are absolute IRIs
    for e in entries:
        assert e.findtext(f"{A}title").strip()
        rfc3339(e.findtext(f"{A}updated"))
        links = [link for link in e.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert len(links) == 1 and links[0].get("href")


def test_the_feed_has_one_entry_per_change_each_linking_to_it_on_the_page(history_site, scripted):
    root = feed(history_site)
    feed_url = "http://handbook.invalid/whats-new/feed.xml"
    mine = []
    for e in root.findall(f"{A}entry"):
        href = urljoin(feed_url, e.find(f"{A}link").get("href"))
        url = urlparse(href)
        assert url.path.startswith("/procedures/") and url.fragment.startswith("change-"), href
        pid = url.path.split("/")[2]
        assert f'id="{url.fragment}"' in page(history_site, pid), f"{href} points at no change on the page"
        if pid == scripted.pid:
            mine.append((url.fragment, e.findtext(f"{A}title"), e.findtext(f"{A}summary"), e.findtext(f"{A}updated")))
    assert [m[0] for m in mine] == [f"change-{scripted.commits[s][:12]}" for s in (scripted.NOTE_SUBJECT, scripted.CONTACT_SUBJECT, scripted.TIMESCALE_SUBJECT, ADDED)]
    assert expected_timescale(scripted) in mine[2][1] and scripted.TIMESCALE_SUBJECT in mine[2][2]
    assert f"Note added: {scripted.NOTE_TEXT}" in mine[0][1]
    assert all(scripted.REFORMAT_SUBJECT not in (m[2] or "") for m in mine)
    assert root.findtext(f"{A}updated") == "2026-04-20T13:00:00Z" == mine[0][3]


def test_every_page_links_the_feed_from_its_head(history_site):
    pages = sorted(history_site.rglob("*.html"))
    assert pages
    for p in pages:
        raw = p.read_text(encoding="utf-8")
        head = raw.split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        rel = p.relative_to(history_site).as_posix()
        url = "http://h/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        assert [urljoin(url, h) for h in links] == ["http://h/whats-new/feed.xml"], rel


def test_the_whats_new_page_lists_the_changes_and_is_in_the_nav(history_site, scripted):
    raw = (history_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    for s in (scripted.NOTE_SUBJECT, scripted.TIMESCALE_SUBJECT):
        assert f'href="../procedures/{scripted.pid}/#change-{scripted.commits[s][:12]}"' in raw
    assert scripted.CONTACT_SUBJECT in text(raw) and "&lt;from the 2026 list&gt;" in raw
    assert scripted.REFORMAT_SUBJECT not in raw
    assert expected_timescale(scripted) in text(raw)
    assert 'href="feed.xml"' in raw
    about = (history_site / "about" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./whats-new/" class="md-nav__link">\s*(<[^>]+>\s*)*What\'s new', about), \
        "What's new is not in the About section of the navigation"
