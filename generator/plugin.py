"""The MkDocs plugin: load and validate procedures/, add the generated pages and the assets.

Nothing generated is written into the repository: pages are added with File.generated in
on_files, and so are the JSON bundle, the rule core's Python files and the self-hosted Pyodide
runtime. A broken procedure file stops the build with one line per problem (no traceback).
"""
from __future__ import annotations

import hashlib
import html
import json
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents
from navigator.parts import PartsError, split_bundle

from . import compress, csp, flowchart, render, search_index, whats_new
from .glossary_links import GlossaryLinker
from .history import read_history
from .loader import ROOT, LoadError, load_bundle
from .navigator_pages import blank_record_pages, navigator_pages
from .runtime import CACHE, RuntimeBuildError, cache_key, trimmed_stdlib


log = get_plugin_logger(__name__)

GLOSSARY_PAGE = "glossary/index.md"
NAVIGATOR_DATA = "data/navigator/"
"""The navigator's data in parts (navigator/parts.py): index.json, then one file per area."""
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def problems_site(files: Files, config, problems: list[str]) -> Files:
    """The preview's site while a procedure file is broken: the theme's assets and one page listing
    the problems, the same lines the build and `python -m generator.check` print."""
    keep = Files([f for f in files if not f.is_documentation_page()])
    rows = "\n".join(html.escape(line) for line in problems)
    page = ("# Problems in the procedure files\n\nThe site is rebuilt as soon as they are fixed; this page "
            "reloads by itself. Each line names the file, line and column, the field, what is wrong and what to "
            f"write instead.\n\n<pre class=\"hb-problems\">{rows}</pre>\n")
    keep.append(File.generated(config, "index.md", content=page))
    return keep


class HandbookConfig(Config):
    root = c.Type(str, default="")
    """Repository root holding procedures/, navigator/ and node_modules/ (default: the plugin's own repo)."""
    edit_base = c.Type(str, default="")
    """Base URL for "edit this procedure" links to the YAML files (empty: link to the file path in the repo)."""
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    """Where the pinned npm Pyodide package is, relative to root."""
    glossary_links = c.Type(bool, default=True)
    """Link the first use of each glossary term on every page to its glossary entry."""
    trimmed_stdlib = c.Type(bool, default=True)
    """Ship the navigator a trimmed, precompiled Python standard library (generator/runtime.py, built
    with node and cached in .build/stdlib/); false: the stock python_stdlib.zip, compiled on each visit."""
    nav_procedures_limit = c.Type(int, default=30)
    """List each procedure in the site's navigation while there are at most this many; past it, the
    navigation links the index pages only, so pages stay the same size however many there are."""
    history = c.Type(bool, default=True)
    """Read each procedure's change history from git (generator/history.py) for its page, the
    What's new page, the Atom feed and the JSON; false, or no git history: the pages say so."""
    feed_entries = c.Type(int, default=100)
    """How many of the newest changes the Atom feed (whats-new/feed.xml) carries."""
    precompress = c.Type(bool, default=True)
    """Write brotli (.br) and gzip (.gz) copies beside the files under assets/ (generator/compress.py,
    cached in .build/compressed/), for servers that send precompressed files."""


