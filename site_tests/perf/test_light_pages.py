"""Every page stays light at national scale (issue 18): search costs nothing until the reader opens
it, and still finds the words practitioners use; the navigator fetches only the area answered."""
from __future__ import annotations

import json
from urllib.parse import urlencode, urlparse

import pytest

from navigator import api
from navigator.flow import answers_for, enumerate_paths

READY = "html[data-navigator=ready], html[data-navigator=failed]"
TODAY = "2027-01-15"


def is_search_file(url: str) -> bool:
    path = urlparse(url).path
    return "/search/" in path or "/workers/search." in path


def data_files(requests: list[str]) -> list[str]:
    """The site's data files fetched (data/..., not the core's own files under assets/)."""
    return sorted({urlparse(u).path[len("/data/"):] for u in requests if urlparse(u).path.startswith("/data/")})


@pytest.fixture(scope="module")
def data(site_dir) -> dict:
    return json.loads((site_dir / "data" / "procedures.json").read_text(encoding="utf-8"))


def search(visit, base_url, path: str, words: str):
    page = visit.page
    page.goto(base_url + path, wait_until="networkidle")
    before = [u for u in visit.requests if is_search_file(u)]
    page.keyboard.press("/")
    page.keyboard.type(words)
    page.wait_for_selector(".md-search-result__item", state="visible", timeout=20000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.getAttribute('href'))")
    text = page.locator(".md-search-result").inner_text()
    return before, links, text


def test_no_search_file_is_fetched_before_the_reader_opens_search(visit, base_url, data):
    page = visit.page
    path = f"procedures/{data['procedures'][0]['id']}/"
    page.goto(base_url + path, wait_until="networkidle")
    page.mouse.wheel(0, 600)
    page.keyboard.press("Tab")   # moving about the page is not opening search
    page.wait_for_timeout(300)
    assert [u for u in visit.requests if is_search_file(u)] == []
    page.click("input.md-search__input", timeout=5000)   # the search box, as a reader clicks it at 1280 px
    page.keyboard.type("escalation")
    page.wait_for_selector(".md-search-result__item", state="visible", timeout=20000)
    fetched = [urlparse(u).path for u in visit.requests if is_search_file(u)]
    assert any(p.endswith("/search/search_index.json") for p in fetched), fetched
    assert visit.errors == [] and visit.other_hosts() == set()


