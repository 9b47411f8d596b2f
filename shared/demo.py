"""The demo set for the embedded default: `flask demo accounts` makes one account per role and
`flask demo load` runs every programme's demo loader (shared.seams); programmes may add commands
of their own to the group (DIVERT: `demo generate`)."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from shared.extensions import db
from shared.seams import seams


class DemoError(RuntimeError):
    """Demo data cannot be loaded as asked (the message says what to do)."""


def first_name_for(fake, gender: str | None) -> str:
    """A synthetic first name that fits GENDER (any name where none is recorded or it is other)."""
    if gender == "Female":
        return fake.first_name_female()
    if gender == "Male":
        return fake.first_name_male()
    return fake.first_name()


# (email, name, role, organisation) for `demo accounts`: one account per role.
DEMO_ACCOUNTS = [
    ("officer@demo.test", "Olu Officer", "officer", "MPS"),
    ("custody@demo.test", "Cas Custody", "custody_worker", "ENGAGE"),
    ("coordinator@demo.test", "Cora Coordinator", "coordinator", "DIVERT"),
    ("coordinator.engage@demo.test", "Eni Coordinator", "coordinator", "ENGAGE"),
    ("partner@demo.test", "Pat Partner", "partner", "AITC"),
    ("partner.camden@demo.test", "Cam Partner", "partner", "ENGCAM"),
    ("analyst@demo.test", "Ana Analyst", "analyst", "VRU"),
    ("dpo@demo.test", "Dee Protection", "dpo", "DIVERT"),
    ("admin@demo.test", "Addy Admin", "admin", "DIVERT"),
]


def register_demo_commands(app: Flask) -> None:
    """The `demo` group: accounts, load, and the commands the programmes added."""
    group = AppGroup("demo", help="Demo data for the embedded default.")
    for command in (accounts_command, load_command, *seams(app).demo_commands):
        group.add_command(command)
    app.cli.add_command(group)


@click.command("load")
def load_command():
    """Load every programme's demo set (PCD 1295's figures); a rerun adds nothing."""
    try:
        lines = [line for loader in seams().demo_loaders for line in loader()]
        db.session.commit()
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    for line in lines:
        click.echo(line)


@click.command("accounts")
@click.option("--file", "path", type=click.Path(path_type=Path), required=True,
              help="Where the demo passwords are kept between runs (mode 0600)")
def accounts_command(path: Path):
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
