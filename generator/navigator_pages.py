"""The navigator's static pages: one page per node of the derived question flow, worked out at
build time by the rule core in CPython, so that the navigator works with no JavaScript at all.

A page's address is the node's stable id, and for the nodes after a pathway's stage question the
stage reached (navigator.flow.page_of decides it, for the build and the browser alike):

    navigator/start/                                   the first question
    navigator/start/{area}--situation/                 a question
    navigator/start/{procedure}--{pathway}/stage-2/    an outcome, for the stage reached

so the pages grow with the number of questions and stages, not with the number of paths. The
answers that do not change the page (the area's situation, dates, numbers) ride in the query
string, where navigator/web/flow.js reads them once the core runs in the browser; without
JavaScript, each page stands alone: a question links to the next node's page, a date or number
question offers "continue without", and an outcome gives every timescale in words, never dates.

This module decides nothing: navigator.flow says what comes next and which page it is, and
navigator.outcome.build_outcome fills the outcome in. The templates (nav_question.md.j2,
nav_outcome.md.j2) only word it; every string from the data is escaped by Jinja's autoescape.
"""
from __future__ import annotations

from datetime import date

from navigator.flow import NOT_STARTED, enumerate_paths, page_of, question_for
from navigator.outcome import OutcomeError, build_outcome

from .render import NOTE_WORDS, environment, partial_date

BASE = "navigator/start"
MAX_PAGES = 20000          # a flow past this is a mistake in the flow, not a reason to build for minutes

WARNING_WORDS = {  # the heading of each kind of warning an outcome can carry
    "bypass": "You may skip stages", "total-cap": "Total time limit", "overdue": "Overdue",
    "automatic-referral": "Automatic referral", **NOTE_WORDS,
}
HOURS_WORDS = {"office-hours": "office hours", "out-of-hours": "out of hours", "any": "at any time"}
OPEN_TYPES = ("date", "number")   # answers a static page cannot list: typed in, carried in the query string


class NavigatorPagesError(ValueError):
    """The flow cannot be turned into static pages; the message says what to change."""


def navigator_pages(bundle, today: date | None = None) -> dict[str, str]:
    """Every navigator page, as Markdown (one HTML block) keyed by its path under the docs directory."""
    today = today or date.today()
    flow = bundle.flow
    if not flow:
        return {}
    by_id = {p["id"]: p for p in bundle.procedures}
    questions = {q["id"]: q for q in flow["questions"]}
    outcomes = {o["id"]: o for o in flow["outcomes"]}
    covers = _covers_by_outcome(flow)
    env = environment()
    env.globals.update(WARNING_WORDS=WARNING_WORDS, HOURS_WORDS=HOURS_WORDS, partial_date=partial_date)
    out: dict[str, str] = {}
    # Every node once with no stage, and once for each stage that leads to it.
    todo = [(flow["start"], None)] + [(node, None) for node in list(questions) + list(outcomes)]
    seen = set()
    while todo:
        node, stage = todo.pop()
        if (node, stage) in seen:
            continue
        seen.add((node, stage))
        if len(seen) > MAX_PAGES:
            raise NavigatorPagesError(f"the navigator flow gives more than {MAX_PAGES} static pages")
        page = _page(flow, node, stage)
        depth = page.count("/")
        ctx = _page_context(node, depth)
        if node in questions:
            question = question_for(questions[node], _trace(stage))
            ctx["choices"] = _choices(flow, question, stage, page)
            todo += [(c["node"], c["stage"]) for c in ctx["choices"]]
            text = env.get_template("nav_question.md.j2").render(q=question, **ctx)
        elif node in outcomes:
            definition = outcomes[node]
            extra = [ref for ref in covers.get(node, []) if ref not in definition.get("covers", [])]
            outcome = _outcome({**definition, "covers": list(definition.get("covers", [])) + extra},
                               stage, by_id, bundle.areas, today)
            ctx.update(o=outcome, titles=_titles(outcome, by_id), sources=_unique(outcome["sources"]),
                       has_dates=_has_dates(outcome))
            text = env.get_template("nav_outcome.md.j2").render(**ctx)
        else:
            raise NavigatorPagesError(f"navigator flow: '{node}' is neither a question nor an outcome")
        out["/".join(filter(None, (BASE, page.rstrip("/"), "index.md")))] = text
    return dict(sorted(out.items()))


