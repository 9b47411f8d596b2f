"""Run every benchmark module (or those named: `python -m tests.bench intake pages`) and print
one table of figures."""

from __future__ import annotations

import sys
import time

from tests.bench import (
    audit_bench,
    caseload_bench,
    crypto_bench,
    home_bench,
    intake_bench,
    pages_bench,
    privacy_bench,
    reports_bench,
    scaleout_bench,
)

# scaleout_bench reports itself skipped unless DATABASE_URL is PostgreSQL and REDIS_URL is set.
BENCHES = [crypto_bench, intake_bench, privacy_bench, reports_bench, pages_bench, caseload_bench,
           home_bench, scaleout_bench, audit_bench]
HEADINGS = ("database", "measure", "figure", "target", "ok")


def main() -> None:
    """Run the benchmarks and print their figures as a table."""
    started = time.perf_counter()
    chosen = [b for b in BENCHES if not sys.argv[1:]
              or b.__name__.rsplit(".", 1)[-1].removesuffix("_bench") in sys.argv[1:]]
    rows = [row for bench in chosen for row in bench.run()]
    _print_table(rows)
    print(f"\n{len(rows)} figures in {time.perf_counter() - started:.1f} s")


def _print_table(rows: list[tuple]) -> None:
    widths = [max(len(str(r[i])) for r in [HEADINGS, *rows]) for i in range(len(HEADINGS))]
    for row in [HEADINGS, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
