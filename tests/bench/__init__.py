"""Benchmarks: `python -m tests.bench` (or `make bench`) prints a table of figures."""
