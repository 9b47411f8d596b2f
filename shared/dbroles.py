"""PostgreSQL roles: an owner role runs the migrations, the app runs as a role that owns
nothing, may change ordinary tables, and may only append to the audit log.

The app role gets SELECT and INSERT on audit_events and nothing else there; on audit_head
SELECT and UPDATE of (seq, last_hash) only, which the head's trigger lets move one entry
forward at a time (the row lock on it serialises writers). Not being the owner, it cannot
TRUNCATE, ALTER, disable or drop the append-only triggers.
"""

from __future__ import annotations

import re

import click
from flask.cli import AppGroup
from sqlalchemy import text

from shared.extensions import db

database_cli = AppGroup("database", help="PostgreSQL roles for the app.")

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_statements(role: str) -> list[str]:
    """The GRANT and REVOKE statements that make ROLE the app's role (run as the owner)."""
    if not ROLE_NAME.fullmatch(role):
        raise ValueError("a role name is lower-case letters, digits and underscores")
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # Tables the owner's later migrations create: the same rights.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES "
        f"TO {role}",
        f"REVOKE ALL ON audit_events, audit_head, alembic_version FROM {role}",
        f"GRANT SELECT, INSERT ON audit_events TO {role}",
        f"GRANT SELECT ON audit_head, alembic_version TO {role}",
        f"GRANT UPDATE (seq, last_hash) ON audit_head TO {role}",
    ]


@database_cli.command("grant-app-role")
@click.argument("role")
def grant_app_role_command(role):
    """Give ROLE (an existing role that owns nothing) the app's rights; run as the owner,
    after `flask db upgrade`, and again after each upgrade (safe to repeat)."""
    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("Database roles are PostgreSQL's; SQLite has none.")
    try:
        statements = grant_statements(role)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    click.echo(f"{role} may now run the app: audit tables append-only for it.")
