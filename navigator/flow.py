"""The navigator's question flow: which question or outcome comes next, from the answers so far.

This module owns routing only. The flow (procedures/navigator.yaml, passed here as the plain dict
the build writes as JSON) lists questions and outcomes by id; each option of a question, or the
question itself for date and number questions, names what comes next. What an outcome says
(stages, deadlines, contacts) is navigator.outcome's business.

* next_step(flow, answers, today) walks from the first question, checking each answer, and
  returns the first unanswered question, the outcome reached, or an error at the question whose
  answer is wrong. Answers to questions off the path are ignored (a browser may keep them).
* revise(flow, answers, earlier, today) is next_step after a Change from "Your answers": the
  earlier answers that still hold are kept, so the reader comes back to the outcome.
* enumerate_paths(flow) yields every path from the first question to an outcome.
* check_flow(flow, procedures) lists what is wrong with a flow: unknown ids, unreachable
  questions and outcomes, dead ends, cycles, and situations no answer covers.

Standard library only: the same file runs in CPython and, in the browser, in Pyodide.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Iterator, NamedTuple

from .calendar import CalendarError, parse_iso, read_date

QUESTION_TYPES = ("choice", "yes-no", "date", "number")
OUTCOME_KINDS = ("act-now", "pathway", "schedule", "rule", "no-route")
NOT_STARTED = "not-started"
NOT_GIVEN = "-"            # the answer to a date or number question the reader chose to go on without
OPEN_TYPES = ("date", "number")
MAX_ANSWER = 100   # the longest answer read: option ids, dates and numbers are far shorter
INPUT_TYPES = {"stage": "choice", "raised": "date", "initial_conference": "date",
               "plans": "number", "family_episodes": "number"}


class FlowError(ValueError):
    """A flow that cannot be walked; the message is one sentence for a person."""


class UnknownNode(FlowError):
    """The flow names a node it does not hold (navigator.api asks for the part that has it)."""

    def __init__(self, message: str, node: str):
        super().__init__(message)
        self.node = node


class Path(NamedTuple):
    """One way through the flow: (question id, option id or None) pairs, then the outcome id."""

    steps: tuple
    outcome: str


# Walking the flow.


def next_step(flow: dict, answers: dict, today: date | str | None = None) -> dict:
    """The next question, the outcome reached, or an error at the first wrong answer.

    `answers` maps question id to the answer as text: an option id, YYYY-MM-DD, or a whole number;
    "-" for a date or number question answered "continue without" (the outcome then has none).
    `today` (a date or YYYY-MM-DD; the system date if None) is the latest a past date may be.
    Returns {"question": {...}, "path": [...], "trace": [...], "page": "..."} or
    {"outcome": {...}, "path": [...], "trace": [...], "page": "..."} or {"error": {"question": id, "message": "..."},
    "path": [...], "trace": [...]}; "path" lists the question ids answered on the way, "trace" each question, its
    answer and what it covers (an outcome carries it inside), "page" the static page of the node
    reached (page_of).
    """
    today = _today(today)
    questions, outcomes = _index(flow)
    current, path, trace = flow["start"], [], []
    for _ in range(len(questions) + 1):
        if current in outcomes:
            return {"outcome": {**outcomes[current], "trace": trace}, "path": path, "trace": trace,
                    "page": page_of(flow, current, trace)}
        question = questions.get(current)
        if question is None:
            raise UnknownNode(f"The flow names '{current}' as the next step, but it is neither a question nor an outcome.",
                              current)
        raw = answers.get(current)
        if raw is None or str(raw).strip() == "":
            return {"question": question_for(question, trace), "path": path, "trace": trace,
                    "page": page_of(flow, current, trace)}
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            message = f"The answer to \"{_short(question)}\" was not understood; answer it again."
            return {"error": {"question": current, "message": message}, "path": path, "trace": trace}
        answer = str(raw).strip()
        problem = None if (answer == NOT_GIVEN and question.get("type") in OPEN_TYPES) else check_answer(question, answer, today)
        if problem:
            return {"error": {"question": current, "message": problem}, "path": path, "trace": trace}
        if question.get("type") == "date" and answer != NOT_GIVEN:
            answer = read_date(answer).isoformat()   # "18 Dec 2026" is 2026-12-18 from here on
        option = _option(question, answer)
        path.append(current)
        trace.append(_trace_entry(question_for(question, trace), answer, option))   # in the words it was asked in
        current = option["next"] if option else question["next"]
    raise FlowError("The flow goes round in a circle; run check_flow to find where.")


def revise(flow: dict, answers: dict, earlier: dict, today: date | str | None = None) -> tuple[dict, dict]:
    """The step after the reader changes an answer from "Your answers" (GOV.UK's check answers).

    `earlier` holds every answer as it was before the change; `answers` the answers given since the
    reader chose Change (the ones before the changed question, the changed one, and any asked again).
    An earlier answer is kept where its question is still on the way and is asked in the same words
    as when it was given: changing the number of plans keeps the conference date, and the reader is
    back at the outcome. An answer whose question now means something else is asked again (a date
    given for the stage reached, once another stage is chosen), as is one that no longer fits.
    Returns (the step, as next_step gives it, with "kept": the question ids answered before the
    change and kept; the answers the step was worked out from).
    """
    today = _today(today)
    old = next_step(flow, earlier, today)
    asked = {entry["question"]: entry["text"] for entry in old.get("trace", [])}
    merged = {**earlier, **answers}
    for _ in range(len(merged) + 1):
        step = next_step(flow, merged, today)
        wrong = (step.get("error") or {}).get("question")
        if wrong is not None and wrong not in answers:   # an earlier answer that no longer fits: ask it again
            merged.pop(wrong)
            continue
        stale = next((e["question"] for e in step.get("trace", [])
                      if e["question"] not in answers and asked.get(e["question"]) != e["text"]), None)
        if stale is not None:   # asked now in other words: the earlier answer was to another question
            merged.pop(stale)
            continue
        step["kept"] = [q for q in step.get("path", []) if q not in answers]
        return step, {q: merged[q] for q in step.get("path", [])}
    raise FlowError("The flow goes round in a circle; run check_flow to find where.")


def page_of(flow: dict, node: str, trace: list) -> str:
    """The static page of a node, relative to the navigator's first page: "" for the first question,
    "NODE/" for any other, and "NODE/STAGE/" where the answers chose a stage of a pathway on the way
    (one page per node and stage reached, not per path: the other answers ride in the query string)."""
    if node == flow["start"]:
        return ""
    stage = stage_reached(trace, node)
    return f"{node}/" + (f"{stage}/" if stage and stage != NOT_STARTED else "")


def stage_reached(trace: list, node: str | None = None) -> str | None:
    """The stage the answers chose on the way (the last stage question's answer), if any."""
    return next((e["answer"] for e in reversed(trace) if e.get("stages_of") and e["question"] != node), None)


def question_for(question: dict, trace: list) -> dict:
    """The question as asked after these answers: a date question asked of the stage reached takes
    that stage's words ("On what date did the escalation reach Stage 3 ...?")."""
    stage = stage_reached(trace, question["id"])
    words = (question.get("by_stage") or {}).get(stage)
    return {**question, **words} if words else question


def check_answer(question: dict, answer: str, today: date) -> str | None:
    """None if the answer fits the question, else one sentence naming the question."""
    kind, text = question.get("type"), _short(question)
    if len(answer) > MAX_ANSWER:
        return f"For \"{text}\": that answer is too long to be one of its answers; answer it again."
    if kind in ("choice", "yes-no"):
        if _option(question, answer) is None:
            known = ", ".join(o["id"] for o in question.get("options", []))
            return f"'{answer}' is not one of the answers to \"{text}\"; choose one of: {known}."
        return None
    if kind == "date":
        try:
            value = read_date(answer)
        except CalendarError as exc:
            return f"For \"{text}\": {exc}"
        if value > today:
            return f"For \"{text}\": {value.isoformat()} is after today ({today.isoformat()}); give a date that has passed."
        return None
    if kind == "number":
        least, most = question.get("min"), question.get("max")
        if not (answer.isascii() and answer.isdigit()):
            return f"For \"{text}\": write a whole number, e.g. {least if least is not None else 1}."
        number = int(answer)
        if (least is not None and number < least) or (most is not None and number > most):
            return f"For \"{text}\": {number} is out of range; write a number from {least} to {most}."
        return None
    return f"The question \"{text}\" has an unknown type '{kind}'."


def answers_in_order(flow: dict, replies: list, today: date | str | None = None) -> dict:
    """The answers dict for `replies` given in turn: each reply answers the question the flow asks
    next (tests and the command line write a walk as the reader would, without the derived ids).
    Stops at the first reply the flow refuses or at an outcome; replies left over are ignored."""
    answers: dict = {}
    for reply in replies:
        step = next_step(flow, answers, today)
        if "question" not in step:
            break
        answers[step["question"]["id"]] = str(reply)
    return answers


# Every path.


def enumerate_paths(flow: dict) -> Iterator[Path]:
    """Every path from the first question to an outcome, depth first, in the order of the options."""
    questions, outcomes = _index(flow)

    def walk(node: str, steps: tuple, seen: frozenset):
        if node in outcomes:
            yield Path(steps, node)
            return
        question = questions.get(node)
        if question is None or node in seen:
            return  # unknown ids and cycles are check_flow's to report
        seen = seen | {node}
        if question.get("type") in ("date", "number"):
            yield from walk(question.get("next"), steps + ((node, None),), seen)
            return
        for option in question.get("options", []):
            yield from walk(option.get("next"), steps + ((node, option["id"]),), seen)

    yield from walk(flow["start"], (), frozenset())


def answers_for(flow: dict, path: Path, date_answer: str, number_answer: str = "1") -> dict:
    """Answers that follow `path`: its options, with `date_answer` and `number_answer` for open questions."""
    questions, _ = _index(flow)
    out = {}
    for question_id, option_id in path.steps:
        if option_id is not None:
            out[question_id] = option_id
        else:
            out[question_id] = date_answer if questions[question_id]["type"] == "date" else number_answer
    return out


# Checking a flow against the procedures.


def check_flow(flow: dict, procedures) -> list[str]:
    """Everything wrong with the flow, as sentences; an empty list means it is sound.

    `procedures` is a list of procedure dicts or a dict of them by id.
    """
    by_id = procedures if isinstance(procedures, dict) else {p["id"]: p for p in procedures}
    problems: list[str] = []
    questions, outcomes, duplicates = {}, {}, []
    for question in flow.get("questions", []):
        if question["id"] in questions:
            duplicates.append(question["id"])
        questions[question["id"]] = question
    for outcome in flow.get("outcomes", []):
        if outcome["id"] in outcomes or outcome["id"] in questions:
            duplicates.append(outcome["id"])
        outcomes[outcome["id"]] = outcome
    problems += [f"The id '{i}' is used twice; question and outcome ids must be unique." for i in duplicates]
    if flow.get("start") not in questions:
        problems.append(f"The start '{flow.get('start')}' is not a question.")
        return problems

    for qid, question in questions.items():
        problems += _check_question(qid, question, questions, outcomes, by_id)
    for oid, outcome in outcomes.items():
        problems += _check_outcome(oid, outcome, questions, by_id)

    reachable = _reachable(flow["start"], questions)
    problems += [f"The question '{q}' cannot be reached from the start." for q in questions if q not in reachable]
    problems += [f"The outcome '{o}' cannot be reached from the start." for o in outcomes if o not in reachable]
    problems += [f"The flow goes round in a circle through '{q}'." for q in _cycles(flow["start"], questions)]
    leads_out = _leads_to_outcome(questions, outcomes)
    problems += [f"The question '{q}' is a dead end: no answer leads to an outcome." for q in questions
                 if q in reachable and q not in leads_out]
    problems += _check_coverage(flow, questions, outcomes, by_id)
    return problems


def _check_question(qid: str, question: dict, questions: dict, outcomes: dict, by_id: dict) -> list[str]:
    problems = []
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        return [f"The question '{qid}' has type '{kind}'; use one of {', '.join(QUESTION_TYPES)}."]
    if not question.get("text"):
        problems.append(f"The question '{qid}' has no text.")
    targets = []
    if kind in ("choice", "yes-no"):
        options = question.get("options") or []
        ids = [o.get("id") for o in options]
        if not options:
            problems.append(f"The question '{qid}' has no options.")
        if len(set(ids)) != len(ids):
            problems.append(f"The question '{qid}' has two options with the same id.")
        if kind == "yes-no" and sorted(ids) != ["no", "yes"]:
            problems.append(f"The yes-no question '{qid}' must have exactly the options yes and no.")
        for option in options:
            if not option.get("label"):
                problems.append(f"The option '{option.get('id')}' of '{qid}' has no label.")
            targets.append((option.get("next"), f"option '{option.get('id')}' of '{qid}'"))
        if question.get("stages_of"):
            problems += _check_stage_options(qid, question, ids, by_id)
    else:
        if question.get("options"):
            problems.append(f"The {kind} question '{qid}' has options; give it a next instead.")
        targets.append((question.get("next"), f"question '{qid}'"))
        if kind == "number" and question.get("min") is not None and question.get("max") is not None \
                and question["min"] > question["max"]:
            problems.append(f"The number question '{qid}' has min above max.")
    for target, where in targets:
        if target not in questions and target not in outcomes:
            problems.append(f"The {where} leads to '{target}', which is neither a question nor an outcome.")
    return problems


def _check_stage_options(qid: str, question: dict, ids: list, by_id: dict) -> list[str]:
    ref = question["stages_of"]
    pathway = _pathway(by_id, ref.get("procedure"), ref.get("pathway"))
    if pathway is None:
        return [f"The question '{qid}' asks for stages of {ref.get('procedure')} / {ref.get('pathway')}, which does not exist."]
    stages = [s["id"] for s in pathway.get("stages", [])]
    problems = [f"The question '{qid}' offers '{i}', which is not a stage of {ref['pathway']}."
                for i in ids if i != NOT_STARTED and i not in stages]
    problems += [f"The question '{qid}' does not offer stage '{s}' of {ref['pathway']}." for s in stages if s not in ids]
    return problems


def _check_outcome(oid: str, outcome: dict, questions: dict, by_id: dict) -> list[str]:
    kind = outcome.get("kind")
    if kind not in OUTCOME_KINDS:
        return [f"The outcome '{oid}' has kind '{kind}'; use one of {', '.join(OUTCOME_KINDS)}."]
    problems = []
    if not outcome.get("text"):
        problems.append(f"The outcome '{oid}' has no text.")
    pid = outcome.get("procedure")
    procedure = by_id.get(pid)
    if pid is None and kind != "act-now":
        return problems + [f"The outcome '{oid}' names no procedure."]
    if pid is not None and procedure is None:
        return problems + [f"The outcome '{oid}' names the procedure '{pid}', which does not exist."]
    if kind == "act-now" and not outcome.get("area"):
        problems.append(f"The act-now outcome '{oid}' names no area.")
    if kind == "pathway":
        pathway = _pathway(by_id, pid, outcome.get("pathway"))
        if pathway is None:
            problems.append(f"The outcome '{oid}' names the pathway '{outcome.get('pathway')}', which {pid} does not have.")
        elif outcome.get("stage") and outcome["stage"] not in [s["id"] for s in pathway.get("stages", [])]:
            problems.append(f"The outcome '{oid}' names the stage '{outcome['stage']}', which {outcome['pathway']} does not have.")
    if kind == "schedule" and outcome.get("schedule") not in _ids(procedure, "schedules"):
        problems.append(f"The outcome '{oid}' names the schedule '{outcome.get('schedule')}', which {pid} does not have.")
    if outcome.get("rule") and outcome["rule"] not in _ids(procedure, "rules"):
        problems.append(f"The outcome '{oid}' names the rule '{outcome['rule']}', which {pid} does not have.")
    if kind == "rule" and not outcome.get("rule"):
        problems.append(f"The rule outcome '{oid}' names no rule.")
    for what, key in (("rule", "related_rules"), ("contact", "contacts"), ("note", "notes")):
        known = _ids(procedure, key if key != "related_rules" else "rules")
        problems += [f"The outcome '{oid}' names the {what} '{i}', which {pid} does not have."
                     for i in outcome.get(key, []) if i not in known]
    for name, qid in (outcome.get("inputs") or {}).items():
        wanted = INPUT_TYPES.get(name)
        if wanted is None:
            problems.append(f"The outcome '{oid}' has an input '{name}'; use one of {', '.join(INPUT_TYPES)}.")
        elif qid not in questions or questions[qid].get("type") != wanted:
            problems.append(f"The outcome '{oid}' takes its {name} from '{qid}', which is not a {wanted} question.")
        elif name == "stage" and (questions[qid].get("stages_of") or {}).get("pathway") != outcome.get("pathway"):
            problems.append(f"The outcome '{oid}' takes its stage from '{qid}', which asks about another pathway.")
    return problems


def _check_coverage(flow: dict, questions: dict, outcomes: dict, by_id: dict) -> list[str]:
    problems, covered = [], set()
    holders = [o for q in questions.values() for o in q.get("options", [])] + list(outcomes.values())
    for holder in holders:
        for ref in holder.get("covers", []):
            procedure = by_id.get(ref.get("procedure"))
            if ref.get("situation") not in _ids(procedure, "situations"):
                problems.append(f"'{holder['id']}' covers {ref.get('procedure')} / {ref.get('situation')}, which does not exist.")
            covered.add((ref.get("procedure"), ref.get("situation")))
    for entry in flow.get("not_covered", []):
        if not entry.get("reason"):
            problems.append(f"The not_covered entry for {entry.get('situation')} gives no reason.")
        covered.add((entry.get("procedure"), entry.get("situation")))
    for pid, procedure in by_id.items():
        for situation in procedure.get("situations", []):
            if (pid, situation["id"]) not in covered:
                problems.append(f"No answer covers the situation {pid} / {situation['id']}; "
                                "add it to an option's covers or to not_covered with a reason.")
    return problems


# Helpers.


def _index(flow: dict) -> tuple[dict, dict]:
    return ({q["id"]: q for q in flow.get("questions", [])}, {o["id"]: o for o in flow.get("outcomes", [])})


def _option(question: dict, answer: str) -> dict | None:
    for option in question.get("options", []) or []:
        if option["id"] == answer:
            return option
    return None


def _trace_entry(question: dict, answer: str, option: dict | None) -> dict:
    entry = {"question": question["id"], "text": question.get("text", ""), "type": question.get("type"),
             "answer": answer, "label": option["label"] if option else ("Not given" if answer == NOT_GIVEN else answer),
             "covers": list(option.get("covers", [])) if option else []}
    if question.get("stages_of"):
        entry["stages_of"] = dict(question["stages_of"])
    return entry


def _short(question: dict) -> str:
    return question.get("text") or question.get("id", "?")


def _today(today) -> date:
    if today is None:
        return date.today()
    if isinstance(today, datetime):
        return today.date()
    if isinstance(today, date):
        return today
    value = parse_iso(str(today))
    return value.date() if isinstance(value, datetime) else value


def _pathway(by_id: dict, pid, pathway_id) -> dict | None:
    for pathway in (by_id.get(pid) or {}).get("pathways", []):
        if pathway.get("id") == pathway_id:
            return pathway
    return None


def _ids(procedure: dict | None, key: str) -> set:
    return {item.get("id") for item in (procedure or {}).get(key, [])}


def _targets(question: dict) -> list:
    if question.get("type") in ("date", "number"):
        return [question.get("next")]
    return [o.get("next") for o in question.get("options", [])]


def _reachable(start: str, questions: dict) -> set:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in questions:
            stack.extend(_targets(questions[node]))
    return seen


def _cycles(start: str, questions: dict) -> list[str]:
    found, state = [], {}

    def visit(node):
        state[node] = "open"
        for target in _targets(questions[node]):
            if target not in questions:
                continue
            if state.get(target) == "open":
                found.append(target)
            elif target not in state:
                visit(target)
        state[node] = "done"

    visit(start)
    return found


def _leads_to_outcome(questions: dict, outcomes: dict) -> set:
    good, changed = set(outcomes), True
    while changed:
        changed = False
        for qid, question in questions.items():
            if qid not in good and any(t in good for t in _targets(question)):
                good.add(qid)
                changed = True
    return good
