"""The platform's command-line groups; each programme adds its own in its init_app."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from shared.audit.cli import audit_cli
from shared.cases.cli import cases_cli
from shared.crypto.cli import crypto_cli
from shared.dbroles import database_cli
from shared.demo import register_demo_commands
from shared.extensions import db
from shared.notifications.cli import outbox_cli
from shared.people.reindex import reindex_people_command
from shared.privacy.cli import privacy_cli, retention_cli
from shared.reports.cli import reports_cli

users_cli = AppGroup("users", help="Manage user accounts.")
reference_cli = AppGroup("reference", help="Reference data: BCUs, boroughs, suites, organisations.")


def register_commands(app: Flask) -> None:
    """Attach every command group to APP."""
    for group in (users_cli, reference_cli, audit_cli, crypto_cli, outbox_cli, cases_cli,
                  reports_cli, retention_cli, privacy_cli, database_cli):
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


@users_cli.command("reseal-totp")
def reseal_totp_command():
    """Re-seal every authenticator secret under the active TOTP key of the key ring.

    Run before changing SECRET_KEY if secrets from before the TOTP key remain, or after
    rotating the TOTP key; safe to run again.
    """
    from sqlalchemy import select

    from shared.auth import mfa
    from shared.auth.models import User

    moved = 0
    for user in db.session.scalars(select(User).where(User.totp_secret.is_not(None))):
        if mfa.needs_reseal(user.totp_secret):
            user.totp_secret = mfa.seal_secret(mfa.unseal_secret(user.totp_secret))
            moved += 1
    db.session.commit()
    click.echo(f"{moved} authenticator secrets re-sealed under the active TOTP key.")
