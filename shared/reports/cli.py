"""flask reports rebuild: recompute the statistics rollup from the cases."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from shared.extensions import db

reports_cli = AppGroup("reports", help="VRU statistics.")


@reports_cli.command("rebuild")
def rebuild_command() -> None:
    """Recompute the rollup (after a bulk load that bypassed the services, or to repair it)."""
    from shared.reports import rollup

    counted = rollup.rebuild(db.session)
    db.session.commit()
    click.echo(f"Statistics rebuilt from {counted:,} cases.")
