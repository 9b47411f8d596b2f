"""`flask cases`: jobs over the caseload."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from shared.cases.overdue import notify_overdue

cases_cli = AppGroup("cases", help="Jobs over cases and action plans.")


@cases_cli.command("notify-overdue")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 10_000))
def notify_overdue_command(batch_size: int) -> None:
    """Queue an email (reference and link only) for each newly overdue plan action."""
    count = notify_overdue(batch_size)
    click.echo(f"Queued overdue notices for {count} action(s); `flask outbox send` sends them.")
