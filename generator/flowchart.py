"""One pathway of a procedure as an inline SVG flowchart, drawn from the data at build time.

`chart(proc, pathway)` says what the chart holds: a start box, the chain of stages joined by "not
resolved" arrows, and a side column of routes open from the whole pathway (its alternatives, and any
optional stage the source allows "at any time", such as Bexley's referral to Cafcass), each joined to
the start by a dashed arrow and never to the last stage. `dot(chart)` writes it as Graphviz DOT;
`draw(charts)` lays every chart of a build out in one run of generator/flowcharts.mjs (Graphviz compiled
to WebAssembly, the pinned @viz-js/viz, in node), cached by content hash in .build/flowcharts/; and
`svg(chart, layout)` rewrites Graphviz's SVG into what the page carries:

* `role="group"` named by its `<title>` (`aria-labelledby`) and described by its `<desc>`
  (`aria-describedby`), ids unique on the page; not `role="img"`, whose children (the links) would
  be presentational to assistive technology;
* every stage and route box an `<a href="#{pathway id}--{stage id}">` (stage_anchor), so a box is a
  link to its numbered step and the keyboard reaches it;
* classes on every part and no colours that matter in the markup: content/assets/handbook.css gives
  them from custom properties, so the light and dark schemes and print need no redraw;
* the text of every box written from the data by ElementTree (escaped as XML text), never Graphviz's
  reading of it; the DOT text is escaped for DOT and serves only to measure the boxes.

The numbered steps below each chart are its text version; the chart is for those who can see it.
Anything that goes wrong raises FlowchartError with one line saying what to do.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from navigator.names import pathway_name, stage_label
from navigator.timescales import AT_ANY_TIME, Timescale

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPT = HERE / "flowcharts.mjs"
VIZ = ROOT / "node_modules" / "@viz-js" / "viz"
CACHE = ROOT / ".build" / "flowcharts"
NODE_TIMEOUT_SECONDS = 300
MAX_LABEL = 160
CHAIN_WIDTH = 24     # characters per line in a chain box: the chart stays readable at 360 px
SIDE_WIDTH = 20      # and in a side-route box
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)


class FlowchartError(RuntimeError):
    """A flowchart could not be drawn; the message is one line for a person."""


@dataclass(frozen=True)
class Box:
    name: str                    # the DOT node name: start, s0, s1..., r0, r1...
    kind: str                    # start | stage | side (at any time) | alternative
    lines: tuple[str, ...]       # the text, one line each, as the reader sees it
    href: str = ""               # "#anchor" of the step it stands for ("" for the start)
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Arrow:
    tail: str
    head: str
    kind: str                    # next (not resolved) | start | side
    label: str = ""


@dataclass(frozen=True)
class Chart:
    pathway_id: str
    title: str
    description: str
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...] = field(default=())


def clean(text: str) -> str:
    """Whitespace (newlines too) collapsed to one space; very long text cut with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1].rstrip() + "…"


def _timescale_words(ts: dict | None) -> str:
    return Timescale.from_dict(ts).words() if ts else "no timescale stated"


def _timescale_line(ts: dict | None) -> str:
    """A box's timescale: the handbook's words, labelled as a reading where the data says it is one
    (the page's step gives the reading in full)."""
    words = _timescale_words(ts)
    if ts and ts.get("reading"):
        words += f" (the handbook's reading of “{ts.get('text') or words}”)"
    return words


def stage_anchor(pathway: dict, item: dict) -> str:
    """The step's anchor on the procedure page: built from stable ids, never positions."""
    return f"{pathway['id']}--{item['id']}"


def has_diagram(pathway: dict) -> bool:
    return bool(pathway.get("stages"))


def is_side_route(stage: dict) -> bool:
    """An optional stage the source allows at any time is open from the whole pathway, not after
    the stage before it in the list (Bexley's "Escalation to Cafcass")."""
    return bool(stage.get("optional")) and (stage.get("timescale") or {}).get("unit") == AT_ANY_TIME


def _wrap(text: str, width: int) -> tuple[str, ...]:
    return tuple(textwrap.wrap(clean(text), width, break_long_words=True, break_on_hyphens=False)) or ("",)


