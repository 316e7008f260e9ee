"""The JSON-in, JSON-out door to the rule core, used by the browser (through Pyodide) and tests.

The browser never decides anything: it sends an operation name and JSON arguments and renders
the JSON that comes back. Errors come back as {"error": "one sentence for a person"}, never as a
Python traceback.
"""
from __future__ import annotations

import json

from .calendar import CalendarError, parse_iso
from .deadlines import DeadlineError, stage_deadlines
from .timescales import TimescaleError

_BUNDLE: dict | None = None


def load_bundle(text: str) -> int:
    """Give the core the site's procedures.json (as text). Returns how many procedures it holds."""
    global _BUNDLE
    _BUNDLE = json.loads(text)
    return len(_BUNDLE["procedures"])


def _procedure(pid: str) -> dict:
    if _BUNDLE is None:
        raise DeadlineError("The procedures have not been loaded yet.")
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
    raised = parse_iso(text)
    if hasattr(raised, "hour"):  # a datetime: only the day matters for working days
        raised = raised.date()
    procedure = _procedure(str(args.get("procedure", "")))
    return stage_deadlines(procedure, str(args.get("pathway", "")), raised, _region(procedure))


OPERATIONS = {"stage_deadlines": _stage_deadlines}


def call(operation: str, args_json: str) -> str:
    """Run one operation; always returns JSON text."""
    try:
        args = json.loads(args_json) if args_json else {}
        if operation not in OPERATIONS:
            raise DeadlineError(f"Unknown operation '{operation}'.")
        return json.dumps({"ok": OPERATIONS[operation](args)})
    except (CalendarError, TimescaleError, DeadlineError, ValueError) as exc:
        return json.dumps({"error": str(exc)})
