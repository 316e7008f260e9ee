"""The author's check: everything the build checks, for one file or all of them, one line each.

    .venv/bin/python -m generator.check                                  # every file
    .venv/bin/python -m generator.check --only procedures/bexley/x.yaml  # your file first, others counted
    .venv/bin/python -m generator.check --only bexley                    # one area's files

It runs the same checks as the build (the MkDocs plugin calls the same load_bundle): the schema,
references between ids, every quote against its source text, each timescale's amount, text and
quote against each other, and the warnings (review dates, unchecked contacts, stale notes, copied
files). Problems stop the build; warnings do not. Exit status 1 when there is a problem.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import ROOT, LoadError, Problem, load_bundle


def _mine(problem: Problem, only: list[str]) -> bool:
    """Whether a problem is about one of the files (or areas) asked for; folder-wide ones always are."""
    if not only or not problem.line:
        return True
    file = problem.file.replace("\\", "/")
    for want in only:
        want = want.replace("\\", "/").removeprefix("./")
        if file == want or file.endswith("/" + want) or want.endswith("/" + file) \
                or f"/{want}/" in f"/{file}" or Path(file).stem == want:
            return True
    return False


def _unknown(root: Path, only: list[str]) -> list[str]:
    """The --only names that are neither a procedure file nor an area folder."""
    pdir = root / "procedures"
    files = [p for p in pdir.rglob("*.yaml") if p.parent != pdir and "schema" not in p.parts]
    known = {p.relative_to(root).as_posix() for p in files} | {p.stem for p in files} | {p.parent.name for p in files}
    return [w for w in only if w.replace("\\", "/").removeprefix("./") not in known
            and not any(k.endswith("/" + w.replace("\\", "/")) for k in known)
            and not (Path(w).resolve().is_file() and Path(w).resolve().is_relative_to(pdir.resolve()))]


def run(root: Path, only: list[str], out=sys.stdout, err=sys.stderr) -> int:
    unknown = _unknown(root, only)
    if unknown:
        for w in unknown:
            print(f"{w}: no such procedure file or area in {root / 'procedures'} — give a path such as "
                  "procedures/<area>/<id>.yaml, or an area folder name such as the <area> in it", file=err)
        return 2
    try:
        bundle = load_bundle(root)
        problems, warnings = [], bundle.warnings
    except LoadError as exc:
        bundle, problems, warnings = None, exc.problems, exc.warnings
    mine_p = [p for p in problems if _mine(p, only)]
    mine_w = [w for w in warnings if _mine(w, only)]
    for p in mine_p:
        print(p, file=err)
    for w in mine_w:
        print(f"warning: {w}", file=out if bundle else err)
    others_p, others_w = len(problems) - len(mine_p), len(warnings) - len(mine_w)
    if only and (others_p or others_w):
        print(f"Other files: {others_p} problem(s), {others_w} warning(s) (run without --only to see them).",
              file=err if others_p else out)
    if problems:
        print(f"{len(problems)} problem(s); nothing was built.", file=err)
        return 1
    print(f"{len(bundle.procedures)} procedure(s) OK, {len(warnings)} warning(s).", file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.check", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=str(ROOT), help="the repository (default: this one)")
    parser.add_argument("--only", action="append", default=[], metavar="FILE_OR_AREA",
                        help="show this file's (or area's) problems and warnings; others are only counted")
    args = parser.parse_args(argv)
    return run(Path(args.root), args.only)


if __name__ == "__main__":
    raise SystemExit(main())
