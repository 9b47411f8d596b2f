"""Command-line groups: users, reference data, demo accounts and the audit chain."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from tqdm import tqdm

from divert.training.cli import training_cli
from shared.cases.cli import cases_cli
from shared.crypto.cli import crypto_cli
from shared.demo.cli import generate_command, load_command
from shared.extensions import db
from shared.notifications.cli import outbox_cli
from shared.privacy.cli import retention_cli
from shared.reports.cli import reports_cli

users_cli = AppGroup("users", help="Manage user accounts.")
reference_cli = AppGroup("reference", help="Reference data: BCUs, boroughs, suites, organisations.")
demo_cli = AppGroup("demo", help="Demo data for the embedded default.")
audit_cli = AppGroup("audit", help="The hash-chained audit log.")
# `demo load` and `demo generate` live in shared/demo/ with the code they run.
demo_cli.add_command(load_command)
demo_cli.add_command(generate_command)

# (email, name, role, organisation) for `demo accounts`: one account per role.
DEMO_ACCOUNTS = [
    ("officer@demo.test", "Olu Officer", "officer", "MPS"),
    ("custody@demo.test", "Cas Custody", "custody_worker", "ENGAGE"),
    ("coordinator@demo.test", "Cora Coordinator", "coordinator", "DIVERT"),
    ("partner@demo.test", "Pat Partner", "partner", "AITC"),
    ("partner.camden@demo.test", "Cam Partner", "partner", "ENGCAM"),
    ("analyst@demo.test", "Ana Analyst", "analyst", "VRU"),
    ("dpo@demo.test", "Dee Protection", "dpo", "DIVERT"),
    ("admin@demo.test", "Addy Admin", "admin", "DIVERT"),
]


def register_commands(app: Flask) -> None:
    """Attach every command group to APP."""
    for group in (users_cli, reference_cli, demo_cli, audit_cli, crypto_cli, outbox_cli,
                  cases_cli, reports_cli, retention_cli, training_cli):
        app.cli.add_command(group)


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


@demo_cli.command("accounts")
@click.option("--file", "path", type=click.Path(path_type=Path), required=True,
              help="Where the demo passwords are kept between runs (mode 0600)")
def demo_accounts_command(path: Path):
    """Create one demo account per role (once) and print their passwords."""
    from shared.auth import services

    passwords = _read_demo_passwords(path)
    for email, name, role, organisation in DEMO_ACCOUNTS:
        if services.find_user(email) is None:
            passwords[email] = passwords.get(email) or f"demo-{secrets.token_urlsafe(12)}"
            services.create_user(email, name, role, organisation, passwords[email])
    db.session.commit()
    _write_demo_passwords(path, passwords)
    click.echo("Demo accounts (coordinator, dpo and admin set up an authenticator "
               "at first sign-in):")
    for email, _, role, organisation in DEMO_ACCOUNTS:
        password = passwords.get(email, "(set before)")
        click.echo(f"  {role:15} {organisation:7} {email:26} {password}")


def _read_demo_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split(" ", 1) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {email: password for email, password in pairs}


def _write_demo_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.write_text("".join(f"{e} {p}\n" for e, p in passwords.items()), encoding="utf-8")


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
