"""`python -m generator.check`, the author's command: the same checks as the build, one line each,
the author's own file first, a plain line when the sources are absent, and no traceback on any input."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.loader import LoadError, load_bundle

from .example import FILE, PROCEDURE, ROOT, SOURCE_NAME, edited, example_repo, first_area


def check(root: Path, *args: str, sources: Path | None = None, ci: bool = False,
          module: str = "generator.check") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HANDBOOK_SOURCES")}
    if sources is not None:
        env["HANDBOOK_SOURCES"] = str(sources)
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", module, *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_clean_repository_passes(tmp_path):
    root, sources = example_repo(tmp_path)
    result = check(root, str(root), sources=sources)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("1 procedure(s) OK")


def test_absent_sources_are_one_plain_warning_line(tmp_path):
    root, _ = example_repo(tmp_path)
    absent = tmp_path / "no-such-folder"
    result = check(root, str(root), sources=absent)
    assert result.returncode == 0
    assert [line for line in result.stdout.splitlines() if "sources" in line] == [
        f"warning: {absent}: the sources folder is not there, so no quote was checked against its source document"
        " — put the source texts there, or set HANDBOOK_SOURCES to the folder that holds them"]
    assert "Traceback" not in result.stderr


def test_under_ci_absent_sources_are_an_error(tmp_path):
    root, _ = example_repo(tmp_path)
    absent = tmp_path / "no-such-folder"
    result = check(root, str(root), sources=absent, ci=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{absent}: the sources folder is not there, so no quote was checked against its source document"
        " — put the source texts there, or set HANDBOOK_SOURCES to the folder that holds them",
        "1 problem(s); nothing was built."]


def test_one_missing_source_file_is_named_on_its_procedures_source_line(tmp_path):
    root, sources = example_repo(tmp_path)
    (sources / SOURCE_NAME).unlink()
    result = check(root, str(root), sources=sources, ci=True)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{FILE.format(area=first_area())}:10:10: source.file: the source text '{SOURCE_NAME}' is not in {sources} — "
        "put the document's plain text there under that name, or correct the file name")


def test_only_lists_the_authors_file_and_counts_the_others(tmp_path):
    root, sources = example_repo(tmp_path, edited("    last_verified: 2024-03-01\n", "    last_verified: 2019-03\n"),
                                 with_existing=True)
    mine = FILE.format(area=first_area())
    everything = check(root, str(root), sources=sources)
    only = check(root, str(root), "--only", mine, sources=sources)
    assert only.returncode == everything.returncode == 0
    warnings = [line for line in only.stdout.splitlines() if line.startswith("warning:")]
    assert warnings and all(line.startswith(f"warning: {mine}:") for line in warnings)
    others = sum(1 for line in everything.stdout.splitlines() if line.startswith("warning:")) - len(warnings)
    assert f"Other files: 0 problem(s), {others} warning(s)" in only.stdout


def test_only_with_a_name_that_is_not_a_file_says_so(tmp_path):
    root, sources = example_repo(tmp_path)
    result = check(root, str(root), "--only", "procedures/nowhere/x.yaml", sources=sources)
    assert result.returncode == 2
    assert result.stderr.startswith("procedures/nowhere/x.yaml: no such procedure file or area")


def test_generator_sources_checks_every_file_when_given_none(tmp_path):
    root, sources = example_repo(tmp_path, edited('quote: "The practitioner speaks"}', 'quote: "The social worker speaks"}'))
    result = subprocess.run([sys.executable, "-c", "import sys; from generator.check import main; "
                             f"sys.exit(main([{str(root)!r}]))"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "HANDBOOK_SOURCES": str(sources)})
    assert result.returncode == 1 and "roles[0].cite.quote: not in the source text" in result.stderr
    own = check(ROOT, sources=Path(os.environ["HANDBOOK_SOURCES"]), module="generator.sources")
    assert "Traceback" not in own.stderr and own.stdout.strip().splitlines()[-1].endswith("warning(s).")


def test_copied_file_leftovers_are_warned_about(tmp_path):
    area = first_area()
    root, sources = example_repo(tmp_path)
    areas = (ROOT / "procedures" / "areas.yaml").read_text(encoding="utf-8")
    other = next(a for a in yaml.safe_load(areas)["areas"] if a["id"] != area)
    copy = PROCEDURE.format(area=area).replace("id: example-escalation-2024", "id: example-escalation-copy").replace(
        "title: Example escalation policy\n", f"title: {other['name']} escalation policy\n", 1)
    path = root / "procedures" / area / "example-escalation-copy.yaml"
    path.write_text(copy, encoding="utf-8")
    warnings = [str(w) for w in load_bundle(root, sources=sources).warnings if "last verified" not in w.message]
    rel = f"procedures/{area}/example-escalation-copy.yaml"
    assert warnings == [
        f"{rel}:3:1: title: names {other['name']}, another area, but this procedure is for '{area}' — if the "
        "file was copied, rewrite this for its own document",
        f"{rel}:10:10: source.file: '{SOURCE_NAME}' is also the source of {FILE.format(area=area)} — each procedure "
        "has its own source document: if the file was copied, put the new document's text in the sources folder "
        "and name it here"]


ODD = {
    "a list, not a mapping": "- id: x\n- id: y\n",
    "source as text": PROCEDURE.replace("source: {{file: example-escalation-2024.txt, title: Example escalation policy}}",
                                        "source: example-escalation-2024.txt"),
    "a timescale as a list": PROCEDURE.replace("        timescale:\n          unit: working_days\n          amount: 5\n",
                                               "        timescale:\n          - unit: working_days\n          - amount: 5\n"),
    "cite as text": PROCEDURE.replace('cite: {{section: "2. Stages", quote: "respond within 5 working days"}}',
                                      "cite: respond within 5 working days"),
    "a quote as a number": PROCEDURE.replace('quote: "respond within 5 working days"', "quote: 5"),
    "binary": "\x00\x01\x02",
    "only a scalar": "hello\n",
}


@pytest.mark.parametrize("case", ODD, ids=list(ODD))
def test_no_input_gives_a_traceback(tmp_path, case):
    text = ODD[case].format(area=first_area()) if "{area}" in ODD[case] else ODD[case]
    root, sources = example_repo(tmp_path, text)
    with pytest.raises(LoadError) as caught:
        load_bundle(root, sources=sources)
    assert caught.value.problems and all(p.file.startswith("procedures/") for p in caught.value.problems)