def chart(proc: dict, pathway: dict) -> Chart | None:
    """What one pathway's chart shows (None if the pathway has no stages)."""
    stages = pathway.get("stages") or []
    if not stages:
        return None
    roles = {r["id"]: r["name"] for r in proc.get("roles") or []}
    raised = [roles.get(r, r) for r in pathway.get("raised_by") or []]
    start = "Raised by " + " or ".join(raised) if raised else "Escalation raised"
    if pathway.get("before"):
        start += " after trying to resolve it informally"
    start_lines = _wrap(start, CHAIN_WIDTH)
    if pathway.get("total_cap"):
        # A total cap is an upper limit by what the field means, so it says so.
        cap = _timescale_words(pathway["total_cap"]["timescale"])
        start_lines += _wrap("In total: " + (cap if cap.startswith("no more than ") else "no more than " + cap), CHAIN_WIDTH)
    boxes = [Box("start", "start", start_lines, classes=("hb-fc-start",))]
    arrows: list[Arrow] = []
    chain = [st for st in stages if not is_side_route(st)]
    side = [st for st in stages if is_side_route(st)]

    def head(st: dict) -> str:
        return stage_label(st) + (" (optional)" if st.get("optional") else "")

    previous = "start"
    for i, st in enumerate(chain):
        name = f"s{i}"
        lines = _wrap(head(st), CHAIN_WIDTH) + _wrap(_timescale_line(st.get("timescale")), CHAIN_WIDTH)
        boxes.append(Box(name, "stage", lines, "#" + stage_anchor(pathway, st),
                         ("hb-fc-stage",) + (("hb-fc-optional",) if st.get("optional") else ())))
        arrows.append(Arrow(previous, name, "start" if previous == "start" else "next",
                            "" if previous == "start" else "not resolved"))
        previous = name
    routes = [(st, "side", _wrap(head(st), SIDE_WIDTH) + _wrap("at any point in the pathway", SIDE_WIDTH))
              for st in side]
    routes += [(alt, "alternative", _wrap("Other route: " + alt["when"], SIDE_WIDTH))
               for alt in pathway.get("alternatives") or []]
    for j, (item, kind, lines) in enumerate(routes):
        boxes.append(Box(f"r{j}", kind, lines, "#" + stage_anchor(pathway, item), (f"hb-fc-{kind}",)))
        arrows.append(Arrow("start", f"r{j}", "side", "at any time" if kind == "side" else ""))
    title = "Flowchart of " + clean(pathway_name(pathway))
    parts = [f"{len(chain)} stage{'s' if len(chain) != 1 else ''} in turn, each going to the next if not resolved"]
    if chain:
        parts[0] += f", from {clean(head(chain[0]))}" + (f" to {clean(head(chain[-1]))}" if len(chain) > 1 else "")
    for st in side:
        parts.append(f"{clean(head(st))} can be used at any time, alongside the stages")
    for alt in pathway.get("alternatives") or []:
        parts.append(f"Other route: {clean(alt['when']).rstrip('.')}")
    description = ". ".join(parts) + ". The numbered steps on this page give the same information as text."
    return Chart(pathway["id"], title, description, tuple(boxes), tuple(arrows))


# DOT.


def dot_string(text: str) -> str:
    """A DOT quoted string holding `text` literally: backslashes and quotes escaped (a backslash
    would otherwise start \\n, \\N, \\G...), '&' written as an entity (Graphviz reads entities)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


def dot(c: Chart) -> str:
    """The chart as Graphviz DOT: stages in one column, side routes in a column to their right."""
    out = ["digraph flowchart {",
           '  graph [rankdir=TB nodesep=0.3 ranksep=0.3 pad=0.05 bgcolor=transparent fontname="Helvetica"];',
           '  node [shape=box style=rounded fontname="Helvetica" fontsize=14 margin="0.2,0.07"];',
           '  edge [fontname="Helvetica" fontsize=12 arrowsize=0.7];']
    for box in c.boxes:
        label = dot_string("\n".join(box.lines)).replace("\n", "\\n")   # Graphviz's line break
        attrs = [f"label={label}"]
        if box.kind in ("side", "alternative"):
            attrs.append('style="rounded,dashed"')
        out.append(f"  {box.name} [{' '.join(attrs)}];")
    routes = [b.name for b in c.boxes if b.kind in ("side", "alternative")]
    for arrow in c.arrows:
        attrs = []
        if arrow.label:
            attrs.append(f"label={dot_string(' ' + arrow.label)}")
        if arrow.kind == "side":
            attrs.append("style=dashed constraint=false" if arrow.head != routes[0] else "style=dashed")
        out.append(f"  {arrow.tail} -> {arrow.head} [{' '.join(attrs)}];")
    for upper, lower in zip(routes, routes[1:]):     # stack the side column
        out.append(f"  {upper} -> {lower} [style=invis];")
    out.append("}")
    return "\n".join(out) + "\n"


# Layout: one node run per build for every chart not in the cache.


def _viz_version() -> str:
    try:
        return json.loads((VIZ / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        raise FlowchartError(f"@viz-js/viz is missing from {VIZ}; run `make setup` (npm ci)") from None


def _key(text: str, version: str) -> str:
    return hashlib.sha256(f"viz {version}\0".encode() + SCRIPT.read_bytes() + b"\0" + text.encode()).hexdigest()[:32]


def layout(dots: list[str], cache_dir: Path | None = None, node: str | None = None) -> list[str]:
    """Graphviz's SVG for each DOT text, in order: from the cache, the rest in one node run."""
    cache_dir = Path(cache_dir) if cache_dir else CACHE
    version = _viz_version()
    keys = [_key(d, version) for d in dots]
    found: dict[str, str] = {}
    for key in set(keys):
        try:
            found[key] = (cache_dir / f"{key}.svg").read_text(encoding="utf-8")
            os.utime(cache_dir / f"{key}.svg")        # in use: kept by _prune
        except FileNotFoundError:
            pass
    missing = {k: d for k, d in zip(keys, dots) if k not in found}
    if missing:
        found.update(zip(missing, _run_node(list(missing.values()), node)))
        cache_dir.mkdir(parents=True, exist_ok=True)
        for key in missing:
            partial = cache_dir / f"{key}.{os.getpid()}.partial"   # two builds at once never share a file
            partial.write_text(found[key], encoding="utf-8")
            partial.replace(cache_dir / f"{key}.svg")
        _prune(cache_dir)
    return [found[k] for k in keys]


