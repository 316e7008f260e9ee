"""The build benchmark's synthetic procedures pass the loader: N procedures, the real ones first,
each copy with its own id and file, and the navigator's flow still refers only to the real ones."""
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


def test_the_flow_names_only_the_real_procedures_and_lists_the_copies_as_not_covered(tmp_path):
    real = {f.stem for f in real_procedure_files()}
    flow = load_bundle(make_repo(tmp_path / "repo", 8)).flow
    named = {o.get("procedure") for o in flow["outcomes"] if o.get("procedure")}
    assert named and named <= real
    assert {e["procedure"] for e in flow["not_covered"]} - real
