"""What a practitioner reads a pathway or a stage as: one place for the names every page and the
navigator show, so that no template or label builds them on its own.

* pathway_name: a pathway is named by what happened (its `title`); where the source numbers its
  situations (Liverpool's "Example 1" to "Example 10"), the number follows, secondary:
  "Staff disagree about whether to refer to Children's Services (the guidance's example 1)".
  The source's own heading is the pathway's `source_title`, shown where the procedure page cites it.
* stage_label: "Stage 3: Assistant Director", or the title alone for a stage the source does not number.

Standard library only (the browser runs it in Pyodide).
"""
from __future__ import annotations

EXAMPLE_WORDS = "the guidance's example {n}"


def pathway_name(pathway: dict) -> str:
    """The pathway's title, with the source's example number after it where it has one."""
    title = pathway["title"]
    if pathway.get("example") is not None:
        return f"{title} ({EXAMPLE_WORDS.format(n=pathway['example'])})"
    return title


def stage_label(stage: dict) -> str:
    """A stage as option labels and headings name it: its number, where the source gives one, then its title."""
    return (f"Stage {stage['number']}: " if stage.get("number") is not None else "") + stage["title"]
