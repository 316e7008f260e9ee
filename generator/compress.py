"""Brotli and gzip copies of the site's static assets, written beside them at build time.

Every file under assets/ that compresses well (the Pyodide runtime, the rule core's front end, the
theme's bundles) gets `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) beside
it, so a server sends the small copy to a browser that accepts it without compressing anything per
request: `generator.serve` does, as do nginx (`gzip_static`, `brotli_static`), Caddy (`precompressed`)
and most static hosts. Pages, the search index and data/ change with the procedures and are left to
the server's on-the-fly compression (generator/serve.py does that too), which keeps the build's cost
from growing with the number of procedures.

Quality 11 is slow (about 30 s for the 9.6 MB WebAssembly runtime), so results are cached by content
hash in this repository's .build/compressed/: a build pays once per new file, then a hash per file.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import time
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".build" / "compressed"
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".xml", ".ics", ".map",
                ".py", ".zip", ".ttf", ".otf", ".eot"}
MIN_SIZE = 1024          # below this the headers cost more than the saving
MIN_SAVING = 0.05        # a copy that saves less than 5 % is not worth a second file
ENCODINGS = {"br": ".br", "gzip": ".gz"}


def _encode(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def compressed(data: bytes, encoding: str, cache: Path | None = None) -> bytes:
    """`data` compressed with `encoding` ("br" or "gzip"), from the cache when it was done before."""
    cache = Path(cache) if cache else CACHE
    entry = cache / hashlib.sha256(data).hexdigest()[:32] / encoding
    try:
        out = entry.read_bytes()
        os.utime(entry.parent)           # in use: kept by prune()
        return out
    except FileNotFoundError:
        pass
    out = _encode(data, encoding)
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_name(f"{encoding}.{os.getpid()}.partial")   # two builds at once never share a file
    partial.write_bytes(out)
    partial.replace(entry)
    return out


def prune(cache: Path | None = None, days: float = 30) -> None:
    """Forget copies no build has used for `days` (old runtimes, edited scripts)."""
    cache = Path(cache) if cache else CACHE
    if not cache.is_dir():
        return
    cutoff = time.time() - days * 86400
    for entry in cache.iterdir():
        if entry.is_dir() and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)


def wanted(path: Path) -> bool:
    return path.suffix.lower() in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE


def precompress(site: Path, folders: tuple[str, ...] = ("assets",), cache: Path | None = None) -> dict:
    """Write .br and .gz beside every compressible file in `folders` of the built `site`.
    Returns {"files": n, "raw": bytes, "br": bytes, "gzip": bytes} over the files given copies."""
    site = Path(site)
    totals = {"files": 0, "raw": 0, "br": 0, "gzip": 0}
    for folder in folders:
        base = site / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.suffix in (".br", ".gz") or not wanted(path):
                continue
            data = path.read_bytes()
            written = False
            for encoding, suffix in ENCODINGS.items():
                out = compressed(data, encoding, cache)
                if len(out) <= len(data) * (1 - MIN_SAVING):
                    path.with_name(path.name + suffix).write_bytes(out)
                    totals[encoding] += len(out)
                    written = True
            if written:
                totals["files"] += 1
                totals["raw"] += len(data)
    prune(cache)
    return totals
