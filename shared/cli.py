"""The platform's command-line groups; each programme adds its own in its init_app."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from tqdm import tqdm

from shared.cases.cli import cases_cli
from shared.crypto.cli import crypto_cli
from shared.demo import register_demo_commands
from shared.extensions import db
from shared.notifications.cli import outbox_cli
from shared.people.reindex import reindex_people_command
from shared.privacy.cli import privacy_cli, retention_cli
from shared.reports.cli import reports_cli

users_cli = AppGroup("users", help="Manage user accounts.")
reference_cli = AppGroup("reference", help="Reference data: BCUs, boroughs, suites, organisations.")
audit_cli = AppGroup("audit", help="The hash-chained audit log.")


def register_commands(app: Flask) -> None:
    """Attach every command group to APP."""
    for group in (users_cli, reference_cli, audit_cli, crypto_cli, outbox_cli, cases_cli,
                  reports_cli, retention_cli, privacy_cli):
        app.cli.add_command(group)
    crypto_cli.add_command(reindex_people_command)  # `crypto reindex-people`, kept in people
    register_demo_commands(app)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, help="officer, custody_worker, coordinator, partner, "
              "analyst, dpo or admin")
@click.option("--organisation", "organisation_code", default="DIVERT", show_default=True,
              help="Organisation code, e.g. AITC")
@click.option("--name", "full_name", default=None, help="Full name (defaults to the email)")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input")
def create_user_command(email, role, organisation_code, full_name, password_stdin):
    """Create a user; without --password-stdin an invitation link is printed instead."""
    from shared.auth import services

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        user = services.create_user(email, full_name or email, role, organisation_code, password)
        token = None if password else services.invite(user)
        db.session.commit()
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.email} ({user.role}, {user.organisation.code}).")
    if token:
        click.echo(f"Invitation (valid 3 days): /invitation/{token}")


@reference_cli.command("load")
def load_reference_command():
    """Load the BCUs, boroughs, custody suites and organisations (idempotent)."""
    from shared.reference.services import load_reference_data

    added = load_reference_data()
    db.session.commit()
    click.echo("Reference data loaded: " + ", ".join(f"{v} {k} added" for k, v in added.items()))


@audit_cli.command("verify")
def audit_verify_command():
    """Walk the hash chain; exit 1 naming the first bad entry."""
    from sqlalchemy import func, select

    from shared.audit.chain import verify_chain
    from shared.audit.models import AuditEvent

    total = db.session.scalar(select(func.count()).select_from(AuditEvent))
    with tqdm(total=total, unit="entry", desc="Verifying audit chain", file=sys.stderr) as bar:
        result = verify_chain(db.session, progress=bar.update)
    if not result.ok:
        click.echo(f"Audit chain BROKEN at entry {result.bad_seq}: {result.reason} "
                   f"({result.checked} entries before it are intact).", err=True)
        sys.exit(1)
    click.echo(f"Audit chain intact: {result.checked} entries verified.")
