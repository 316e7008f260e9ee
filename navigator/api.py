"""The JSON-in, JSON-out door to the rule core, used by the browser (through Pyodide) and tests.

The browser never decides anything: it sends an operation name and JSON arguments and renders
the JSON that comes back. Errors come back as {"error": "one sentence for a person"}, never as a
Python traceback. The site gives the core its data in parts (navigator.parts): where an answer
needs a part not loaded yet, the answer is {"needs": [file, ...]}; the browser fetches those files,
hands each to load_part and asks again.
"""
from __future__ import annotations

import json

from .calendar import CalendarError, parse_iso
from .deadlines import DeadlineError, stage_deadlines
from .flow import FlowError, UnknownNode, next_step, revise
from .outcome import OutcomeError, build_outcome
from .parts import merge_part, part_entered_by, part_of_procedure
from .timescales import TimescaleError

_BUNDLE: dict | None = None
MAX_REQUEST = 100_000
"""The longest request (JSON text) the core reads; the navigator's own are a few hundred characters."""
MAX_DATE_TEXT = 40
MAX_ID = 100


class NeedsParts(Exception):
    """The answer needs parts of the data not loaded yet (their file names, as the index gives them)."""

    def __init__(self, files: list[str]):
        super().__init__(", ".join(files))
        self.files = files


def load_bundle(text: str) -> int:
    """Give the core the site's procedures.json, or the navigator's index (navigator.parts), as text.
    Returns how many procedures it holds so far."""
    global _BUNDLE
    _BUNDLE = json.loads(text)
    _BUNDLE.setdefault("procedures", [])
    return len(_BUNDLE["procedures"])


def load_part(text: str) -> int:
    """Add one area's part (a file the core asked for with "needs") to the loaded index."""
    if _BUNDLE is None:
        raise DeadlineError("The navigator's index has not been loaded yet.")
    merge_part(_BUNDLE, json.loads(text))
    return len(_BUNDLE["procedures"])


def _procedure(pid: str) -> dict:
    if _BUNDLE is None:
        raise DeadlineError("The procedures have not been loaded yet.")
    needed = part_of_procedure(_BUNDLE, pid)
    if needed:
        raise NeedsParts([needed])
    for p in _BUNDLE["procedures"]:
        if p["id"] == pid:
            return p
    raise DeadlineError(f"There is no procedure '{pid}'.")


def _region(procedure: dict) -> str:
    for area in (_BUNDLE or {}).get("areas", []):
        if area["id"] == procedure.get("area"):
            return area["region"]
    return "england-and-wales"


def _stage_deadlines(args: dict) -> dict:
    text = str(args.get("raised", "")).strip()
    if not text:
        raise DeadlineError("Enter the date the escalation was raised.")
    if len(text) > MAX_DATE_TEXT:
        raise DeadlineError("That is not a date; write YYYY-MM-DD (e.g. 2026-12-18).")
    raised = parse_iso(text)
    if hasattr(raised, "hour"):  # a datetime: only the day matters for working days
        raised = raised.date()
    procedure_id, pathway_id = str(args.get("procedure", "")), str(args.get("pathway", ""))
    if len(procedure_id) > MAX_ID or len(pathway_id) > MAX_ID:
        raise DeadlineError("There is no such procedure or pathway; choose one from the list.")
    procedure = _procedure(procedure_id)
    return stage_deadlines(procedure, pathway_id, raised, _region(procedure))


def _next_step(args: dict) -> dict:
    """The navigator's next question or, once answered, the full outcome (answers keyed by question id).
    With "earlier" (every answer before a Change), the answers since the Change are read with the
    earlier ones that still hold (navigator.flow.revise)."""
    if not _BUNDLE or not _BUNDLE.get("flow"):
        raise DeadlineError("The navigator's questions have not been loaded.")
    answers = args.get("answers") or {}
    if not isinstance(answers, dict):
        raise DeadlineError("The answers were not understood; start again.")
    earlier = args.get("earlier")
    if earlier is not None and not isinstance(earlier, dict):
        raise DeadlineError("The answers were not understood; start again.")
    today = args.get("today") or None
    # Values go to the flow as given: it refuses anything but text and whole numbers at the question.
    try:
        given = {str(k): v for k, v in answers.items()}
        if earlier is None:
            step = next_step(_BUNDLE["flow"], given, today)
        else:   # a Change from "Your answers": the core keeps the earlier answers that still hold
            step, answers = revise(_BUNDLE["flow"], given, {str(k): v for k, v in earlier.items()}, today)
    except UnknownNode as exc:
        needed = part_entered_by(_BUNDLE, exc.node)
        if needed is None:
            raise
        raise NeedsParts([needed]) from None
    if "outcome" in step:
        by_id = {p["id"]: p for p in _BUNDLE["procedures"]}
        step["outcome"] = build_outcome(step["outcome"], answers, by_id, _BUNDLE["areas"], today or _today())
    return step


def _today() -> str:
    from datetime import date

    return date.today().isoformat()


OPERATIONS = {"stage_deadlines": _stage_deadlines, "next_step": _next_step}


def call(operation: str, args_json: str) -> str:
    """Run one operation; always returns JSON text (never NaN or Infinity, which JavaScript refuses)."""
    try:
        if not isinstance(operation, str) or operation not in OPERATIONS:
            raise DeadlineError(f"Unknown operation '{str(operation)[:40]}'.")
        if args_json and not isinstance(args_json, str):
            raise DeadlineError("The request was not understood; start again.")
        if args_json and len(args_json) > MAX_REQUEST:
            raise DeadlineError("The request is too long to be one of the navigator's; start again.")
        try:
            args = json.loads(args_json) if args_json else {}
        except RecursionError:
            raise DeadlineError("The request was not understood; start again.") from None
        if not isinstance(args, dict):
            raise DeadlineError("The request was not understood; start again.")
        return json.dumps({"ok": OPERATIONS[operation](args)}, allow_nan=False)
    except NeedsParts as exc:
        return json.dumps({"needs": exc.files})
    except (CalendarError, TimescaleError, DeadlineError, FlowError, OutcomeError, ValueError) as exc:
        return json.dumps({"error": str(exc)})
