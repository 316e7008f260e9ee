"""Checks that a procedure agrees with itself and is not a copy of another one.

- A timescale's `amount`, the number in its `text` (the source's own words) and the number in its
  quote must agree: a page that says "the source says 7 days" over a quote saying 5 is an error.
- A note whose arithmetic ("5 + 5 + 5 + 8 = 23") no longer matches the stage timescales it is
  about is stale (a warning: the page would print the old sum).
- A copied file that still names another area in its title, publisher or summary, or shares its
  source document with another procedure, is probably a copy not yet finished (a warning).

Each returns Problems (generator/loader.py) for load_bundle and `python -m generator.check`.
"""
from __future__ import annotations

import re

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "forty-eight": 48, "seventy-two": 72}
_NUMBER = re.compile(r"\b(\d+|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_SUM = re.compile(r"(\d+(?:\s*\+\s*\d+)+)\s*=\s*(\d+)")


def numbers(text) -> list[int]:
    """The numbers written in a text, in digits or words ("5 days", "five days", "48 hours")."""
    if not isinstance(text, str):
        return []
    return [int(m) if m.isdigit() else _WORDS[m.lower()] for m in _NUMBER.findall(text)]


def iter_timescales(node, path: tuple = ()):
    """(path, timescale) for every timescale in a procedure, nested `of` ones included."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "timescale" and isinstance(value, dict):
                yield path + (key,), value
                yield from iter_timescales(value, path + (key,))
            elif key == "of" and isinstance(value, list):
                for i, t in enumerate(value):
                    if isinstance(t, dict):
                        yield path + (key, i), t
                        yield from iter_timescales(t, path + (key, i))
            else:
                yield from iter_timescales(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from iter_timescales(value, path + (i,))


# Words the source must use for the handbook to show its unit without a `reading`: "5 days" shown as
# "5 working days" is the handbook's reading of the source, and the page must say so.
_UNIT_NEEDS = {"working_days": ("working", "work day", "workday"), "working_days_before": ("working",),
               "calendar_days": ("calendar", "day"), "calendar_months": ("month",), "weeks": ("week",),
               "hours": ("hour",), "hours_before": ("hour",)}
_PLAIN_DAYS = re.compile(r"\bdays?\b", re.IGNORECASE)


def unlabelled_reading(t: dict) -> str | None:
    """Why a timescale's unit is a reading the data does not label, or None if it is not one."""
    unit, text = t.get("unit"), t.get("text")
    if not isinstance(text, str) or t.get("reading") or unit not in _UNIT_NEEDS:
        return None
    words = text.lower()
    if unit == "calendar_days" and "calendar" not in words and _PLAIN_DAYS.search(words):
        return None   # plain "days" are calendar days by the handbook's stated convention
    if not any(w in words for w in _UNIT_NEEDS[unit]):
        return f"unit is {unit} but the source says {text!r}"
    return None


def timescale_problems(doc) -> list:
    """A timescale whose amount, text and quote disagree, or whose unit is an unlabelled reading of
    the source's words: one problem per timescale."""
    out = []
    for path, t in iter_timescales(doc.data):
        why = unlabelled_reading(t)
        if why:
            out.append(doc.problem(path + ("unit",), why,
                                   "add reading: with how the handbook reads the source's words and why, "
                                   "so every page that shows the timescale labels it"))
        amount, text = t.get("amount"), t.get("text")
        if not isinstance(amount, int) or isinstance(amount, bool):
            continue
        quote = (t.get("cite") or {}).get("quote") if isinstance(t.get("cite"), dict) else None
        in_text, in_quote = numbers(text), numbers(quote)
        if in_text and amount not in in_text:
            out.append(doc.problem(path + ("amount",), f"amount is {amount} but text says {text!r}",
                                   f"make them agree: amount: {in_text[0]} for that text, or write the "
                                   f"source's own words for {amount} in text"))
        elif in_quote and amount not in in_quote:
            out.append(doc.problem(path + ("cite", "quote"), f"amount is {amount} but the quote says {quote!r}",
                                   "quote the words of the source that give this timescale, "
                                   "or correct amount and text to what the quote says"))
        elif in_text and in_quote and not set(in_text) <= set(in_quote):
            out.append(doc.problem(path + ("text",), f"text says {text!r} but the quote says {quote!r}",
                                   "text is the source's own words: copy them from the quote"))
    return out


def _pathway_amounts(data) -> dict[str, list[int]]:
    out = {}
    for pw in data.get("pathways") or []:
        amounts = [s["timescale"]["amount"] for s in pw.get("stages") or []
                   if isinstance(s.get("timescale"), dict) and isinstance(s["timescale"].get("amount"), int)]
        out[pw.get("id")] = amounts
        for s in pw.get("stages") or []:
            t = s.get("timescale")
            if isinstance(t, dict) and isinstance(t.get("amount"), int):
                out.setdefault(s.get("id"), [t["amount"]])
    return out


def note_warnings(doc) -> list:
    """Notes whose sums are wrong, or no longer match the stage timescales they are about."""
    out = []
    amounts = _pathway_amounts(doc.data)
    for ni, note in enumerate(doc.data.get("notes") or []):
        for m in _SUM.finditer(note.get("text") or ""):
            terms = [int(x) for x in re.findall(r"\d+", m.group(1))]
            total = int(m.group(2))
            now = [amounts[t] for t in note.get("applies_to") or [] if amounts.get(t)]
            if sum(terms) != total:
                out.append(doc.problem(("notes", ni, "text"), f"note '{note.get('id')}' says {m.group(0)}, "
                                       f"but that adds up to {sum(terms)}", "correct the sum in the note's text",
                                       "warning"))
            elif now and all(sorted(terms) != sorted(a) for a in now):
                actual = " + ".join(map(str, now[0]))
                out.append(doc.problem(("notes", ni, "text"),
                                       f"note '{note.get('id')}' says {m.group(0)}, but the stage timescales are "
                                       f"now {actual} = {sum(now[0])}",
                                       "update the note's text to the new timescales, or remove the note if "
                                       "the contradiction has gone", "warning"))
    return out


_NAMED_FIELDS = (("title",), ("short_title",), ("publisher",), ("summary",), ("source", "title"))


def copy_warnings(docs, areas) -> list:
    """Leftovers of a copied file: another area's name in this one's text, or another's source file."""
    out = []
    names = {}
    for a in areas:
        words = {a.get("name", ""), a.get("id", "").replace("-", " ")}
        names[a["id"]] = {w for w in words if w and len(w) > 3}
    first_by_source: dict[str, object] = {}
    for doc in docs:
        d = doc.data
        own = " ".join(names.get(d.get("area"), set())).lower()
        for fields in _NAMED_FIELDS:
            value = d
            for f in fields:
                value = value.get(f) if isinstance(value, dict) else None
            if not isinstance(value, str):
                continue
            for area, words in sorted(names.items()):
                if area == d.get("area"):
                    continue
                hit = next((w for w in sorted(words) if w.lower() not in own
                            and re.search(r"\b" + re.escape(w) + r"\b", value, re.IGNORECASE)), None)
                if hit:
                    out.append(doc.problem(fields, f"names {hit}, another area, but this procedure is for "
                                           f"'{d.get('area')}'",
                                           "if the file was copied, rewrite this for its own document", "warning"))
                    break
        src = d.get("source", {}).get("file")
        if isinstance(src, str):
            if src in first_by_source:
                other = first_by_source[src]
                out.append(doc.problem(("source", "file"), f"'{src}' is also the source of {other.file}",
                                       "each procedure has its own source document: if the file was copied, "
                                       "put the new document's text in the sources folder and name it here",
                                       "warning"))
            else:
                first_by_source[src] = doc
    return out
