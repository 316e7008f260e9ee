"""One pathway of a procedure as a Mermaid flowchart, drawn from the data, never by hand.

`mermaid(proc, pathway)` returns Mermaid text: `flowchart TD`, a start node, one node per stage
(its number, title and timescale in words), "not resolved" arrows from each stage to the next,
a dotted node per alternative route, and a `click NODE href "#anchor"` line per stage and route
so that each node links to its numbered step on the page. The numbered steps are the text
version of the chart; the chart is decoration for those who can see it.

Text from the data never reaches Mermaid as syntax: every character outside a small safe set
is written as a Mermaid entity code (`#60;` for `<`), which Mermaid turns back into a character
of text after parsing, so quotes, brackets, `<`, `#`, `;`, `*` and backticks cannot end a label,
start a directive, or become HTML or Markdown. `figure_html` then HTML-escapes the whole text for
the `<pre>` it sits in.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from navigator.timescales import Timescale

_SAFE_PUNCTUATION = set(" ,.-'/?!()")  # not ':' — Mermaid pre-processes 'style...:#..;'
MAX_LABEL = 160


def label(text: str) -> str:
    """Text for inside a quoted Mermaid label: letters, digits and plain punctuation as they are,
    everything else as an entity code; whitespace (including newlines) collapsed to one space."""
    text = " ".join(str(text).split())
    if len(text) > MAX_LABEL:
        text = text[:MAX_LABEL - 1].rstrip() + "…"
    return "".join(ch if ch.isalnum() or ch in _SAFE_PUNCTUATION else f"#{ord(ch)};" for ch in text)


def plain(text: str) -> str:
    """Text for accTitle/accDescr lines, which Mermaid does not decode: keep the safe characters only."""
    kept = "".join(ch if ch.isalnum() or ch in _SAFE_PUNCTUATION else " " for ch in str(text))
    return " ".join(kept.split())


def _timescale_words(ts: dict | None) -> str:
    return Timescale.from_dict(ts).words() if ts else "no timescale stated"


def stage_anchor(pathway: dict, item: dict) -> str:
    """The step's anchor on the procedure page: built from stable ids, never positions."""
    return f"{pathway['id']}--{item['id']}"


def has_diagram(pathway: dict) -> bool:
    return bool(pathway.get("stages"))


def mermaid(proc: dict, pathway: dict) -> str:
    """The Mermaid source for one pathway (empty string if the pathway has no stages)."""
    stages = pathway.get("stages") or []
    if not stages:
        return ""
    roles = {r["id"]: r["name"] for r in proc.get("roles") or []}
    lines = ["flowchart TD",
             f"  accTitle: Flowchart of {plain(pathway['title'])}",
             f"  accDescr: {len(stages)} stages. The numbered steps on this page give the same information as text."]
    raised = [roles.get(r, r) for r in pathway.get("raised_by") or []]
    start = "Raised by " + " or ".join(raised) if raised else "Escalation raised"
    if pathway.get("before"):
        start += " after trying to resolve it informally"
    lines.append(f'  start(["{label(start)}"])')
    for i, st in enumerate(stages):
        head = f"Stage {st['number']}: {st['title']}" if st.get("number") is not None else st["title"]
        if st.get("optional"):
            head += " (optional)"
        lines.append(f'  s{i}["{label(head)}<br/>{label(_timescale_words(st.get("timescale")))}"]')
    lines.append("  start --> s0")
    for i in range(1, len(stages)):
        lines.append(f"  s{i - 1} -->|not resolved| s{i}")
    for j, alt in enumerate(pathway.get("alternatives") or []):
        lines.append(f'  a{j}["{label("Other route: " + alt["when"])}"]')
        lines.append(f"  start -.-> a{j}")
    for i, st in enumerate(stages):
        lines.append(f'  click s{i} href "#{stage_anchor(pathway, st)}"')
    for j, alt in enumerate(pathway.get("alternatives") or []):
        lines.append(f'  click a{j} href "#{stage_anchor(pathway, alt)}"')
    optional = [f"s{i}" for i, st in enumerate(stages) if st.get("optional")]
    lines.append("  classDef alt stroke-dasharray: 4 3")
    if pathway.get("alternatives"):
        lines.append("  class " + ",".join(f"a{j}" for j in range(len(pathway["alternatives"]))) + " alt")
    if optional:
        lines.append("  class " + ",".join(optional) + " alt")
    return "\n".join(lines) + "\n"


def figure_html(proc: dict, pathway: dict) -> Markup:
    """The chart as an HTML block: Mermaid text escaped inside <pre>, with a caption pointing
    to the numbered steps. Empty when the pathway has no stages."""
    text = mermaid(proc, pathway)
    if not text:
        return Markup("")
    return Markup(
        '<figure class="hb-flowchart" data-pathway="{pid}">'
        '<div class="hb-flowchart-scroll" role="region" tabindex="0" aria-label="Flowchart: {title}">'
        '<pre class="hb-mermaid">{text}</pre></div>'
        '<figcaption>Flowchart of this pathway. The numbered steps below are the text version '
        'and give every detail; select a box to go to its step.</figcaption></figure>'
    ).format(pid=pathway["id"], title=pathway["title"], text=escape(text))
