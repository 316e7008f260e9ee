"""Every fact in procedures/ reaches its page, and every quoted passage is in its source."""
from __future__ import annotations

import html
import re

import pytest

from generator.loader import load_bundle
from generator.render import timescale_words

BUNDLE = load_bundle()
PROCS = {p["id"]: p for p in BUNDLE.procedures}


def page_text(site_dir, pid) -> str:
    raw = (site_dir / "procedures" / pid / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_every_stage_timescale_contact_and_note_appears_on_the_procedure_page(site_dir, pid):
    proc = PROCS[pid]
    text = page_text(site_dir, pid)
    expected = [proc["title"], proc["version"]]
    for pw in proc["pathways"]:
        expected.append(pw["title"])
        for st in pw["stages"]:
            expected.append(st["title"])
            if st.get("timescale"):
                expected.append(timescale_words(st["timescale"]))
                expected.append(st["timescale"]["text"])
    for c in proc.get("contacts", []):
        expected += [c[k] for k in ("phone", "email", "url") if k in c]
    for n in proc.get("notes", []):
        expected.append(n["text"])
    absent = [e for e in expected if flat(e) not in text]
    assert not absent, f"not on the page of {pid}: {absent}"


@pytest.mark.parametrize("pid", sorted(PROCS))
def test_stage_anchors_come_from_stable_ids(site_dir, pid):
    raw = (site_dir / "procedures" / pid / "index.html").read_text(encoding="utf-8")
    for pw in PROCS[pid]["pathways"]:
        assert f'id="{pw["id"]}"' in raw
        for st in pw["stages"]:
            assert f'id="{pw["id"]}--{st["id"]}"' in raw


def test_the_open_data_bundle_and_schema_are_published(site_dir):
    import json

    data = json.loads((site_dir / "data" / "procedures.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in data["procedures"]} == set(PROCS)
    schema = json.loads((site_dir / "data" / "schema" / "procedure.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Escalation procedure"
