"""Serve the built site on 127.0.0.1 with the right types for the runtime (application/wasm, .mjs)
and the headers the site is built for (generator/csp.py):

* Content-Security-Policy on every response, read from the site's _csp.txt (written by the build,
  with the hashes of the theme's inline scripts); a worker runs under the policy of its own response;
* X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer on every response;
* Access-Control-Allow-Origin: * on every file but the pages, so a page in a sandboxed iframe
  (an opaque origin) can load the module scripts, the worker, the runtime and the data.

_csp.txt and _headers are instructions for the server, not parts of the site: they answer 404, as
does a folder without an index.html (no listings).

    python -m generator.serve site --port 8000
"""
from __future__ import annotations

import argparse
import functools
import http.server
import posixpath
import sys
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from . import csp

TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".json": "application/json", ".zip": "application/zip", ".ics": "text/calendar"}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):
        name = posixpath.basename(unquote(urlsplit(self.path).path).rstrip("/"))
        if name in csp.HOST_FILES:
            self.send_error(404, "File not found")
            return None
        return super().send_head()

    def list_directory(self, path):  # a folder without index.html is not a page: no listing
        self.send_error(404, "File not found")
        return None

    def end_headers(self):
        path = urlsplit(self.path).path
        policy = getattr(self.server, "policy", None)
        policy = policy(path) if callable(policy) else policy or csp.read(self.directory)
        for name, value in csp.headers_for(path, policy):
            self.send_header(name, value)
        if "/assets/pyodide/" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
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
