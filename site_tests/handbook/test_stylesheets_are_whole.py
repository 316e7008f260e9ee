"""Every stylesheet of the site's own is whole: a brace lost in a merge makes the browser drop every
rule after it (print, focus, the phone layout) without any error anywhere else."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHEETS = sorted([*(ROOT / "content").rglob("*.css"), *(ROOT / "navigator" / "web").rglob("*.css")])


def unbalanced(css: str) -> list[int]:
    """Line numbers where a closing brace has no opening one, or (last line) braces left open."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), css, flags=re.S)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', text)
    depth, problems = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        for ch in line:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                problems.append(number)
                depth = 0
    if depth:
        problems.append(len(text.splitlines()))
    return problems


def test_there_are_stylesheets_to_check():
    assert SHEETS


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_brace_is_closed(sheet):
    assert unbalanced(sheet.read_text(encoding="utf-8")) == [], f"{sheet.relative_to(ROOT)}: braces do not balance"


def test_the_check_finds_a_lost_brace():
    assert unbalanced("@media print {\n  a { color: red; }\n/* } */\nb { x: y; }\n") == [4]
    assert unbalanced("a { }\n}\n") == [2]
    assert unbalanced('a { content: "}"; }\n') == []
