"""`flask retention`: load the default rules, list what is due, erase it in batches.
`flask privacy reapply-erasures`: after a restore, erase again everyone in the erasure ledger."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from tqdm import tqdm

from shared.clock import today
from shared.extensions import db

retention_cli = AppGroup("retention", help="Retention schedule: erase people whose time is up.")
privacy_cli = AppGroup("privacy", help="Privacy operations: re-apply erasures after a restore.")


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


@privacy_cli.command("reapply-erasures")
@click.option("--ledger", "ledger_path", type=click.Path(exists=True, dir_okay=False),
              default=None, help="The erasure ledger (default: ERASURE_LEDGER)")
@click.option("--batch-size", default=100, show_default=True, type=click.IntRange(1, 10_000),
              help="Ledger entries per transaction")
def reapply_erasures_command(ledger_path: str | None, batch_size: int):
    """After restoring a backup, erase again everyone the ledger says was erased (resumable)."""
    from pathlib import Path

    from shared.privacy import ledger

    source = Path(ledger_path) if ledger_path else ledger.path()
    if source is None or not source.exists():
        raise click.ClickException("No erasure ledger: set ERASURE_LEDGER or pass --ledger PATH")
    try:
        entries = list(ledger.read(source))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    with tqdm(total=len(entries), unit="entry", desc="Re-applying", file=sys.stderr) as bar:
        result = ledger.reapply(entries, batch_size, after_each=bar.update)
    click.echo(f"{result.erased} people erased again; {result.already} already erased; "
               f"{result.absent} not in this database.")
