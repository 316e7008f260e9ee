"""Serve the built site on 127.0.0.1 with the right types for the runtime (application/wasm, .mjs)
and the headers the site is built for (generator/csp.py):

* Content-Security-Policy on every response, read from the site's _csp.txt (written by the build,
  with the hashes of the theme's inline scripts); a worker runs under the policy of its own response;
* X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer on every response;
* Access-Control-Allow-Origin: * on every file but the pages, so a page in a sandboxed iframe
  (an opaque origin) can load the module scripts, the worker, the runtime and the data;
* Cache-Control: a year and immutable for the versioned runtime folder (assets/pyodide/<version>/),
  no-cache (revalidate with If-Modified-Since) for everything else;
* Content-Encoding: the build's brotli or gzip copy (name.br, name.gz, generator/compress.py) when
  the browser accepts it, else pages, scripts and data compressed on the fly (brotli 5, gzip 6; kept
  in memory per file version), with Vary: Accept-Encoding.

_csp.txt and _headers are instructions for the server, not parts of the site: they answer 404, as
does a folder without an index.html (no listings).

    python -m generator.serve site --port 8000
"""
from __future__ import annotations

import argparse
import functools
import email.utils
import gzip
import http.server
import io
import os
import posixpath
import sys
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

import brotli

from . import csp
from .compress import COMPRESSIBLE, ENCODINGS, MIN_SAVING, MIN_SIZE

TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".json": "application/json", ".zip": "application/zip", ".ics": "text/calendar"}


def accepted_encodings(header: str | None) -> list[str]:
    """The encodings of an Accept-Encoding header we can send, best first (brotli before gzip);
    one given q=0 is refused."""
    accepted = set()
    for item in (header or "").split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            accepted.add(name.strip().lower())
    return [e for e in ENCODINGS if e in accepted or "*" in accepted]


class CompressedCache:
    """Bodies compressed on the fly, by (file, mtime, size, encoding), up to `limit` bytes in all."""

    def __init__(self, limit: int = 64 * 1024 * 1024):
        self.limit, self.size, self.items, self.lock = limit, 0, OrderedDict(), threading.Lock()

    def get(self, path: str, stat: os.stat_result, encoding: str) -> bytes:
        key = (path, stat.st_mtime_ns, stat.st_size, encoding)
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        with open(path, "rb") as f:
            data = f.read()
        body = brotli.compress(data, quality=5) if encoding == "br" else gzip.compress(data, 6, mtime=0)
        if len(body) > len(data) * (1 - MIN_SAVING):
            body = b""                                      # not worth it: send the file as it is
        with self.lock:
            self.items[key] = body
            self.size += len(body)
            while self.size > self.limit and self.items:
                self.size -= len(self.items.popitem(last=False)[1])
        return body


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):
        url_path = unquote(urlsplit(self.path).path)
        name = posixpath.basename(url_path.rstrip("/"))
        if name in csp.HOST_FILES:
            self.send_error(404, "File not found")
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path) and url_path.endswith("/"):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path) and os.path.splitext(path)[1].lower() in COMPRESSIBLE:
            for encoding in accepted_encodings(self.headers.get("Accept-Encoding")):
                head = self._send_encoded(path, encoding)
                if head is not None:
                    return head
        return super().send_head()

    def _send_encoded(self, path: str, encoding: str):
        """Headers and body of `path` in `encoding`, or None to send it as it is."""
        stat = os.stat(path)
        body = None
        copy = path + ENCODINGS[encoding]
        try:
            copy_stat = os.stat(copy)
            if copy_stat.st_mtime_ns >= stat.st_mtime_ns:    # a copy older than its file is stale
                with open(copy, "rb") as f:
                    body = f.read()
        except OSError:
            pass
        if body is None:
            if stat.st_size < MIN_SIZE:
                return None
            body = self.server.compressed.get(path, stat, encoding) or None
        if body is None:
            return None
        if self._not_modified(stat):
            self.send_response(304)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def _not_modified(self, stat: os.stat_result) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or "If-None-Match" in self.headers:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return when.tzinfo is not None and int(stat.st_mtime) <= when.timestamp()

    def list_directory(self, path):  # a folder without index.html is not a page: no listing
        self.send_error(404, "File not found")
        return None

    def end_headers(self):
        path = urlsplit(self.path).path
        policy = getattr(self.server, "policy", None)
        policy = policy(path) if callable(policy) else policy or csp.read(self.directory)
        for name, value in csp.headers_for(path, policy):
            self.send_header(name, value)
        self.send_header("Cache-Control", csp.cache_control(path))
        if os.path.splitext(path)[1].lower() in COMPRESSIBLE or path.endswith("/"):
            self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def log_message(self, fmt, *args):  # quiet by default; errors still reach stderr
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser went away mid-download (a closed tab, a start-up that gave up)
        super().handle_error(request, client_address)


def make_server(directory: str, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False,
                policy: str | Callable[[str], str] | None = None):
    """A threading server for the built site. `policy` (a policy, or a function of the URL path
    giving one) replaces the site's _csp.txt: tests use it to serve a variant, e.g. one that blocks
    WebAssembly. By default _csp.txt is read on every request, so a rebuild needs no restart."""
    handler = functools.partial(Handler, directory=directory)
    server = Server((host, port), handler)
    server.verbose = verbose
    server.policy = policy
    server.compressed = CompressedCache()
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (Path(args.directory) / "index.html").is_file():
        print(f"{args.directory}/index.html not found: build the site first (make build).", file=sys.stderr)
        return 2
    if not (Path(args.directory) / csp.POLICY_FILE).is_file():
        print(f"{args.directory}/{csp.POLICY_FILE} not found: the site was built without the handbook "
              "plugin's policy step; rebuild it (make build).", file=sys.stderr)
        return 2
    server = make_server(args.directory, args.host, args.port, verbose=True)
    print(f"Serving {args.directory} on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
