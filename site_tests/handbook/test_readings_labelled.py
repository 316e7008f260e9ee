"""Every reading labelled wherever it is shown (issue 15): the procedure page, its embed, the compare
page, the flowchart and the JSON export. A timescale the data labels as a reading (`reading:`) is
shown through one macro (generator/templates/_timescale.j2) that puts the label beside it; a page
that shows such a timescale's words without the label fails here. Counted from the data, so a new
procedure with a reading is checked the moment it exists."""
from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from generator.agreement import iter_timescales, unlabelled_reading
from generator.loader import load_bundle
from navigator.timescales import Timescale

BUNDLE = load_bundle()
PROCS = {p["id"]: p for p in BUNDLE.procedures}


def read_timescales(proc):
    return [t for _, t in iter_timescales(proc) if t.get("reading")]


def words(t):
    return Timescale.from_dict(t).words()


class Timescales(HTMLParser):
    """Each .hb-timescale on a page: its text, whether data-read is set, and whether the .hb-ts that
    holds it also holds a .hb-reading label."""

    def __init__(self):
        super().__init__()
        self.stack: list[dict] = []
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        node = {"tag": tag, "ts": "hb-ts" in classes, "timescale": "hb-timescale" in classes,
                "read": a.get("data-read") == "1", "text": "", "label": False}
        if "hb-reading" in classes:
            for outer in reversed(self.stack):
                if outer["ts"]:
                    outer["label"] = True
                    break
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        self.stack.append(node)

    def handle_endtag(self, tag):
        while self.stack:
            node = self.stack.pop()
            if node["timescale"]:
                wrapper = next((o for o in reversed(self.stack) if o["ts"]), None)
                node["wrapper"] = wrapper
                self.found.append(node)
            if node["tag"] == tag:
                break

    def handle_data(self, data):
        for node in self.stack:
            if node["timescale"]:
                node["text"] += data


def timescales_on(html: str) -> list[dict]:
    parser = Timescales()
    parser.feed(html)
    return parser.found


def page(site_dir, path):
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


def test_the_data_labels_a_reading_somewhere_so_this_file_checks_something():
    assert any(read_timescales(p) for p in BUNDLE.procedures)


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_no_timescale_in_the_data_shows_a_unit_its_source_words_do_not_say_without_a_reading(pid):
    assert [(t.get("text"), why) for _, t in iter_timescales(PROCS[pid]) if (why := unlabelled_reading(t))] == []