def _prune(cache_dir: Path, days: float = 30) -> None:
    """Forget layouts no build has used for `days` (charts of edited or removed pathways)."""
    cutoff = time.time() - days * 86400
    for old in cache_dir.glob("*.svg"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:
            pass


def _run_node(dots: list[str], node: str | None) -> list[str]:
    node = node or shutil.which("node")
    if not node:
        raise FlowchartError("node is not installed, and the flowcharts are laid out with it: install node 20 (see README)")
    with tempfile.TemporaryDirectory(prefix="handbook-flowcharts-") as tmp:
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"viz": str(VIZ / "dist" / "viz.js"), "graphs": dots}), encoding="utf-8")
        try:
            done = subprocess.run([node, str(SCRIPT), str(job)], capture_output=True, text=True,
                                  timeout=NODE_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise FlowchartError(f"laying out the flowcharts took over {NODE_TIMEOUT_SECONDS} s (node {SCRIPT.name})") from None
        except OSError as exc:
            raise FlowchartError(f"could not run node to lay out the flowcharts: {exc}") from None
    if done.returncode != 0:
        last = next((l for l in reversed(done.stderr.strip().splitlines()) if l.strip()), "no message")
        raise FlowchartError(f"laying out the flowcharts failed (node {SCRIPT.name}): {last.strip()}")
    try:
        svgs = json.loads(done.stdout)["svgs"]
    except (ValueError, KeyError):
        raise FlowchartError(f"node {SCRIPT.name} printed no flowcharts; run it by hand to see why") from None
    if len(svgs) != len(dots):
        raise FlowchartError(f"node {SCRIPT.name} returned {len(svgs)} flowcharts for {len(dots)} graphs")
    return svgs


# Graphviz's SVG to the page's SVG.


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


def svg(c: Chart, layout_svg: str) -> str:
    """Graphviz's SVG for `c` rewritten for the page (see the module's docstring); one line."""
    try:
        root = ET.fromstring(layout_svg[layout_svg.index("<svg"):])
    except (ValueError, ET.ParseError) as exc:
        raise FlowchartError(f"Graphviz's drawing of {c.pathway_id} is not SVG ({exc})") from None
    boxes = {b.name: b for b in c.boxes}
    view = root.get("viewBox", "").split()
    if len(view) != 4:
        raise FlowchartError(f"Graphviz's drawing of {c.pathway_id} has no viewBox")
    width, height = (round(float(v)) for v in view[2:])
    graph = root.find(_q("g"))
    out = ET.Element(_q("svg"), {
        "viewBox": " ".join(view), "width": str(width), "height": str(height),
        # role="group", not "img": an image's children are presentational, so links inside one are
        # focusable but nameless to a screen reader (axe: nested-interactive). A group keeps its links.
        "class": "hb-fc", "role": "group", "aria-labelledby": f"fc-{c.pathway_id}-title",
        "aria-describedby": f"fc-{c.pathway_id}-desc",
        "data-pathway": c.pathway_id})
    ET.SubElement(out, _q("title"), id=f"fc-{c.pathway_id}-title").text = c.title
    ET.SubElement(out, _q("desc"), id=f"fc-{c.pathway_id}-desc").text = c.description
    body = ET.SubElement(out, _q("g"), transform=graph.get("transform", ""))
    drawn: dict[str, ET.Element] = {}
    for part in graph.findall(_q("g")):
        kind = part.get("class", "")
        name_el = part.find(_q("title"))
        name = name_el.text if name_el is not None else ""
        if kind == "node":
            box = boxes.get(name)
            if box is None:
                raise FlowchartError(f"Graphviz drew a box {name!r} that {c.pathway_id}'s chart does not have")
            drawn[name] = _node(box, part, c.pathway_id)
        elif kind == "edge":
            tail, _, head = name.partition("->")
            arrow = next((a for a in c.arrows if a.tail == tail and a.head == head), None)
            if arrow is not None:                       # the invisible arrows that stack the side column are not kept
                body.append(_edge(arrow, part))
    missing = [b.name for b in c.boxes if b.name not in drawn]
    if missing:
        raise FlowchartError(f"Graphviz left out box {missing[0]} of {c.pathway_id}'s chart")
    for box in c.boxes:      # boxes after the arrows, in the chart's order: the keyboard goes start, stages, routes
        body.append(drawn[box.name])
    return ET.tostring(out, encoding="unicode", short_empty_elements=True)


def _shapes(part: ET.Element) -> list[ET.Element]:
    """The path and polygon elements of a Graphviz node or edge, wherever they sit (under <a> too)."""
    return [el for el in part.iter() if el.tag in (_q("path"), _q("polygon"), _q("ellipse"))]


def _copy_shape(el: ET.Element, cls: str) -> ET.Element:
    keep = {k: v for k, v in el.attrib.items() if k in ("d", "points", "cx", "cy", "rx", "ry", "stroke-dasharray")}
    return ET.Element(el.tag, {**keep, "class": cls})


def _node(box: Box, part: ET.Element, pathway_id: str) -> ET.Element:
    texts = [el for el in part.iter(_q("text"))]
    if len(texts) != len(box.lines):
        raise FlowchartError(f"Graphviz drew {len(texts)} lines for {len(box.lines)} in a box of {pathway_id}'s chart")
    group = ET.Element(_q("g"), {"class": " ".join(("hb-fc-box", *box.classes)), "data-kind": box.kind})
    holder = ET.SubElement(group, _q("a"), href=box.href) if box.href else group
    for shape in _shapes(part):
        holder.append(_copy_shape(shape, "hb-fc-shape"))
    for i, (el, line) in enumerate(zip(texts, box.lines)):
        t = ET.SubElement(holder, _q("text"), {"x": el.get("x", "0"), "y": el.get("y", "0"), "text-anchor": "middle"})
        # Each line is its own <text>, and a browser joins their text with nothing between: a space at the
        # end of each line but the last (not drawn: it ends the line) makes the link's name read as words.
        t.text = line + (" " if i < len(box.lines) - 1 else "")
    return group


def _edge(arrow: Arrow, part: ET.Element) -> ET.Element:
    group = ET.Element(_q("g"), {"class": f"hb-fc-arrow hb-fc-arrow--{arrow.kind}",
                                 "data-from": arrow.tail, "data-to": arrow.head})
    for shape in _shapes(part):
        group.append(_copy_shape(shape, "hb-fc-line" if shape.tag == _q("path") else "hb-fc-head"))
    texts = list(part.iter(_q("text")))
    if arrow.label and texts:
        t = ET.SubElement(group, _q("text"), {"x": texts[0].get("x", "0"), "y": texts[0].get("y", "0"),
                                               "text-anchor": "middle", "class": "hb-fc-label"})
        t.text = arrow.label
    return group


# Every chart of a build at once.


def draw(proc_pathways: list[tuple[dict, dict]], cache_dir: Path | None = None) -> dict[tuple[str, str], str]:
    """The page SVG for every (procedure, pathway) that has stages, keyed by (procedure id, pathway id)."""
    charts = [(proc["id"], c) for proc, pw in proc_pathways if (c := chart(proc, pw)) is not None]
    layouts = layout([dot(c) for _, c in charts], cache_dir)
    return {(pid, c.pathway_id): svg(c, lay) for (pid, c), lay in zip(charts, layouts)}


def draw_bundle(bundle, cache_dir: Path | None = None) -> dict[tuple[str, str], str]:
    return draw([(proc, pw) for proc in bundle.procedures for pw in proc["pathways"]], cache_dir)


def figure_html(pathway: dict, svg_text: str) -> Markup:
    """The chart as an HTML block, with a caption pointing to the numbered steps ("" without a chart).
    `svg_text` is trusted: svg() wrote it, every bit of text from the data escaped by ElementTree."""
    if not svg_text:
        return Markup("")
    return Markup(
        '<figure class="hb-flowchart" data-pathway="{pid}">{svg}'
        '<figcaption>Flowchart of this pathway. The numbered steps below are the text version '
        'and give every detail; select a box to go to its step.</figcaption></figure>'
    ).format(pid=pathway["id"], svg=Markup(svg_text))
