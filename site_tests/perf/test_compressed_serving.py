"""The build writes brotli and gzip copies of the assets, and the serve command sends the smallest
encoding the browser accepts, with the right type, Vary and cache headers."""
from __future__ import annotations

import gzip
import os
import threading
import urllib.request
from pathlib import Path

import brotli
import pytest

from generator import compress
from generator.serve import accepted_encodings, make_server


def fetch(url: str, encoding: str | None = None, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={**({"Accept-Encoding": encoding} if encoding else {}), **headers})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def decode(body: bytes, headers: dict) -> bytes:
    encoding = headers.get("content-encoding")
    return brotli.decompress(body) if encoding == "br" else gzip.decompress(body) if encoding == "gzip" else body


def runtime_file(site_dir: Path, name: str) -> Path:
    found = sorted((site_dir / "assets" / "pyodide").glob(f"*/{name}"))
    assert found, f"no {name} under assets/pyodide/"
    return found[0]


def test_the_build_writes_brotli_and_gzip_copies_of_the_runtime_that_decode_to_the_same_bytes(site_dir):
    wasm = runtime_file(site_dir, "pyodide.asm.wasm")
    data = wasm.read_bytes()
    br, gz = Path(f"{wasm}.br").read_bytes(), Path(f"{wasm}.gz").read_bytes()
    assert brotli.decompress(br) == data and gzip.decompress(gz) == data
    assert len(br) < len(gz) < len(data) * 0.5


def test_pages_and_small_files_get_no_copies_at_build_time(site_dir):
    assert not list(site_dir.rglob("index.html.br")), "pages are compressed by the server, not the build"
    small = [p for p in (site_dir / "assets").rglob("*") if p.is_file() and p.suffix in compress.COMPRESSIBLE
             and p.stat().st_size < compress.MIN_SIZE]
    assert small, "expected some small assets to check"
    assert not [p for p in small if Path(f"{p}.br").exists() or Path(f"{p}.gz").exists()]


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br, zstd", ["br", "gzip"]),
    ("gzip", ["gzip"]),
    ("br;q=0, gzip;q=0.5", ["gzip"]),
    ("BR", ["br"]),
    ("identity", []),
    ("", []),
    (None, []),
    ("*", ["br", "gzip"]),
    ("gzip;q=nonsense", []),
])
def test_accept_encoding_is_read_with_its_q_values(header, expected):
    assert accepted_encodings(header) == expected


def test_the_runtime_is_sent_as_brotli_wasm_cached_for_a_year(site_dir, base_url):
    wasm = runtime_file(site_dir, "pyodide.asm.wasm")
    url = base_url + wasm.relative_to(site_dir).as_posix()
    status, headers, body = fetch(url, "gzip, deflate, br")
    assert status == 200
    assert headers["content-encoding"] == "br"
    assert headers["content-type"] == "application/wasm"
    assert headers["vary"] == "Accept-Encoding"
    assert "immutable" in headers["cache-control"] and "max-age=31536000" in headers["cache-control"]
    assert int(headers["content-length"]) == len(body) == Path(f"{wasm}.br").stat().st_size
    assert decode(body, headers) == wasm.read_bytes()


def test_a_browser_without_brotli_gets_gzip_and_one_without_either_gets_the_file(site_dir, base_url):
    wasm = runtime_file(site_dir, "pyodide.asm.wasm")
    url = base_url + wasm.relative_to(site_dir).as_posix()
    status, headers, body = fetch(url, "gzip")
    assert (status, headers.get("content-encoding")) == (200, "gzip")
    assert decode(body, headers) == wasm.read_bytes()
    status, headers, body = fetch(url, "identity")
    assert (status, headers.get("content-encoding")) == (200, None)
    assert body == wasm.read_bytes()


def test_pages_are_compressed_on_the_fly_and_revalidated(site_dir, base_url):
    page = site_dir / "glossary" / "index.html"
    status, headers, body = fetch(base_url + "glossary/", "br, gzip")
    assert (status, headers["content-encoding"]) == (200, "br")
    assert headers["content-type"].startswith("text/html")
    assert headers["cache-control"] == "no-cache"
    assert "content-security-policy" in headers
    assert decode(body, headers) == page.read_bytes()
    assert len(body) < page.stat().st_size / 3
    status, headers, body = fetch(base_url + "glossary/", "br", **{"If-Modified-Since": headers["last-modified"]})
    assert status == 304 and body == b""


def test_a_head_request_sends_the_headers_of_the_encoded_body_and_no_body(site_dir, base_url):
    request = urllib.request.Request(base_url + "glossary/", method="HEAD", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert int(response.headers["Content-Length"]) > 0
        assert response.read() == b""


@pytest.fixture
def little_site(tmp_path):
    (tmp_path / "_csp.txt").write_text("default-src 'self'\n")
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    server = make_server(str(tmp_path), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_copy_older_than_its_file_is_not_sent(little_site):
    site, base = little_site
    script = site / "app.js"
    script.write_text("const answer = 'new';\n" * 200)
    Path(f"{script}.br").write_bytes(brotli.compress(b"const answer = 'old';\n" * 200))
    old = script.stat().st_mtime_ns - 10_000_000_000
    os.utime(f"{script}.br", ns=(old, old))
    status, headers, body = fetch(base + "app.js", "br")
    assert headers["content-encoding"] == "br"
    assert decode(body, headers) == script.read_bytes()


def test_files_that_do_not_shrink_are_sent_as_they_are(little_site):
    site, base = little_site
    (site / "noise.json").write_bytes(os.urandom(4096))
    (site / "tiny.js").write_text("let a = 1;\n")
    for name in ("noise.json", "tiny.js"):
        status, headers, body = fetch(base + name, "br, gzip")
        assert status == 200 and "content-encoding" not in headers
        assert body == (site / name).read_bytes()


def test_the_server_never_lists_a_folder_or_serves_its_own_instructions_compressed(little_site):
    site, base = little_site
    (site / "empty").mkdir()
    assert fetch(base + "empty/", "br")[0] == 404
    assert fetch(base + "_csp.txt", "br")[0] == 404


def test_precompress_caches_by_content_and_skips_what_does_not_shrink(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "big.js").write_text("function f() { return 1; }\n" * 400)
    (site / "assets" / "noise.wasm").write_bytes(os.urandom(8192))
    (site / "assets" / "tiny.css").write_text("a{}")
    (site / "assets" / "photo.png").write_bytes(b"\x89PNG" + b"\0" * 5000)
    (site / "index.html").write_text("<p>page</p>" * 500)
    totals = compress.precompress(site, cache=cache)
    written = sorted(p.name for p in site.rglob("*") if p.suffix in (".br", ".gz"))
    assert written == ["big.js.br", "big.js.gz"]
    assert totals["files"] == 1 and totals["raw"] == (site / "assets" / "big.js").stat().st_size

    def fail(*_):
        raise AssertionError("compressed again instead of taken from the cache")
    monkeypatch.setattr(compress, "_encode", fail)
    for p in site.rglob("*.br"):
        p.unlink()
    compress.precompress(site, cache=cache)
    assert (site / "assets" / "big.js.br").is_file()


def test_the_headers_file_for_static_hosts_marks_the_runtime_immutable(site_dir):
    text = (site_dir / "_headers").read_text()
    block = text.split("/assets/pyodide/*", 1)[1].split("\n/", 1)[0]
    assert "Cache-Control: public, max-age=31536000, immutable" in block
