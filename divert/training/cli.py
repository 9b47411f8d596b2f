"""`flask --app wsgi training import FILE`: the roster or staff numbers from a CSV file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from shared.extensions import db

training_cli = AppGroup("training", help="DIVERT App officer training data.")


@training_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path):
    """Import a roster (strand,bcu,trained_on) or staff (strand,bcu,staff) CSV: all or nothing."""
    from divert.training.imports import ImportRefused, import_csv

    try:
        result = import_csv(path.read_bytes())
        db.session.commit()
    except ImportRefused as refused:
        db.session.rollback()
        raise click.ClickException("Nothing was imported:\n" + str(refused)) from None
    click.echo(f"Imported {result.rows:,} {result.kind} rows from {path.name}.")
