"""The bench's Lighthouse part picks one page of each type by walking the built site (no procedure id
written in), and its report section and targets read what Lighthouse returned."""
from __future__ import annotations

from datetime import date

from bench import lighthouse


def test_one_page_of_each_type_is_picked_from_the_built_site_and_exists(site_dir):
    pages = lighthouse.pick_pages(site_dir, today=date(2027, 1, 15))
    assert set(pages) == {"home", "procedure", "compare", "glossary", "navigator first question",
                          "navigator outcome with dates", "embedded procedure"}
    for name, url in pages.items():
        path = url.split("?", 1)[0]
        assert (site_dir / path / "index.html").is_file(), name
    procedures = sorted(site_dir.glob("procedures/*/index.html"))
    heaviest = max(p.stat().st_size for p in procedures)
    assert (site_dir / pages["procedure"] / "index.html").stat().st_size == heaviest
    from urllib.parse import parse_qs

    outcome, query = pages["navigator outcome with dates"].split("?")
    answers = {k: v[0] for k, v in parse_qs(query).items()}
    assert "2027-01-08" in answers.values()     # a week before today: a date the navigator accepts
    assert 'data-nav-kind="outcome"' in (site_dir / outcome / "index.html").read_text(encoding="utf-8")


def fake(performance=0.97, accessibility=1.0, kib=90, tbt=120):
    page = {"path": "procedures/x/", "scores": {"performance": performance, "accessibility": accessibility,
                                                "best-practices": 1.0, "seo": 1.0},
            "bytes": kib * 1024, "tbt_ms": tbt, "lcp_ms": 2100, "failing": [], "benchmark_index": 900}
    return {"version": "12.2.3", "form_factor": "mobile", "throttling": "simulated",
            "pages": {"home": {**page, "path": ""}, "procedure": page}}


def test_the_targets_are_met_only_when_every_page_meets_them():
    met = {t["name"]: t["met"] for t in lighthouse.targets(fake())}
    assert all(met.values()) and len(met) == 6
    missed = {t["name"]: t["met"] for t in lighthouse.targets(fake(accessibility=0.97, kib=151, tbt=201))}
    assert [n for n, ok in missed.items() if not ok] == [
        "Lighthouse accessibility, worst page (home)", "Procedure page transferred (Lighthouse)",
        "Procedure page total blocking time"]


def test_the_report_section_has_a_row_per_page():
    text = "\n".join(lighthouse.section({"lighthouse": fake(), "date": "2026-12-01", "machine": {}}))
    assert "| procedure | `procedures/x/` | 0.97 | 1.00 | 1.00 | 1.00 | 90 KiB | 120 ms | 2.1 s |" in text
    assert lighthouse.section({}) == []
