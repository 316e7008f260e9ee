"""An outcome's dates as an iCalendar file (RFC 5545), for the navigator's "Download deadlines".

The core decides what goes in it (the same dates the outcome shows) and writes the text; the browser
only offers it as a download. Each date is an all-day event (DTSTART;VALUE=DATE, DTEND the next day,
as RFC 5545 3.6.1 asks of a one-day event); text values are escaped (3.3.11: backslash, semicolon,
comma, newline) and lines folded at 75 octets (3.1), without splitting a UTF-8 character. UID and
DTSTAMP are built from the outcome and the day asked about, so the same answers give the same file
in CPython and in Pyodide.

Standard library only.
"""
from __future__ import annotations

from datetime import date, timedelta

PRODID = "-//The escalation handbook//Navigator//EN"


def escape(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, continuation lines starting with a space."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74   # a continuation line's leading space counts
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def calendar(events: list[dict], today: date, uid_base: str) -> str | None:
    """events: {"date": ISO date, "summary", "description", "id"}; None when there are none."""
    if not events:
        return None
    stamp = today.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for event in events:
        day = date.fromisoformat(event["date"])
        lines += ["BEGIN:VEVENT", f"UID:{event['id']}-{day.strftime('%Y%m%d')}-{uid_base}@escalation-handbook",
                  f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{escape(event['summary'])}", f"DESCRIPTION:{escape(event.get('description') or '')}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