def practitioners_words(data) -> list[str]:
    """Words a practitioner searches with: two of the issue's own, an area's name, glossary terms,
    a role (the glossary's and one who starts a pathway), and a stage's and a contact's name."""
    areas = [a for a in data["areas"] if any(p["area"] == a["id"] for p in data["procedures"])]
    terms = data["glossary"]
    roles = [t for t in terms if t["kind"] == "role"]
    last = data["procedures"][-1]
    pathway = next(pw for pw in last["pathways"] if pw.get("stages") and pw.get("raised_by"))
    starts = next(r["name"] for r in last["roles"] if r["id"] == pathway["raised_by"][0])
    contact = next(c["label"] for p in data["procedures"] for c in p.get("contacts") or [])
    return ["IRO", "conference", "disagree", areas[0]["name"], areas[-1]["name"],
            terms[0]["term"], terms[len(terms) // 2]["term"], terms[-1]["term"], roles[-1]["term"], starts,
            pathway["stages"][-1]["title"], contact]


def test_search_finds_the_words_practitioners_use(visit, base_url, data):
    terms = {t["term"] for t in data["glossary"]}
    areas = {a["name"]: a["id"] for a in data["areas"]}
    named = {x: p["id"] for p in data["procedures"] for x in
             [st["title"] for pw in p["pathways"] for st in pw.get("stages") or []]
             + [c["label"] for c in p.get("contacts") or []]}
    for words in dict.fromkeys(practitioners_words(data)):
        visit.page.goto("about:blank")
        _, links, text = search(visit, base_url, "", words)
        assert links, f"no result for {words!r}"
        first_word = words.split()[0].lower()
        assert first_word in text.lower(), f"the results for {words!r} do not show it: {text[:300]}"
        if words in terms:
            assert any("glossary/" in link for link in links), f"{words!r} does not find its glossary entry: {links}"
        if words in areas:
            assert any("procedures/" in link for link in links), f"{words!r} finds no procedure: {links}"
        if words in named:
            assert any(f"procedures/{named[words]}/" in link for link in links), f"{words!r} finds not its procedure: {links}"
    assert visit.other_hosts() == set()


def choose(page, answer: str):
    """Check an answer (a GOV.UK radio) and press the form's Continue, as a reader does."""
    page.check(f"form.hb-nav-choice input.hb-radio-input[value='{answer}']")
    page.click("form.hb-nav-choice button.hb-continue--none")


def test_the_navigator_fetches_the_index_first_and_only_the_answered_areas_part(visit, base_url, data):
    page = visit.page
    page.goto(base_url + "navigator/start/")
    page.wait_for_selector(READY, state="attached", timeout=60000)
    assert page.evaluate("document.documentElement.dataset.navigator") == "ready"
    assert data_files(visit.requests) == ["navigator/index.json"], "the first question needs the index only"
    area = [a for a in data["areas"] if any(p["area"] == a["id"] for p in data["procedures"])][-1]
    choose(page, "no")
    page.wait_for_selector(".hb-nav[data-nav-node='area']", state="attached", timeout=20000)
    choose(page, area["id"])
    page.wait_for_selector(f".hb-nav[data-nav-node='{area['id']}--situation']", timeout=20000)
    assert data_files(visit.requests) == sorted([f"navigator/{area['id']}.json", "navigator/index.json"])
    assert visit.errors == [] and visit.other_hosts() == set()


def test_an_outcome_opened_from_its_address_fetches_its_own_area_only(visit, base_url, data, site_dir):
    text = (site_dir / "data" / "procedures.json").read_text(encoding="utf-8")
    api.load_bundle(text)
    flow = data["flow"]
    area = [a for a in data["areas"] if any(p["area"] == a["id"] for p in data["procedures"])][0]["id"]
    for path in enumerate_paths(flow):
        answers = answers_for(flow, path, "2026-12-18")
        if answers.get("area") == area:
            step = json.loads(api.call("next_step", json.dumps({"answers": answers, "today": TODAY})))["ok"]
            if "outcome" in step:
                break
    else:
        pytest.fail(f"no outcome for {area}")
    page = visit.page
    page.goto(base_url + f"navigator/start/{step['page']}?{urlencode(answers)}")
    page.wait_for_selector(READY, state="attached", timeout=60000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.dataset.navigator") == "ready"
    assert data_files(visit.requests) == sorted([f"navigator/{area}.json", "navigator/index.json"])
    assert "procedures.json" not in " ".join(visit.requests)
    assert visit.errors == []


def test_the_search_index_holds_every_procedure_bounded_and_no_change_history(site_dir, data):
    """The built index (Material's, sized by generator/search_index.py): every procedure's page and
    sections, every stage and contact named, no entry of a procedure page longer than the bound."""
    import html

    from generator.search_index import BOUND, SECTIONS_LEFT_OUT

    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = [d["location"] for d in docs]
    for procedure in data["procedures"]:
        page = f"procedures/{procedure['id']}/"
        assert page in locations, f"{page} is not searchable"
        own = [d for d in docs if d["location"].partition("#")[0] == page]
        assert any(d["location"].startswith(page + "#") for d in own), f"{page}'s sections are not searchable"
        assert not [d for d in own if d["location"].partition("#")[2] in SECTIONS_LEFT_OUT]
        assert not [d for d in own if len(html.unescape(d["text"])) > BOUND], f"{page}: an entry over {BOUND} characters"
        words = " ".join(html.unescape(f"{d['title']} {d['text']}") for d in own)
        for name in ([st["title"] for pw in procedure["pathways"] for st in pw.get("stages") or []]
                     + [c["label"] for c in procedure.get("contacts") or []]):
            assert name in words, f"{page}: {name!r} is not searchable"
    assert not [loc for loc in locations if loc.startswith(("whats-new/", "navigator/start/", "embed/"))]
    assert any(loc.startswith("glossary/") for loc in locations)