def _covers_by_outcome(flow: dict) -> dict[str, list]:
    """Every situation any answer on the way to an outcome stands for: its page carries the notes
    about all of them (the browser hides those that do not apply to the reader's answers)."""
    options = {(q["id"], o["id"]): o for q in flow["questions"] for o in q.get("options", [])}
    out: dict[str, list] = {}
    for path in enumerate_paths(flow):
        found = out.setdefault(path.outcome, [])
        for step in path.steps:
            for ref in options.get(step, {}).get("covers", []):
                if ref not in found:
                    found.append(ref)
    return out


def _trace(stage: str | None) -> list:
    return [{"question": "", "answer": stage, "stages_of": True}] if stage else []


def _page(flow: dict, node: str, stage: str | None) -> str:
    return page_of(flow, node, _trace(stage))


def _choices(flow: dict, question: dict, stage: str | None, page: str) -> list[dict]:
    """The links a static question page offers: label, the node and stage they lead to, and its href."""
    here = "../" * page.count("/")
    if question["type"] in OPEN_TYPES:
        what = "a date" if question["type"] == "date" else "a number"
        targets = [(question["next"], stage, f"Continue without {what}", None)]
    else:
        targets = []
        for option in question["options"]:
            reached = stage
            if question.get("stages_of"):
                reached = None if option["id"] == NOT_STARTED else option["id"]
            targets.append((option["next"], reached, option["label"], option))
    out = []
    for node, reached, label, option in targets:
        choice = {"node": node, "stage": reached, "label": label, "href": here + _page(flow, node, reached),
                  "answer": option["id"] if option else None, "group": (option or {}).get("group"),
                  "note": (option or {}).get("note")}
        if not choice["href"]:
            choice["href"] = "./"
        out.append(choice)
    return out


def _page_context(node: str, depth: int) -> dict:
    """What every page shows: its place (for relative links) and where to start again."""
    root = "../" * (depth + 2)
    return {
        "node": node, "depth": depth, "root": root, "start": "../" * depth or "./", "answers": [],
        "answers_json": "{}", "script": root + "assets/navigator/flow.js", "style": root + "assets/navigator/flow.css",
    }


def _outcome(outcome_def: dict, stage: str | None, by_id: dict, areas, today: date) -> dict:
    """The core's outcome for the stage reached, with no other answer: the page is the same for every
    situation and date (the browser asks the core again with them). Where the core cannot go on
    without a date or number (a review schedule), it is given the build date, and the page still
    shows only the schedule's words."""
    inputs = outcome_def.get("inputs") or {}
    answers = {inputs["stage"]: stage} if stage and inputs.get("stage") else {}
    definition = {**outcome_def, "trace": []}
    try:
        return build_outcome(definition, answers, by_id, areas, today)
    except OutcomeError:
        filled = {**answers, **{qid: (today.isoformat() if name in ("initial_conference", "raised") else "1")
                               for name, qid in inputs.items() if name != "stage"}}
        return build_outcome(definition, filled, by_id, areas, today)


def _titles(outcome: dict, by_id: dict) -> dict:
    """Procedure id -> short title, for citing sources (only the procedures the outcome names,
    as the browser knows no others)."""
    views = [outcome.get("procedure")] + [(outcome.get("overlap") or {}).get(k) for k in ("followed", "other")]
    return {v["id"]: v.get("short_title") or v["title"] for v in views if v}


def _has_dates(outcome: dict) -> bool:
    """Whether the core would give this outcome dates, had it the date (the static page says it has none)."""
    rules = [outcome.get("rule") or {}] + outcome.get("related_rules", [])
    return bool(outcome.get("deadlines") or outcome.get("schedule") or any(r.get("due") for r in rules))


def _unique(cites: list) -> list:
    seen, out = set(), []
    for c in cites:
        key = (c.get("procedure"), c.get("section"))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out




RECORD_BASE = "navigator/record"


def blank_record_pages(bundle, today: date | None = None) -> dict[str, str]:
    """A blank escalation record per procedure with a pathway (navigator/record/<procedure>/), the
    record an outcome gives for its first pathway with nothing filled in, linked from the procedure page."""
    today = today or date.today()
    by_id = {p["id"]: p for p in bundle.procedures}
    env = environment()
    out = {}
    for procedure in bundle.procedures:
        pathway = next((p for p in procedure.get("pathways", []) if p.get("stages")), None)
        if pathway is None:
            continue
        outcome = build_outcome({"id": f"{procedure['id']}--record", "kind": "pathway", "procedure": procedure["id"],
                                 "pathway": pathway["id"], "text": ""}, {}, by_id, bundle.areas, today)
        root = "../../../"
        out[f"{RECORD_BASE}/{procedure['id']}/index.md"] = env.get_template("nav_blank_record.md.j2").render(
            o=outcome, root=root, style=root + "assets/navigator/flow.css")
    return out