class HandbookPlugin(BasePlugin[HandbookConfig]):
    serving = False

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_serve(self, server, config, builder):
        """The preview rebuilds when a procedure file changes, not only a page of content/."""
        server.watch(str(self.root / "procedures"))
        return server

    def on_config(self, config):
        self.root = Path(self.config.root) if self.config.root else ROOT
        self._html_kept: dict[str, str] = {}
        self.problems: list[str] = []
        log.info("checking the procedure files (schema, references, quotes against their sources) ...")
        try:
            self.bundle = load_bundle(self.root)
        except LoadError as exc:
            lines = [str(p) for p in exc.problems] + [f"warning: {w}" for w in exc.warnings]
            summary = f"{len(exc.problems)} problem(s); nothing was built."
            if not self.serving:
                raise PluginError("procedure data has problems; nothing was built:\n" + "\n".join(lines)
                                  + f"\n{len(exc.problems)} problem(s).") from None
            # `mkdocs serve`: a site of one page listing the problems, so the browser shows them
            # (and reloads when the file is fixed) instead of waiting for a build that never comes.
            self.bundle, self.problems = None, lines + [summary]
            for line in self.problems:   # info, not warning: strict mode would abort the preview's build
                log.info("%s", line)
            config.extra["handbook_problems"] = self.problems
            config.nav = [{"Problems in the procedure files": "index.md"}]
            return config
        for w in self.bundle.warnings:
            log.info("data check: %s", w)
        log.info("%d procedure file(s) checked, %d warning(s)", len(self.bundle.procedures), len(self.bundle.warnings))
        self.bundle.history = read_history(self.root, self.bundle.files) if self.config.history else None
        if self.bundle.history is not None and not self.bundle.history.available:
            log.info("change history: %s", self.bundle.history.reason)
        only = {a.strip() for a in os.environ.get("HANDBOOK_ONLY", "").split(",") if a.strip()}
        if only:   # `make preview AREA=...`: every file checked as always, one area's pages built
            try:
                self.bundle = self.bundle.only(only)
            except LoadError as exc:
                raise PluginError("\n".join(str(p) for p in exc.problems)) from None
            log.info("previewing %s only: %d procedure(s); every procedure file was checked",
                     ", ".join(sorted(only)), len(self.bundle.procedures))
        self._add_to_nav(config)
        pyodide = self.root / self.config.pyodide_dir
        if not (pyodide / "pyodide.mjs").is_file():
            raise PluginError(f"Pyodide runtime not found at {pyodide}; run `make setup` (npm ci) first.")
        version = json.loads((pyodide / "package.json").read_text())["version"]
        self.pyodide = (pyodide, version)
        glossary_url = "glossary/" if config.use_directory_urls else "glossary/index.html"
        self.linker = GlossaryLinker(self.bundle.glossary, glossary_url)
        return config

    def _add_to_nav(self, config) -> None:
        """List every generated procedure page under the nav's "Procedures" section, up to
        nav_procedures_limit of them. Every page carries the whole visible nav, so a nav of
        thousands of procedures would make every page (and the build) grow with their number;
        past the limit, the section holds the index pages (by area, by situation, compared) only."""
        self.procedures_in_nav = len(self.bundle.procedures) <= self.config.nav_procedures_limit
        if not self.procedures_in_nav:
            return
        # Nav titles are printed unescaped by the theme: escape text from the data here.
        entries = [{html.escape(p.get("short_title", p["title"])): f"procedures/{p['id']}.md"}
                   for p in sorted(self.bundle.procedures, key=lambda p: (p["area"], p["id"]))]
        for item in config.nav or []:
            if isinstance(item, dict) and isinstance(item.get("Procedures"), list):
                item["Procedures"].extend(entries)
                return

    def on_files(self, files: Files, config) -> Files:
        if self.bundle is None:
            return problems_site(files, config, self.problems)
        try:   # every pathway's flowchart, laid out in one node run (cached in .build/flowcharts/)
            charts = flowchart.draw_bundle(self.bundle)
        except flowchart.FlowchartError as exc:
            raise PluginError(f"flowcharts: {exc}") from None
        pages = render.pages(self.bundle, self.config.edit_base, charts=charts)
        navigator = navigator_pages(self.bundle)
        self.html_pages = set(navigator)
        pages.update(navigator)
        pages.update(blank_record_pages(self.bundle))
        pages[whats_new.PAGE] = whats_new.page(render.environment(), self.bundle, self.bundle.history)
        files.append(File.generated(config, whats_new.FEED, content=whats_new.feed(
            self.bundle, self.bundle.history, config.site_url, self.config.feed_entries)))
        files.append(File.generated(config, whats_new.SITEMAP, content=whats_new.EMPTY_SITEMAP))
        for uri, content in pages.items():
            # The embed copies and the navigator's ~700 question pages are reached by links, not
            # the nav: say so, so the build log does not list every one of them.
            off_nav = (uri.startswith(("embed/", "navigator/record/")) or (uri.startswith("navigator/start/") and uri != "navigator/start/index.md")
                       or (not self.procedures_in_nav and uri.startswith("procedures/") and uri != "procedures/index.md"))
            files.append(File.generated(config, uri, content=content,
                                        inclusion=InclusionLevel.NOT_IN_NAV if off_nav else InclusionLevel.UNDEFINED))
        for uri, content in self._assets().items():
            files.append(File.generated(config, uri, content=content))
        pyodide_dir, version = self.pyodide
        for name in PYODIDE_FILES:
            files.append(File.generated(config, f"assets/pyodide/{version}/{name}",
                                        abs_src_path=str(pyodide_dir / name)))
        if self.config.trimmed_stdlib:
            trimmed = self._trimmed_stdlib()
            files.append(File.generated(config, f"assets/pyodide/{version}/{trimmed.name}", abs_src_path=str(trimmed)))
        config.extra["handbook_navigator_head"] = navigator_head()
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """The navigator's ~700 pages are HTML already (front matter aside), which Markdown returns
        unchanged (site_tests/navigator/test_static_navigator_pages.py checks that it does): keep
        it aside and give Markdown nothing to do; on_page_content puts it back."""
        if page.file.src_uri in getattr(self, "html_pages", ()):
            self._html_kept[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html_text: str, page, config, files) -> str:
        """Link the first use of each glossary term (not on the glossary itself).

        The navigator's static pages (their HTML kept aside by on_page_markdown) get them on outcome
        pages only: the browser shows the static page's own body (navigator/web/flow.js fetches it), so
        with and without the core they read the same; a question page keeps its answers the first
        stops after the skip link, with no term link before them."""
        kept = self._html_kept.pop(page.file.src_uri, None)
        if kept is not None:
            # Material's skip link goes to the page's first heading in the table of contents; these
            # pages are one HTML block (no Markdown headings), so give it the page's h1.
            if not page.toc.items and 'id="hb-nav-heading"' in kept:
                page.toc = TableOfContents([AnchorLink(page.title or "Content", "hb-nav-heading", 1)])
            if self.bundle is not None and self.config.glossary_links and 'data-nav-kind="outcome"' in kept:
                return self.linker.link(kept, page.url)
            return kept
        if self.bundle is None or not self.config.glossary_links or page.file.src_uri == GLOSSARY_PAGE:
            return html_text
        return self.linker.link(html_text, page.url)

    def on_post_build(self, config) -> None:
        """Hash the inline scripts of every built page into the Content-Security-Policy (generator/csp.py);
        size the search index for scale (generator/search_index.py)."""
        if self.bundle is not None:
            log.debug("search index: %s", search_index.write(Path(config.site_dir), self.bundle))
        try:
            policy = csp.write(Path(config.site_dir))
        except csp.InlineCodeError as exc:
            raise PluginError(str(exc)) from None
        log.debug("Content-Security-Policy: %s", policy)
        if self.config.precompress and self.bundle is not None:
            log.info("writing brotli and gzip copies of the assets (cached after the first build) ...")
            sizes = compress.precompress(Path(config.site_dir))
            log.debug("precompressed %s", sizes)

    def _trimmed_stdlib(self) -> Path:
        """The trimmed standard library zip (generator/runtime.py; cached, so asking twice costs a hash of
        the core's files); a failure stops the build in one line."""
        def bundle_json() -> str:
            return json.dumps(self.bundle.to_json(), ensure_ascii=False, sort_keys=True)
        if not (CACHE / cache_key(self.root, self.pyodide[0]) / "report.json").is_file():
            log.info("building the navigator's Python standard library with node: the first build takes about "
                     "a minute, later ones reuse it from .build/stdlib/ ...")
        try:
            return trimmed_stdlib(self.root, self.pyodide[0], bundle_json)
        except RuntimeBuildError as exc:
            raise PluginError(f"navigator runtime: {exc}") from None

    def _navigator_data(self) -> dict[str, str]:
        """The navigator's index and one file per area (navigator/parts.py), each part's name carrying
        a hash of its text in the index, so the browser caches a part until that area changes."""
        def version_of(part: dict) -> str:
            return hashlib.sha256(_json(part).encode()).hexdigest()[:12]
        try:
            index, parts = split_bundle(self.bundle.to_json(), version_of)
        except PartsError as exc:
            raise PluginError(f"navigator data: {exc}") from None
        out = {f"{NAVIGATOR_DATA}{name}": _json(part) for name, part in parts.items()}
        out[f"{NAVIGATOR_DATA}index.json"] = _json(index)
        return out

    def _assets(self) -> dict[str, str | bytes]:
        """The rule core's files for Pyodide, its manifest, the data bundle and the web front end."""
        out: dict[str, str | bytes] = {}
        bundle_json = json.dumps(self.bundle.to_json(), ensure_ascii=False, sort_keys=True)
        out["data/procedures.json"] = bundle_json   # the whole data, for readers and tools; the navigator reads the parts
        out.update(self._navigator_data())
        for schema in sorted((self.root / "procedures" / "schema").glob("*.json")):
            out[f"data/schema/{schema.name}"] = schema.read_text(encoding="utf-8")
        core = self.root / "navigator"
        files = sorted(p for p in core.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
                       and "__pycache__" not in p.parts and "web" not in p.relative_to(core).parts)
        digest = hashlib.sha256()
        manifest_files = []
        for p in files:
            rel = p.relative_to(core).as_posix()
            data = p.read_bytes()
            digest.update(rel.encode() + b"\0" + data)
            out[f"assets/navigator/core/navigator/{rel}"] = data
            manifest_files.append(f"navigator/{rel}")
        manifest = {"version": digest.hexdigest()[:12], "files": manifest_files,
                    "pyodide": f"assets/pyodide/{self.pyodide[1]}/"}
        if self.config.trimmed_stdlib:
            manifest["stdlib"] = self._trimmed_stdlib().name   # boot.js passes it to loadPyodide as stdLibURL
        out["assets/navigator/manifest.json"] = json.dumps(manifest, indent=1)
        for p in sorted((core / "web").glob("*")):
            if p.is_file():
                out[f"assets/navigator/{p.name}"] = p.read_bytes()
        return out


def navigator_head() -> dict:
    """What the head of a page with the navigator carries (generator/theme/main.html): its first script
    (navigator/web/start.js), which starts the worker as soon as the page's first frame is painted,
    and a modulepreload of the engine it imports. The runtime's files are not preloaded: fetched with
    the HTML they took the bandwidth of a slow link from the page's own words (Lighthouse, mobile:
    0.70 with them, 0.97 without), and the worker started no later without them (bench: 0.47 of stock
    Pyodide's first visit against 0.55 with them, the same run)."""
    return {"start": "assets/navigator/start.js",
            "modules": ["assets/navigator/engine.js"]}


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
