"""`flask demo generate`: DIVERT's synthetic referrals (divert.init_app adds it to `demo`)."""

from __future__ import annotations

import os
import sys
import time

import click
from tqdm import tqdm

from shared.extensions import db


@click.command("generate")
@click.option("--referrals", "target", type=click.IntRange(1, 10_000_000), required=True,
              help="How many synthetic referrals there should be in all")
@click.option("--batch-size", type=click.IntRange(100, 20_000), default=10_000, show_default=True)
@click.option("--statistics/--no-statistics", default=True, show_default=True,
              help="Recount the VRU statistics at the end (else run `flask reports rebuild`)")
@click.option("--workers", type=click.IntRange(1, 16), default=min(2, os.cpu_count() or 1),
              show_default="2 or the number of cores if fewer",
              help="Processes sealing batches while the database inserts")
def generate_command(target: int, batch_size: int, statistics: bool, workers: int):
    """Make synthetic referrals for benchmarks; stop with Ctrl-C and rerun to carry on."""
    from divert.demo.generate import generate, generated_count

    already = generated_count()
    started = time.perf_counter()
    with tqdm(total=target, initial=min(already, target), unit="referral",
              desc="Generating", file=sys.stderr, dynamic_ncols=True) as bar:
        try:
            added = generate(target, batch_size, progress=bar.update,
                             statistics=statistics, workers=workers)
        except KeyboardInterrupt:
            db.session.rollback()
            bar.close()
            saved = generated_count()
            then = ("run `flask --app wsgi reports rebuild` to recount the statistics"
                    if saved >= target else "run the same command again to carry on")
            click.echo(f"Stopped: {saved:,} of {target:,} synthetic referrals are saved; "
                       f"{then}.", err=True)
            sys.exit(130)
    seconds = time.perf_counter() - started
    rate = f" ({added / seconds:,.0f} referrals/s)" if added and seconds else ""
    click.echo(f"{added:,} synthetic referrals added in {seconds:,.1f}s{rate}; "
               f"{already + added:,} in all.")
