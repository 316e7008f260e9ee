"""The handbook's benchmarks: `make bench` (python -m bench) measures them and writes BENCHMARKS.md
and bench/results.json. Nothing here is imported by the site or the tests' fixtures."""
