"""`flask retention`: load the default rules, list what is due, erase it in batches."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from tqdm import tqdm

from shared.clock import today
from shared.extensions import db

retention_cli = AppGroup("retention", help="Retention schedule: erase people whose time is up.")


@retention_cli.command("load-defaults")
def load_defaults_command():
    """Add the default retention rules that are missing (idempotent; edits are kept)."""
    from shared.privacy.retention import load_default_rules

    added = load_default_rules()
    db.session.commit()
    click.echo(f"Retention rules: {added} added.")


@retention_cli.command("apply")
@click.option("--dry-run", is_flag=True, help="List what would be erased; change nothing")
@click.option("--batch-size", default=100, show_default=True, type=click.IntRange(1, 10_000),
              help="People erased per transaction")
def apply_command(dry_run: bool, batch_size: int):
    """Erase everyone whose retention period has ended; a rerun carries on after a failure."""
    from shared.privacy import retention

    retention.load_default_rules()
    db.session.commit()
    due = retention.due_people(today())
    if dry_run:
        for item in due:
            click.echo(f"{item.due_on.isoformat()}  {item.rule:20}  {item.person_uuid}  "
                       f"{' '.join(item.references)}")
        click.echo(f"{len(due)} people would be erased (dry run: nothing changed).")
        return
    with tqdm(total=len(due), unit="person", desc="Erasing", file=sys.stderr) as bar:
        erased = retention.apply(today(), batch_size, after_batch=bar.update, due=due)
    click.echo(f"{erased} people erased; see the erasure log.")
