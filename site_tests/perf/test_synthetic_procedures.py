"""The build benchmark's synthetic procedures pass the loader: N procedures, the real ones first,
each copy with its own id, file and synthetic area, and every copy is reachable in the navigator."""
from __future__ import annotations

from bench.synthetic import make_repo, real_procedure_files
from generator.loader import load_bundle


def test_twelve_procedures_load_as_twelve_with_unique_ids(tmp_path):
    real = {f.stem for f in real_procedure_files()}
    bundle = load_bundle(make_repo(tmp_path / "repo", 12))
    ids = [p["id"] for p in bundle.procedures]
    assert len(ids) == 12 and len(set(ids)) == 12
    assert real <= set(ids)
    copies = sorted(set(ids) - real)
    assert len(copies) == 12 - len(real) and all("-copy-" in pid for pid in copies)
    by_id = {p["id"]: p for p in bundle.procedures}
    assert all("synthetic copy" in by_id[pid]["title"] for pid in copies)


def test_every_copy_is_reachable_in_the_navigator_through_its_own_area(tmp_path):
    from navigator.flow import enumerate_paths

    bundle = load_bundle(make_repo(tmp_path / "repo", 9, per_area=2))
    real = {f.stem for f in real_procedure_files()}
    copies = {p["id"]: p for p in bundle.procedures if p["id"] not in real}
    reached = {o.get("procedure") for o in bundle.flow["outcomes"]}
    area_answers = {path.steps[1][1] for path in enumerate_paths(bundle.flow) if len(path.steps) > 1}
    assert copies and set(copies) <= reached
    assert {p["area"] for p in copies.values()} <= area_answers
    assert all(len([c for c in copies.values() if c["area"] == a]) <= 2 for a in area_answers)
