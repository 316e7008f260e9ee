"""Serve the built site on 127.0.0.1 with the right types for the runtime (application/wasm, .mjs).

    python -m generator.serve site --port 8000
"""
from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path

TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".json": "application/json", ".zip": "application/zip", ".ics": "text/calendar"}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if "/assets/pyodide/" in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):  # quiet by default; errors still reach stderr
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)


def make_server(directory: str, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False):
    handler = functools.partial(Handler, directory=directory)
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose
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
    server = make_server(args.directory, args.host, args.port, verbose=True)
    print(f"Serving {args.directory} on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
