"""Build the site beside site/ and swap it in only when the build succeeds.

mkdocs empties its output folder before it builds, and in strict mode it stops after writing every
page, so a failed build (a broken procedure file, a broken link) would leave no site or a broken
one. This builds into .build/site.new instead; only when mkdocs succeeds, and the result has its
index.html and its Content-Security-Policy (_csp.txt), does it move site/ aside, move the new build
into its place and delete the old one. Any failure leaves site/ exactly as it was.

    python -m generator.build              # what `make build` (and so `make serve`) runs
    python -m generator.build -d public    # another output folder; .build/ is made beside it
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .csp import POLICY_FILE


def build(site_dir: str | Path = "site", config: str | Path = "mkdocs.yml", quiet: bool = False) -> int:
    """Build with mkdocs --strict into a new folder and swap it in on success; returns the exit code."""
    site = Path(site_dir).resolve()
    work = site.parent / ".build"
    new, old = work / f"{site.name}.new", work / f"{site.name}.old"
    work.mkdir(parents=True, exist_ok=True)
    for leftover in (new, old):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(new)]
    result = subprocess.run(command + (["-q"] if quiet else []), env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    complete = (new / "index.html").is_file() and (new / POLICY_FILE).is_file()
    if result.returncode != 0 or not complete:
        shutil.rmtree(new, ignore_errors=True)
        print(f"The build failed; {site_dir} was left as it was.", file=sys.stderr)
        return result.returncode or 1
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--site-dir", default="site", help="the folder to build into (default: site)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    return build(args.site_dir, args.config_file, args.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
