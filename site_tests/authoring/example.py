"""A small, complete procedure and its source text, for tests that make an author's mistakes in a
temporary repository. Nothing here depends on the procedures in procedures/ today: the area is
the first one areas.yaml defines, and the source text is written beside it."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.sources import sources_dir

ROOT = Path(__file__).resolve().parents[2]
FILE = "procedures/{area}/example-escalation-2024.yaml"
SOURCE_NAME = "example-escalation-2024.txt"
SOURCE = """Example escalation policy
Version 1.0, March 2024

2. Stages
Stage 1: The practitioner speaks to their line manager, who should respond within 5 working days.
Stage 2: The line manager speaks to the head of service, who should respond within 10 working days.

3. Contacts
Safeguarding team: 01234 567890
"""
PROCEDURE = """\
# yaml-language-server: $schema=../schema/procedure.schema.json
id: example-escalation-2024
title: Example escalation policy
area: {area}
publisher: Example Safeguarding Partnership
version: "1.0, March 2024"
dates: {{issued: 2024-03, cite: {{section: "Title page", quote: "Version 1.0, March 2024"}}}}
audience: [Practitioners]
scope: [children]
source: {{file: example-escalation-2024.txt, title: Example escalation policy}}
summary: How a practitioner escalates a disagreement, in two stages.
roles:
  - {{id: practitioner, name: Practitioner, cite: {{section: "2. Stages", quote: "The practitioner speaks"}}}}
  - {{id: line-manager, name: Line manager, cite: {{section: "2. Stages", quote: "their line manager"}}}}
  - {{id: head-of-service, name: Head of service, cite: {{section: "2. Stages", quote: "the head of service"}}}}
contacts:
  - id: safeguarding-team
    label: Safeguarding team
    role: line-manager
    phone: 01234 567890
    hours: office-hours
    published: 2024-03
    last_verified: 2024-03-01
    cite: {{section: "3. Contacts", quote: "Safeguarding team: 01234 567890"}}
pathways:
  - id: main
    title: Escalation
    raised_by: [practitioner]
    cite: {{section: "2. Stages"}}
    stages:
      - id: stage-1
        number: 1
        title: Line manager
        who_acts: [practitioner]
        goes_to: [line-manager]
        contacts: [safeguarding-team]
        timescale:
          unit: working_days
          amount: 5
          text: 5 working days
          cite: {{section: "2. Stages", quote: "respond within 5 working days"}}
        cite: {{section: "2. Stages", quote: "The practitioner speaks to their line manager"}}
      - id: stage-2
        number: 2
        title: Head of service
        who_acts: [line-manager]
        goes_to: [head-of-service]
        timescale:
          unit: working_days
          amount: 10
          text: 10 working days
          cite: {{section: "2. Stages", quote: "respond within 10 working days"}}
        cite: {{section: "2. Stages", quote: "The line manager speaks to the head of service"}}
"""


def first_area() -> str:
    data = yaml.safe_load((ROOT / "procedures" / "areas.yaml").read_text(encoding="utf-8"))
    return data["areas"][0]["id"]


def example_repo(tmp_path: Path, procedure: str | None = None, with_existing: bool = False) -> tuple[Path, Path]:
    """(root, sources): a repository with the real areas and glossary, the example procedure (or the
    text given) and a sources folder holding the example's source text. with_existing: the real
    procedures too."""
    root, sources = tmp_path / "repo", tmp_path / "sources"
    pdir = root / "procedures"
    if with_existing:
        shutil.copytree(ROOT / "procedures", pdir)
    else:
        shutil.copytree(ROOT / "procedures" / "schema", pdir / "schema")
        for name in ("areas.yaml", "glossary.yaml"):
            shutil.copy(ROOT / "procedures" / name, pdir / name)
    area = first_area()
    path = root / FILE.format(area=area)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(procedure if procedure is not None else PROCEDURE.format(area=area), encoding="utf-8")
    sources.mkdir()
    real = sources_dir(ROOT)
    if with_existing and real.is_dir():
        for text in real.glob("*.txt"):
            shutil.copy(text, sources / text.name)
    (sources / SOURCE_NAME).write_text(SOURCE, encoding="utf-8")
    return root, sources


def edited(old: str, new: str) -> str:
    """The example procedure with one edit (the text must be there exactly once)."""
    text = PROCEDURE.format(area=first_area())
    assert text.count(old) == 1, old
    return text.replace(old, new)
