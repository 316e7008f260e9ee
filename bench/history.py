"""The history step's time against the length of the history (generator/history.py).

For each size N, a temporary git repository holds today's procedure files, added in one commit,
then N - 1 commits that each change one file in turn (round robin): a new version string, every
third commit a note added as well, every fifth only a reformat (flow style, the same data, so no
change). The history is written with one `git fast-import`, so making it costs little; the
measure is `read_history` alone (one git log, one cat-file --batch, each version parsed once and
compared), the median of a few runs.

    python -m bench --history-only     # just this part (make bench-history)
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from generator.history import parse, read_history

from .stats import median

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _procedure_files(root: Path = ROOT) -> dict[str, Path]:
    pdir = root / "procedures"
    out = {}
    for path in sorted(p for p in pdir.rglob("*.yaml") if p.parent != pdir and "schema" not in p.parts):
        out[parse(path.read_bytes())["id"]] = path
    return out


def _dump(data: dict, flow: bool = False) -> bytes:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=flow).encode("utf-8")


def make_history(dest: Path, commits: int) -> dict[str, str]:
    """A git repository at dest with `commits` commits on the procedure files; returns the files map
    (procedure id -> path) that the build would give read_history."""
    files = _procedure_files()
    rel = {pid: path.relative_to(ROOT).as_posix() for pid, path in files.items()}
    data = {pid: parse(path.read_bytes()) for pid, path in files.items()}
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True, env=ENV)
    stream = bytearray()

    def commit(n: int, message: str, changed: dict[str, bytes]) -> None:
        stream.extend(f"commit refs/heads/main\nmark :{n}\n".encode())
        stream.extend(f"committer Bench <bench@example.invalid> {1_700_000_000 + n * 3600} +0000\n".encode())
        msg = message.encode()
        stream.extend(b"data %d\n%s\n" % (len(msg), msg))
        if n > 1:
            stream.extend(f"from :{n - 1}\n".encode())
        for path, blob in changed.items():
            stream.extend(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(blob), blob))

    commit(1, "Add the procedures", {rel[pid]: _dump(d) for pid, d in data.items()})
    ids = sorted(data)
    for n in range(2, commits + 1):
        pid = ids[n % len(ids)]
        d = data[pid]
        if n % 5 == 0:
            commit(n, f"Reformat {pid} (no change to the data)", {rel[pid]: _dump(d, flow=True)})
            continue
        d["version"] = f"Bench version {n}"
        if n % 3 == 0:
            d["notes"] = [*(d.get("notes") or []), {"id": f"bench-note-{n}", "kind": "reading",
                                                    "text": f"A note added by commit {n}.", "cite": {"section": "Bench"}}]
        commit(n, f"Change {pid} (commit {n})", {rel[pid]: _dump(d)})
    subprocess.run(["git", "fast-import", "--quiet"], cwd=dest, input=bytes(stream), check=True, env=ENV)
    return rel


def measure(sizes: list[int], runs: int = 3, log=print) -> dict:
    """{"sizes": [{"commits", "runs_s", "median_s", "changes"}...]} for each history length."""
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.split()[-1:] or ["unknown"]
    out = {"runs": runs, "sizes": [], "git": git[0]}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="handbook-history-") as tmp:
            repo = Path(tmp) / "repo"
            started = time.perf_counter()
            files = make_history(repo, n)
            made = time.perf_counter() - started
            times, changes = [], 0
            for _ in range(runs):
                t0 = time.perf_counter()
                h = read_history(repo, files)
                times.append(time.perf_counter() - t0)
                if not h.available:
                    raise RuntimeError(f"no history read from the synthetic repository: {h.reason}")
                changes = sum(len(h.of(pid)) for pid in files)
            log(f"  {n} commits: history step {median(times):.2f} s (median of {runs}), {changes} changes "
                f"listed; repository made in {made:.1f} s")
            out["sizes"].append({"commits": n, "runs_s": times, "median_s": median(times), "changes": changes})
    return out


def targets(history: dict, target) -> list[dict]:
    """Linear in the history: the time for 5x the commits is at most 5.5x (a little for noise)."""
    by_n = {x["commits"]: x["median_s"] for x in history.get("sizes", [])}
    out = []
    for n in sorted(by_n):
        for m in sorted(by_n):
            if m > n and m % n == 0:
                k = m // n
                out.append(target(f"History step, {m} vs {n} commits", by_n[m] / by_n[n], f"≤ {k * 1.1:.1f}× (linear: {k}×)",
                                  k * 1.1))
                break
    return out


def report(history: dict) -> list[str]:
    sizes = history.get("sizes", [])
    if not sizes:
        return []
    lines = ["", "## History length", "",
             "The change history (generator/history.py: one `git log --raw` over procedures/, one "
             "`git cat-file --batch`, each version parsed once and compared by id) on a synthetic git "
             "repository (bench/history.py): today's procedure files, then commits changing one file each "
             "(every fifth only reformats it, which is no change). Time of the history step alone, "
             f"median of {history['runs']} runs.", "",
             "| commits | history step | per 100 commits | changes listed |", "|---:|---:|---:|---:|"]
    for x in sizes:
        lines.append(f"| {x['commits']} | {x['median_s']:.2f} s | {x['median_s'] * 100 / x['commits']:.3f} s | {x['changes']} |")
    m = history.get("machine") or {}
    if history.get("date"):
        where = f" on {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB memory, {m['os']}, Python {m['python']}" if m else ""
        lines += ["", f"Measured {history['date']}{where}; git {history.get('git', 'unknown')}."]
    return lines
