"""Link the first use of each glossary term on a page to its glossary entry.

Runs on a page's rendered HTML (the plugin calls it from `on_page_content`, for hand-written and
generated pages alike). For every term in procedures/glossary.yaml, the first time the term, its
abbreviation or one of its aliases appears in the page's text, it becomes

    <a class="hb-term" href="../../glossary/#iro" title="Independent Reviewing Officer">IRO</a>

Matching rules:

* whole words only; the longest candidate at a position wins ("Early Help Hub" before "Early help",
  "Child protection plan" before "Child protection"), and text taken by a longer term is not
  searched again for a shorter one;
* full terms match whatever their case; abbreviations match only in their own case ("CP" is never
  "cp"), and in an alias any word with two capitals in a row ("CP Plan", "IROs") keeps its case
  while its other words do not;
* one link per term per page, however many of its spellings appear;
* only text is touched: never a tag or attribute, and never text inside a link, heading, code,
  pre, abbr, script, style, form control, label, summary or SVG, nor inside an element with the
  class `hb-no-terms`.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

SKIP_TAGS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "abbr",
                       "script", "style", "textarea", "select", "option", "button", "label", "summary",
                       "svg", "title", "template", "noscript", "iframe", "math"})
RAW_TEXT = frozenset({"script", "style", "textarea", "title"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr"})
NO_TERMS_CLASS = "hb-no-terms"

_ATTR = r"""(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)"""
_TOKEN = re.compile(
    r"<!--.*?-->"                                   # comment
    r"|<!\[CDATA\[.*?\]\]>"                          # CDATA (inside SVG or MathML)
    r"|<![^>]*>"                                     # doctype
    r"|<\?[^>]*>"                                    # processing instruction
    rf"|<(?P<end>/)?(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>{_ATTR}*)\s*(?P<self>/)?>",
    re.S)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_ACRONYM = re.compile(r"[A-Z]{2}")


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    id: str
    title: str      # shown as the link's title (tooltip)


def _pattern(spelling: str, case_sensitive: bool | None) -> str:
    """Regex for one spelling. case_sensitive True/False for the whole spelling; None: per word
    (words with two capitals in a row keep their case)."""
    words = spelling.split()
    parts = []
    for w in words:
        keep_case = case_sensitive if case_sensitive is not None else bool(_ACRONYM.search(w))
        parts.append(re.escape(w) if keep_case else f"(?i:{re.escape(w)})")
    return r"\s+".join(parts)


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    first = m.group(1) if m else text
    return first if len(first) <= limit else first[:limit - 1].rstrip() + "…"


class GlossaryLinker:
    """Built once from the glossary; `link(html, page_url)` is pure and may be called per page."""

    def __init__(self, terms: list[dict], glossary_url: str = "glossary/"):
        self.glossary_url = glossary_url
        spellings: list[tuple[str, str, bool | None]] = []   # (text, term id, case rule)
        self.terms: dict[str, Term] = {}
        for t in terms:
            self.terms[t["id"]] = Term(t["id"], t["term"])
            spellings.append((t["term"], t["id"], False))
            if t.get("abbr"):
                spellings.append((t["abbr"], t["id"], True))
            for alias in t.get("aliases") or []:
                spellings.append((alias, t["id"], None))
        self._definitions = {t["id"]: _first_sentence(t["definition"]) for t in terms}
        # Longest first, so that at any one position the longest spelling wins. Spellings are looked
        # up by their first word (lower case): at each word of the text only the few spellings that
        # start with it are tried, instead of one regex of every spelling at every position.
        spellings.sort(key=lambda s: (-len(s[0]), s[0]))
        self._by_first: dict[str, list[tuple[re.Pattern, str]]] = {}
        for text, tid, rule in spellings:
            first = _WORD.match(text)
            if first is None:
                raise ValueError(f"glossary spelling {text!r} does not start with a letter or digit")
            pattern = re.compile(_pattern(text, rule) + r"(?![\w])")
            self._by_first.setdefault(first.group(0).lower(), []).append((pattern, tid))
        self._any = bool(spellings)

    def href(self, term_id: str, page_url: str) -> str:
        return relative_url(self.glossary_url, page_url) + "#" + term_id

    def _title(self, term_id: str, matched: str) -> str:
        full = self.terms[term_id].title
        if " ".join(matched.split()).lower() == full.lower():
            return self._definitions[term_id]
        return full

    def link(self, page_html: str, page_url: str) -> str:
        """The page's HTML with the first use of each term linked."""
        if not self._any:
            return page_html
        done: set[str] = set()
        out: list[str] = []
        pos = 0
        skip_name: str | None = None    # the element we are inside that must not be touched
        skip_depth = 0
        n = len(page_html)
        while pos < n:
            m = _TOKEN.search(page_html, pos)
            text_end = m.start() if m else n
            if text_end > pos:
                chunk = page_html[pos:text_end]
                out.append(chunk if skip_name else self._link_text(chunk, page_url, done))
            if not m:
                break
            out.append(m.group(0))
            pos = m.end()
            name = (m.group("name") or "").lower()
            if not name:
                continue
            if m.group("end"):
                if skip_name == name:
                    skip_depth -= 1
                    if skip_depth == 0:
                        skip_name = None
                continue
            if m.group("self") or name in VOID:
                continue
            if name in RAW_TEXT:   # its content is not HTML: jump to its end tag
                close = re.compile(rf"</{name}\s*>", re.I).search(page_html, pos)
                stop = close.start() if close else n
                out.append(page_html[pos:stop])
                pos = stop
                continue
            if skip_name:
                if name == skip_name:
                    skip_depth += 1
            elif name in SKIP_TAGS or self._has_no_terms_class(m.group("attrs") or ""):
                skip_name, skip_depth = name, 1
        return "".join(out)

    @staticmethod
    def _has_no_terms_class(attrs: str) -> bool:
        for m in _CLASS.finditer(attrs):
            value = next(g for g in m.groups() if g is not None)
            if NO_TERMS_CLASS in value.split():
                return True
        return False

    def _matches(self, text: str):
        """(match, term id) of every spelling found in text, left to right, the longest at each word,
        never overlapping."""
        pos = 0
        while True:
            word = _WORD.search(text, pos)
            if word is None:
                return
            found = None
            for pattern, tid in self._by_first.get(word.group(0).lower(), ()):
                found = pattern.match(text, word.start())
                if found:
                    yield found, tid
                    break
            pos = found.end() if found else word.end()

    def _link_text(self, chunk: str, page_url: str, done: set[str]) -> str:
        """Link terms in one run of text (between tags). The run is matched unescaped and written
        back escaped, but only when something in it is linked; otherwise it is left as it was."""
        if len(done) == len(self.terms) or not chunk.strip():
            return chunk
        text = html.unescape(chunk)
        pieces: list[str] = []
        last = 0
        for m, tid in self._matches(text):
            if tid in done:
                continue        # this stretch is taken by an already linked term: leave it as text
            done.add(tid)
            pieces.append(html.escape(text[last:m.start()], quote=False))
            pieces.append('<a class="hb-term" href="{}" title="{}">{}</a>'.format(
                html.escape(self.href(tid, page_url)), html.escape(self._title(tid, m.group(0))),
                html.escape(m.group(0), quote=False)))
            last = m.end()
        if not pieces:
            return chunk
        pieces.append(html.escape(text[last:], quote=False))
        return "".join(pieces)


def relative_url(target: str, page_url: str) -> str:
    """URL of `target` (a site-root-relative directory or file URL, e.g. "glossary/") as seen from
    the page at `page_url` (e.g. "procedures/x/", "" for the home page, "about/privacy.html")."""
    page_dir = page_url.rsplit("/", 1)[0] if "/" in page_url else ""
    up = len([p for p in page_dir.split("/") if p])
    rel = "../" * up + target
    return rel or "./"
