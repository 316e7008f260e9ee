"""The site's Content-Security-Policy, with a hash for each inline script the theme writes.

Nothing on a page may run unless it is a file of this site or an inline script whose SHA-256 hash
the policy lists: no 'unsafe-inline', no 'unsafe-eval'. After the build, `write(site_dir)` reads
every built HTML file, hashes each executable inline <script> (Material writes three kinds: the
`__md_scope` set-up, which differs by page depth, the colour-palette script and the tab-anchor
script; `<script type="application/json">` is data and is not hashed), and any inline <style>
element, and writes

* `_csp.txt`  the policy on one line; generator/serve.py sends it with every response;
* `_headers`  the same headers in the format Netlify and Cloudflare Pages read.

Neither file is served as a page (serve.py answers 404). Inline event handlers (`onclick=`) and
`style=` attributes in the built HTML stop the build: move them to a script or the stylesheet.
See docs/arch/0004-content-security-policy.md for why each directive is what it is.

Standard library only, so the local server can import it without MkDocs.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

POLICY_FILE = "_csp.txt"
HEADERS_FILE = "_headers"
HOST_FILES = (POLICY_FILE, HEADERS_FILE)
"""Files the build writes for the web server, never to be served themselves."""

# Every directive and its fixed sources; the hashes are added to script-src and style-src.
DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    # Pyodide compiles its WebAssembly: 'wasm-unsafe-eval' allows that and nothing else (no eval).
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    # Material's icons are data: SVGs in its stylesheet (CSS masks count as images).
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("manifest-src", ("'self'",)),
    ("media-src", ("'none'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
    # No frame-ancestors: partnership sites on any origin may embed the pages (a product goal), and
    # "frame-ancestors *" would still refuse an ancestor with an opaque origin (a sandboxed or
    # srcdoc frame, about:blank), since '*' matches network schemes only. No X-Frame-Options either.
)

# Script types a browser executes; anything else (application/json, importmap aside) is data.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
                    "application/ecmascript", "importmap"}

COMMON_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))
CORS_HEADERS = (("Access-Control-Allow-Origin", "*"),)
"""Sent with every file but the pages, so a page embedded in a sandboxed iframe (an opaque origin)
can still load the site's module scripts, worker, runtime and data, which browsers fetch in CORS
mode. The site sets no cookies and needs no credentials, so "*" gives nothing away."""


VERSIONED_PREFIXES = ("/assets/pyodide/",)
"""Folders named by the version of what they hold (Pyodide 314.0.7; the trimmed
standard library's name carries a hash of the rule core): a URL there never changes content, so
browsers may keep it a year without asking again. Everything else is revalidated on each use."""
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def cache_control(url_path: str) -> str:
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    return IMMUTABLE if path.startswith(VERSIONED_PREFIXES) else REVALIDATE


class InlineCodeError(ValueError):
    """The built HTML has inline code a strict policy cannot allow by hash."""


def sha256_source(text: str) -> str:
    """The CSP source expression for text: 'sha256-<base64 of the UTF-8 bytes' digest>'."""
    digest = hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# One pass over a page: comments (skipped), script and style elements with their raw content, and
# every other start tag with its attributes. A quoted attribute value may hold ">". This is much
# faster than html.parser (which made the policy the slowest step of a large build) and gives the
# same answers on the site's pages (site_tests/trust/test_content_security_policy.py compares them).
# A miss here can never weaken the policy: inline code that is not hashed is simply blocked.
_ATTRS = r"""(?P<{0}>(?:[^>"']|"[^"]*"|'[^']*')*)"""
_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)(?=[\s>/])" + _ATTRS.format("raw_attrs") + r">(?P<body>.*?)</(?P=raw)\s*>"
    r"|<(?P<name>[a-zA-Z][^\s/>]*)" + _ATTRS.format("attrs") + ">",
    re.S | re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _attributes(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        name = m.group(1).lower()
        if name not in out:
            out[name] = next((g for g in m.groups()[1:] if g is not None), "")
    return out


def inline_code(html_text: str) -> tuple[list[str], list[str], list[str]]:
    """(inline executable scripts, inline style elements, problems) of one HTML document."""
    scripts: list[str] = []
    styles: list[str] = []
    problems: list[str] = []
    for m in _TOKEN.finditer(html_text):
        raw = m.group("raw")
        if raw is None and m.group("name") is None:
            continue                                     # a comment
        tag = (raw or m.group("name")).lower()
        names = _attributes(m.group("raw_attrs") if raw else m.group("attrs"))
        for name in names:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=...> (an inline event handler)")
        if "style" in names:
            problems.append(f'<{tag} style="{names["style"][:60]}"> (a style attribute)')
        if tag == "script" and "src" not in names and names.get("type", "").strip().lower() in EXECUTABLE_TYPES:
            scripts.append(m.group("body"))
        elif tag == "style":
            styles.append(m.group("body"))
    return scripts, styles, problems


def policy_for(site_dir: Path) -> str:
    """The policy for every page under site_dir; raises InlineCodeError for unhashable inline code."""
    scripts, styles, problems = set(), set(), []
    for page in sorted(Path(site_dir).rglob("*.html")):
        found_scripts, found_styles, found_problems = inline_code(page.read_text(encoding="utf-8"))
        scripts.update(sha256_source(s) for s in found_scripts)
        styles.update(sha256_source(s) for s in found_styles)
        rel = page.relative_to(site_dir).as_posix()
        problems += [f"{rel}: {p}" for p in found_problems]
    if problems:
        raise InlineCodeError("inline code the Content-Security-Policy would block; move it to a .js or "
                              ".css file of the site:\n" + "\n".join(problems))
    return build_policy(sorted(scripts), sorted(styles))


def build_policy(script_hashes=(), style_hashes=()) -> str:
    parts = []
    for name, sources in DIRECTIVES:
        extra = script_hashes if name == "script-src" else style_hashes if name == "style-src" else ()
        parts.append(" ".join((name, *sources, *extra)))
    return "; ".join(parts)


FALLBACK_POLICY = build_policy()
"""The policy without any hash: what the server sends if the build wrote no _csp.txt (fail closed)."""


def is_page(url_path: str) -> bool:
    """True for a URL path that serves an HTML page (directory URLs end in '/')."""
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    return path.endswith("/") or path.endswith(".html") or path.endswith(".htm")


def headers_for(url_path: str, policy: str) -> list[tuple[str, str]]:
    """Every security header for one response. The policy goes on every response, not only pages:
    a worker script runs under the policy its own response carries."""
    headers = [("Content-Security-Policy", policy), *COMMON_HEADERS]
    if not is_page(url_path):
        headers += CORS_HEADERS
    return headers


def headers_file(policy: str) -> str:
    """`_headers` for Netlify and Cloudflare Pages: the same headers generator/serve.py sends."""
    lines = ["# Written by the build (generator/csp.py); hosts that read _headers send these.", "/*"]
    lines += [f"  {name}: {value}" for name, value in (("Content-Security-Policy", policy), *COMMON_HEADERS)]
    for prefix in ("/assets/*", "/data/*", "/search/*"):
        lines += [prefix] + [f"  {name}: {value}" for name, value in CORS_HEADERS]
    for prefix in VERSIONED_PREFIXES:
        lines += [prefix + "*", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def write(site_dir: Path) -> str:
    """Write _csp.txt and _headers into the built site; returns the policy."""
    site_dir = Path(site_dir)
    policy = policy_for(site_dir)
    (site_dir / POLICY_FILE).write_text(policy + "\n", encoding="utf-8")
    (site_dir / HEADERS_FILE).write_text(headers_file(policy), encoding="utf-8")
    return policy


def read(site_dir: Path) -> str:
    """The policy the build wrote for site_dir, or the hash-less fallback if there is none."""
    try:
        text = (Path(site_dir) / POLICY_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return FALLBACK_POLICY
    return text if re.fullmatch(r"[\x20-\x7e]+", text) else FALLBACK_POLICY