def pages_showing(pid):
    return [f"procedures/{pid}", f"embed/procedures/{pid}", "compare", "embed/compare"]


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_every_timescale_marked_as_a_reading_has_its_label_beside_it(site_dir, pid):
    for path in pages_showing(pid):
        for ts in timescales_on(page(site_dir, path)):
            if ts["read"]:
                assert ts["wrapper"] is not None and ts["wrapper"]["label"], (path, ts["text"])


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_a_read_timescale_is_never_shown_in_its_words_without_the_label(site_dir, pid):
    """Words like "5 working days" that only a reading gives may appear unmarked only where an
    unread timescale of the same procedure has the same words."""
    proc = PROCS[pid]
    read = {words(t) for t in read_timescales(proc)}
    unread = {words(t) for _, t in iter_timescales(proc) if not t.get("reading")}
    if not read:
        pytest.skip("this procedure labels no reading")
    for path in (f"procedures/{pid}", f"embed/procedures/{pid}"):
        shown = timescales_on(page(site_dir, path))
        assert [ts["text"] for ts in shown if ts["read"]], f"{path} shows no labelled reading"
        for ts in shown:
            if ts["text"] in read - unread:
                assert ts["read"], (path, ts["text"])
        # ...and nowhere outside the marked spans either.
        html = page(site_dir, path)
        bare = re.sub(r'<span class="hb-ts">.*?</span></span>', "", html, flags=re.S)
        bare = re.sub(r"<svg.*?</svg>", "", bare, flags=re.S)
        for w in read - unread:
            assert f">{w}<" not in bare and f" {w}." not in bare, (path, w)


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_the_compare_page_labels_each_read_stage_and_a_total_that_rests_on_a_reading(site_dir, pid):
    proc = PROCS[pid]
    html = page(site_dir, "compare")
    section = html[html.index(f'id="{pid}"'):]
    for pw in proc["pathways"]:
        read = [st for st in pw.get("stages") or [] if (st.get("timescale") or {}).get("reading")]
        if not read:
            continue
        table = section[section.index(f'data-pathway="{pw["id"]}"'):]
        table = table[:table.index("</table>")]
        marked = [ts for ts in timescales_on(table) if ts["read"]]
        assert len(marked) == len(read), pw["id"]
        row = html[html.index(f'<tr data-pathway="{pw["id"]}"'):]
        row = row[:row.index("</tr>")]
        if any(st["timescale"]["unit"] == "working_days" for st in read):
            assert "hb-reading" in row and "only if the stages are read as working days" in row, pw["id"]


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_each_flowchart_box_of_a_read_stage_says_it_is_the_handbooks_reading(site_dir, pid):
    html = " ".join(re.findall(r"<svg.*?</svg>", page(site_dir, f"procedures/{pid}"), re.S))
    for pw in PROCS[pid]["pathways"]:
        for st in pw.get("stages") or []:
            if (st.get("timescale") or {}).get("reading") and st["timescale"]["unit"] != "at_any_time":
                box = re.search(rf'href="#{pw["id"]}--{st["id"]}".*?</a>', html, re.S)
                assert box, (pw["id"], st["id"])
                text = " ".join(unescape(re.sub(r"<[^>]+>", " ", box.group(0))).split())
                assert "handbook's reading" in text, (pw["id"], st["id"], text)


def test_the_json_export_carries_every_reading(site_dir):
    data = json.loads((site_dir / "data" / "procedures.json").read_text(encoding="utf-8"))
    exported = {p["id"]: p for p in data["procedures"]}
    for pid, proc in PROCS.items():
        assert [t["reading"] for t in read_timescales(exported[pid])] == [t["reading"] for t in read_timescales(proc)]


def navigator_outcome_pages(site_dir, pid):
    """The navigator's static outcome pages of a procedure (navigator/start/<pid>--.../), any stage reached."""
    return sorted(p for p in (site_dir / "navigator" / "start").glob(f"{pid}--*/**/index.html")
                  if 'data-nav-kind="outcome"' in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_the_navigators_outcome_pages_label_every_read_timescale(site_dir, pid):
    """Where an outcome shows words that only a reading gives ("5 working days" for "5 days"), the
    handbook's reading label follows them before the next timescale or the end of the element."""
    proc = PROCS[pid]
    read = {words(t) for t in read_timescales(proc)}
    only_read = read - {words(t) for _, t in iter_timescales(proc) if not t.get("reading")}
    if not only_read:
        pytest.skip("this procedure labels no reading that an unread timescale does not share")
    pages = navigator_outcome_pages(site_dir, pid)
    assert pages, f"no navigator outcome page for {pid}"
    shown = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        body = html[html.index('class="hb-nav-body"'):]
        for w in only_read:
            for m in re.finditer(re.escape(w), body):
                shown += 1
                after = body[m.end():m.end() + 600]
                end = min((i for i in (after.find("</dd>"), after.find("</td>"), after.find("</li>"),
                                       after.find("</p>")) if i >= 0), default=len(after))
                assert "hb-reading-tag" in after[:end], (str(path.relative_to(site_dir)), w, after[:200])
    SHOWN_ON_NAVIGATOR_PAGES[pid] = shown


SHOWN_ON_NAVIGATOR_PAGES: dict[str, int] = {}


def test_some_navigator_outcome_page_shows_a_read_timescale_so_the_check_above_checks_something(site_dir):
    for pid in PROCS:
        if pid not in SHOWN_ON_NAVIGATOR_PAGES:
            try:
                test_the_navigators_outcome_pages_label_every_read_timescale(site_dir, pid)
            except pytest.skip.Exception:
                pass
    assert sum(SHOWN_ON_NAVIGATOR_PAGES.values()) > 0
