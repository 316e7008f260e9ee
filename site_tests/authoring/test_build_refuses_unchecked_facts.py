"""The build runs the author's check: a new procedure with one wrong quote, one timescale whose text no
longer matches its quote and one fact without a cite gives three clear lines and no site; with the
source texts absent (under CI, which has them) it gives one clear line and no site."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .copies import repo_copy
from .example import PROCEDURE, SOURCE, SOURCE_NAME, first_area
from generator.sources import sources_dir

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^(procedures/\S+\.yaml:\d+:\d+: .+ — .+|/\S+: .+ — .+)$")


def build(repo: Path, dest: Path, sources: Path, ci: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(HANDBOOK_SOURCES=str(sources), NO_MKDOCS_2_WARNING="1", **({"CI": "true"} if ci else {}))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)], cwd=repo,
                          env=env, capture_output=True, text=True, timeout=900)


def problem_lines(result) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if LINE.match(line)]


def test_a_wrong_quote_a_mismatched_timescale_and_a_missing_cite_give_three_lines_and_no_site(tmp_path):
    repo = repo_copy(tmp_path / "repo")
    sources = tmp_path / "sources"
    shutil.copytree(sources_dir(ROOT), sources)
    (sources / SOURCE_NAME).write_text(SOURCE, encoding="utf-8")
    area = first_area()
    text = PROCEDURE.format(area=area)
    text = text.replace('quote: "The practitioner speaks to their line manager"', 'quote: "The worker speaks to a manager"')
    text = text.replace("amount: 10\n          text: 10 working days", "amount: 15\n          text: 15 working days")
    text = text.replace('    cite: {section: "3. Contacts", quote: "Safeguarding team: 01234 567890"}\n', "")
    new = repo / "procedures" / area / "example-escalation-2024.yaml"
    new.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build(repo, site, sources)
    assert result.returncode != 0
    lines = problem_lines(result)
    rel = new.relative_to(repo).as_posix()
    assert [(line.split(":")[0], line.split(": ")[1]) for line in lines] == [
        (rel, "contacts[0]"), (rel, "pathways[0].stages[0].cite.quote"), (rel, "pathways[0].stages[1].timescale.cite.quote")]
    assert "missing required field 'cite'" in lines[0]
    assert "not in the source text — nearest passage" in lines[1]
    assert "amount is 15 but the quote says 'respond within 10 working days'" in lines[2]
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists()


def test_absent_sources_under_ci_give_one_line_and_no_site(tmp_path):
    repo = repo_copy(tmp_path / "repo")
    site = tmp_path / "site"
    absent = tmp_path / "no-sources-here"
    result = build(repo, site, absent, ci=True)
    assert result.returncode != 0
    assert problem_lines(result) == [
        f"{absent}: the sources folder is not there, so no quote was checked against its source document — put "
        "the source texts there, or set HANDBOOK_SOURCES to the folder that holds them"]
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists()
