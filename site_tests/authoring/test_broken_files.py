"""Each broken procedure file in broken/ stops the load with exactly the one line its first-line
comment expects: file:line:column: field.path: what is wrong — what to write instead."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.loader import LoadError, load_bundle

ROOT = Path(__file__).resolve().parents[2]
BROKEN = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


def tmp_repo(tmp_path: Path, files: dict[str, str | Path]) -> Path:
    """A repository root with the real areas and glossary and the given procedure files."""
    pdir = tmp_path / "procedures"
    (pdir / "schema").mkdir(parents=True)
    for name in ("areas.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "procedures" / name, pdir / name)
    for rel, content in files.items():
        target = pdir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    return tmp_path


def test_the_corpus_has_at_least_twelve_broken_files():
    assert len(BROKEN) >= 12


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_a_broken_file_gives_its_expected_one_line_error(tmp_path, path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: ")
    rel = f"example/{path.name}"
    expected = first[len("# expect: "):].replace("{file}", f"procedures/{rel}")
    root = tmp_repo(tmp_path, {rel: path})
    with pytest.raises(LoadError) as caught:
        load_bundle(root)
    assert [str(p) for p in caught.value.problems] == [expected]
    assert "Traceback" not in str(caught.value)


def test_problems_in_several_files_are_all_reported_at_once(tmp_path):
    files = {f"example/{p.name}": p for p in BROKEN[:4]}
    root = tmp_repo(tmp_path, files)
    with pytest.raises(LoadError) as caught:
        load_bundle(root)
    assert {p.file for p in caught.value.problems} == {f"procedures/{rel}" for rel in files}


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    root = tmp_repo(tmp_path, {"example/huge.yaml": "summary: '" + "x" * 10_000_000 + "'\n"})
    with pytest.raises(LoadError) as caught:
        load_bundle(root)
    (problem,) = caught.value.problems
    assert "over the 1,000,000-byte limit" in problem.message


def test_an_alias_bomb_is_refused_without_expanding_it(tmp_path):
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(20))
    root = tmp_repo(tmp_path, {"example/bomb.yaml": bomb})
    with pytest.raises(LoadError) as caught:
        load_bundle(root)
    (problem,) = caught.value.problems
    assert "anchors and aliases" in problem.message and problem.line == 1


def test_deep_nesting_is_refused(tmp_path):
    deep = "id: " + "[" * 60 + "]" * 60 + "\n"
    root = tmp_repo(tmp_path, {"example/deep.yaml": deep})
    with pytest.raises(LoadError) as caught:
        load_bundle(root)
    assert any("nested more than" in p.message for p in caught.value.problems)


def test_the_build_command_prints_one_line_per_problem_and_no_traceback(tmp_path):
    import subprocess
    import sys

    root = tmp_repo(tmp_path, {f"example/{p.name}": p for p in BROKEN[:3]})
    result = subprocess.run([sys.executable, "-m", "generator.loader", str(root)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "3 problem(s); nothing was built."
    assert all(line.startswith("procedures/example/") for line in lines[:-1])
