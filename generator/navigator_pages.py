"""The navigator's static pages: one page per question reached and one per outcome, worked out
at build time by the rule core in CPython, so that the navigator works with no JavaScript at all.

Every page's address is the answers given so far, by their stable ids:

    navigator/start/                          the first question
    navigator/start/no/bexley/iro/.../        the question (or the outcome) those answers reach

A choice answer's segment is its option id. A number question (it must give min and max) offers
one link per number, so its segment is the number. A date cannot be listed in advance: its segment
is "-" (not given); the static page explains that dates need JavaScript and links on, and the
outcome pages reached that way give timescales in words, never dates. navigator/web/flow.js takes
over once the core is running in the browser: it asks the same core for the same steps, with the
dates, and keeps a date in the query string of the static address (never in the path).

This module decides nothing: navigator.flow.next_step says what each set of answers reaches and
navigator.outcome.build_outcome fills the outcome in. The templates (nav_question.md.j2,
nav_outcome.md.j2) only word it; every string from the data is escaped by Jinja's autoescape.
"""
from __future__ import annotations

import json
from datetime import date

from navigator.flow import next_step
from navigator.outcome import OutcomeError, build_outcome

from .render import NOTE_WORDS, environment, partial_date

BASE = "navigator/start"
NOT_GIVEN = "-"            # the path segment of a date (or other open answer) the static page cannot take
MAX_PAGES = 3000           # a flow past this is a mistake in the flow, not a reason to build for minutes

WARNING_WORDS = {  # the heading of each kind of warning an outcome can carry
    "bypass": "You may skip stages", "total-cap": "Total time limit", "overdue": "Overdue",
    "automatic-referral": "Automatic referral", **NOTE_WORDS,
}
HOURS_WORDS = {"office-hours": "office hours", "out-of-hours": "out of hours", "any": "at any time"}


class NavigatorPagesError(ValueError):
    """The flow cannot be turned into static pages; the message says what to change."""


def navigator_pages(bundle, today: date | None = None) -> dict[str, str]:
    """Every navigator page, as Markdown (one HTML block) keyed by its path under the docs directory."""
    today = today or date.today()
    flow = bundle.flow
    if not flow:
        return {}
    by_id = {p["id"]: p for p in bundle.procedures}
    env = environment()
    env.globals.update(WARNING_WORDS=WARNING_WORDS, HOURS_WORDS=HOURS_WORDS, partial_date=partial_date)
    out: dict[str, str] = {}
    stack = [((), {})]           # (path segments, {question id: answer}) for each page still to write
    while stack:
        segments, given = stack.pop()
        if len(out) >= MAX_PAGES:
            raise NavigatorPagesError(f"the navigator flow gives more than {MAX_PAGES} static pages; "
                                      "ask fewer number questions or narrow their min and max")
        routing = {q: (today.isoformat() if a is None else a) for q, a in given.items()}
        step = next_step(flow, routing, today)
        if "error" in step:  # cannot happen for answers taken from the flow itself
            raise NavigatorPagesError(f"navigator flow: {step['error']['message']}")
        ctx = _page_context(flow, segments, given, step)
        if "question" in step:
            question = step["question"]
            ctx["choices"] = _choices(question)
            for choice in ctx["choices"]:
                stack.append((segments + (choice["segment"],), {**given, question["id"]: choice["answer"]}))
            text = env.get_template("nav_question.md.j2").render(q=question, **ctx)
        else:
            outcome = _outcome(step["outcome"], given, routing, by_id, bundle.areas, today)
            ctx.update(o=outcome, titles=_titles(outcome, by_id), sources=_unique(outcome["sources"]),
                       has_dates=_has_dates(outcome))
            text = env.get_template("nav_outcome.md.j2").render(**ctx)
        out["/".join((BASE,) + segments + ("index.md",))] = text
    return dict(sorted(out.items()))


def _choices(question: dict) -> list[dict]:
    """The links a static question page offers: (segment, answer, label)."""
    kind = question["type"]
    if kind in ("choice", "yes-no"):
        return [{"segment": o["id"], "answer": o["id"], "label": o["label"]} for o in question["options"]]
    if kind == "number":
        least, most = question.get("min"), question.get("max")
        if least is None or most is None:
            raise NavigatorPagesError(f"navigator flow: the number question '{question['id']}' needs min and max "
                                      "so that its static page can offer one link per number")
        return [{"segment": str(n), "answer": str(n), "label": str(n)} for n in range(least, most + 1)]
    return [{"segment": NOT_GIVEN, "answer": None, "label": "Continue without a date"}]


def _page_context(flow: dict, segments: tuple, given: dict, step: dict) -> dict:
    """What every page shows: its place (for relative links), the answers so far and their Change links."""
    questions = {q["id"]: q for q in flow["questions"]}
    depth = len(segments)
    answers = []
    for i, qid in enumerate(step["path"]):
        question, answer = questions[qid], given[qid]
        if answer is None:
            label = "Not given"
        elif question["type"] in ("choice", "yes-no"):
            label = next(o["label"] for o in question["options"] if o["id"] == answer)
        else:
            label = answer
        answers.append({"question": qid, "type": question["type"], "text": question["text"],
                        "answer": answer, "label": label, "change": _up(depth - i)})
    node = step["question"]["id"] if "question" in step else step["outcome"]["id"]
    root = "../" * (depth + 2)
    return {
        "node": node, "kind": "question" if "question" in step else "outcome", "depth": depth,
        "root": root, "start": _up(depth), "answers": answers,
        "answers_json": json.dumps({a: v for a, v in given.items() if v is not None}, sort_keys=True),
        "script": root + "assets/navigator/flow.js", "style": root + "assets/navigator/flow.css",
    }


def _outcome(outcome_def: dict, given: dict, routing: dict, by_id: dict, areas, today: date) -> dict:
    """The core's outcome for the answers given. A date not given is left out (the core then counts
    from today and says so; the static page words timescales, never dates). Where the core cannot
    go on without the date (a review schedule), it is given the build date, and the page still
    shows only the schedule's words."""
    answers = {q: a for q, a in given.items() if a is not None}
    try:
        built = build_outcome(outcome_def, answers, by_id, areas, today)
    except OutcomeError:
        built = build_outcome(outcome_def, routing, by_id, areas, today)
    for entry in built["why"]:
        if entry["question"] in given and given[entry["question"]] is None:
            entry["answer"], entry["answer_label"] = None, "Not given"
    return built


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


def _up(levels: int) -> str:
    return "../" * levels if levels else "./"
