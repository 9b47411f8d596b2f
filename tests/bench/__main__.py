"""Run every benchmark module and print one table of figures."""

from __future__ import annotations

import time

from tests.bench import crypto_bench, intake_bench, privacy_bench, reports_bench

BENCHES = [crypto_bench, intake_bench, privacy_bench, reports_bench]
HEADINGS = ("database", "measure", "figure", "target", "ok")


def main() -> None:
    """Run the benchmarks and print their figures as a table."""
    started = time.perf_counter()
    rows = [row for bench in BENCHES for row in bench.run()]
    _print_table(rows)
    print(f"\n{len(rows)} figures in {time.perf_counter() - started:.1f} s")


def _print_table(rows: list[tuple]) -> None:
    widths = [max(len(str(r[i])) for r in [HEADINGS, *rows]) for i in range(len(HEADINGS))]
    for row in [HEADINGS, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
