"""`flask audit verify` and `flask audit checkpoint`: the chain against its anchor."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select
from tqdm import tqdm

from shared.audit import checkpoint as checkpoints
from shared.audit.chain import VerifyResult, verify_chain
from shared.audit.models import AuditEvent
from shared.extensions import db

audit_cli = AppGroup("audit", help="The keyed, hash-chained audit log.")

CHECKPOINT_HELP = ("Checkpoint file (one JSON line per checkpoint; '-' for standard "
                   "input/output). Default: AUDIT_CHECKPOINT_FILE.")


def _source(path: str | None) -> str | None:
    return path or current_app.config.get("AUDIT_CHECKPOINT_FILE")


def verify_now(path: str | None = None, progress=None) -> tuple[VerifyResult, object]:
    """Verify the chain against the latest checkpoint in PATH (or the configured file)."""
    anchor = checkpoints.latest(_source(path))
    return verify_chain(db.session, anchor, progress=progress), anchor


@audit_cli.command("verify")
@click.option("--checkpoint", "path", default=None, help=CHECKPOINT_HELP)
def audit_verify_command(path):
    """Walk the chain and hold it against the latest checkpoint; exit 1 saying what broke."""
    total = db.session.scalar(select(func.count()).select_from(AuditEvent))
    try:
        with tqdm(total=total, unit="entry", desc="Verifying audit chain",
                  file=sys.stderr) as bar:
            result, anchor = verify_now(path, bar.update)
    except checkpoints.CheckpointError as error:
        raise click.ClickException(str(error)) from None
    if not result.ok:
        click.echo(f"Audit chain BROKEN at entry {result.bad_seq} ({result.kind}): "
                   f"{result.reason} ({result.checked} entries before it are intact).", err=True)
        sys.exit(1)
    click.echo(f"Audit chain intact: {result.checked} entries verified.")
    if anchor is None:
        click.echo("Warning: no checkpoint to hold the chain against, so entries cut from the "
                   "end could not be detected; run `flask audit checkpoint` daily.", err=True)
    else:
        click.echo(f"It holds entry {anchor.seq} as the checkpoint of {anchor.at} recorded.")


@audit_cli.command("checkpoint")
@click.argument("destination", required=False)
def audit_checkpoint_command(destination):
    """Verify the chain, then append its signed head (seq, MAC, time) to DESTINATION.

    DESTINATION is a file (created 0600, appended to) or '-' for standard output, to ship to a
    log store; default AUDIT_CHECKPOINT_FILE. Run daily (cron: see README).
    """
    destination = _source(destination)
    if destination is None:
        raise click.ClickException("Name a checkpoint file (or '-'), or set "
                                   "AUDIT_CHECKPOINT_FILE.")
    try:
        result, _ = verify_now(None if destination == "-" else destination)
    except checkpoints.CheckpointError as error:
        raise click.ClickException(str(error)) from None
    if not result.ok:
        click.echo(f"Refusing to checkpoint a broken chain ({result.kind}) at entry "
                   f"{result.bad_seq}: {result.reason}.", err=True)
        sys.exit(1)
    anchor = checkpoints.take(db.session)
    checkpoints.write(anchor, destination)
    if destination != "-":
        click.echo(f"Checkpoint of entry {anchor.seq} written to {destination}.")
