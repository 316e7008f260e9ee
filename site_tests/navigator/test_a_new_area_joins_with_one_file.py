"""A partnership joins the navigator by adding one procedure file and its area's entry, nothing else:
in a copy of the repository, a new area's procedure is built, and the static navigator (no
JavaScript) is walked from the first question to every stage of every pathway of it. The same walk
reaches every stage of every pathway of the real procedures in the site the tests build."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from ..authoring.copies import repo_copy
from ..conftest import build_site

ROOT = Path(__file__).resolve().parents[2]
NEW_AREA = "newtown"
NEW_ID = "newtown-escalation-policy-2026"


class Links(HTMLParser):
    """The navigator's own links on a page (answers and "continue without"), and its node."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.node = None
        self.kind = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "hb-nav" in classes and self.node is None:
            self.node, self.kind = a.get("data-nav-node"), a.get("data-nav-kind")
        if tag == "a" and {"hb-nav-option", "hb-nav-skip"} & set(classes):
            self.links.append(a["href"])
        if tag == "button" and a.get("formaction"):   # an answer's Continue: its page, with no script
            self.links.append(a["formaction"])


def walk(site: Path) -> dict[str, Links]:
    """Every navigator page reachable from navigator/start/ by following its links, by site path."""
    seen: dict[str, Links] = {}
    todo = ["navigator/start/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        file = site / url / "index.html"
        assert file.is_file(), f"a navigator link leads to {url}, which was not built"
        seen[url] = page = Links(file.read_text(encoding="utf-8"))
        todo += [urljoin("/" + url, href).lstrip("/") for href in page.links]
    return seen


def stages_reached(pages: dict[str, Links], procedure: dict) -> set[tuple[str, str]]:
    out = set()
    for url, page in pages.items():
        m = re.fullmatch(rf"navigator/start/{re.escape(procedure['id'])}--([a-z0-9-]+)/(?:([a-z0-9-]+)/)?", url)
        if m and page.kind == "outcome":
            out.add((m.group(1), m.group(2) or "not-started"))
    return out


def every_stage(procedure: dict) -> set[tuple[str, str]]:
    return {(p["id"], s) for p in procedure.get("pathways", []) if p.get("stages")
            for s in ["not-started"] + [st["id"] for st in p["stages"]]}


def test_the_static_navigator_reaches_every_stage_of_every_real_pathway(site_dir):
    from generator.loader import load_bundle

    pages = walk(site_dir)
    for procedure in load_bundle(ROOT).procedures:
        assert every_stage(procedure) <= stages_reached(pages, procedure), procedure["id"]


@pytest.fixture(scope="module")
def new_area_site(tmp_path_factory) -> tuple[Path, dict]:
    repo = repo_copy(tmp_path_factory.mktemp("repo"))
    # The one file: a procedure of a new area (here Bexley's text under a new id, area and title).
    source = (ROOT / "procedures" / "bexley" / "bexley-cp-lac-escalation-2018.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", f"id: {NEW_ID}", source, count=1, flags=re.M)
    text = re.sub(r"^area: .*$", f"area: {NEW_AREA}", text, count=1, flags=re.M)
    text = re.sub(r"^short_title: .*$", "short_title: Newtown escalation policy", text, count=1, flags=re.M)
    (repo / "procedures" / NEW_AREA).mkdir()
    (repo / "procedures" / NEW_AREA / f"{NEW_ID}.yaml").write_text(text, encoding="utf-8")
    # ... and its area's entry.
    areas = repo / "procedures" / "areas.yaml"
    areas.write_text(areas.read_text(encoding="utf-8").rstrip("\n") + f"\n  - id: {NEW_AREA}\n    name: Newtown\n"
                     "    group: South West\n    nation: England\n    region: england-and-wales\n", encoding="utf-8")
    site = repo / "site"
    result = build_site(site, root=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, yaml.safe_load(text)


def test_a_new_areas_procedure_is_offered_under_its_group_and_every_stage_is_reached(new_area_site):
    site, procedure = new_area_site
    area_page = (site / "navigator" / "start" / "area" / "index.html").read_text(encoding="utf-8")
    assert "South West" in area_page and f'value="{NEW_AREA}"' in area_page
    pages = walk(site)
    assert every_stage(procedure) and every_stage(procedure) <= stages_reached(pages, procedure)
    act_now = f"navigator/start/{NEW_AREA}--act-now/"
    assert act_now in pages and pages[act_now].kind == "outcome"


def test_the_new_areas_situations_each_lead_on_from_its_own_situation_question(new_area_site):
    site, procedure = new_area_site
    page = Links((site / "navigator" / "start" / f"{NEW_AREA}--situation" / "index.html").read_text(encoding="utf-8"))
    assert page.kind == "question" and len(page.links) == len(procedure["situations"])
