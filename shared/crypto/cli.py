"""`flask crypto`: rotate and retire key-encryption keys; report which KEK wraps each data key."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from tqdm import tqdm

from shared.crypto import keyring, rotation, state
from shared.crypto.errors import CryptoError, KeyRingError
from shared.extensions import db

crypto_cli = AppGroup("crypto", help="Key-encryption keys and per-person data keys.")


@crypto_cli.command("rotate")
@click.option("--new-key", is_flag=True, help="Generate a new KEK, make it active, save the ring")
@click.option("--promote", "promote_id", metavar="KEY_ID", help="Make a KEK already in the ring "
              "the active one")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(1, 100_000),
              help="Data keys re-wrapped (and committed) per batch")
def rotate_command(new_key: bool, promote_id: str | None, batch_size: int) -> None:
    """Re-wrap every data key under the active KEK (after --new-key or --promote); resumable."""
    if new_key and promote_id:
        raise click.UsageError("use --new-key or --promote, not both")
    try:
        _change_active_key(new_key, promote_id)
        _rewrap(batch_size)
    except CryptoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None


def _change_active_key(new_key: bool, promote_id: str | None) -> None:
    from shared.audit import services as audit

    if not (new_key or promote_id):
        return
    previous = keyring.active_kek()[0]
    if new_key:
        active = keyring.add_new_key()
        note = f"added {active} and made it active (was {previous})"
    else:
        keyring.promote(promote_id)
        active = promote_id
        note = f"made {active} active (was {previous})"
    state.set_active(active)  # every running process follows the database, not its start-up ring
    audit.record("key_rotated", detail=note)
    db.session.commit()
    click.echo(f"Key ring: {note}; key ids now {', '.join(keyring.key_ids())}.")
    if keyring.ring_file() is None:
        click.echo(f'The ring came from KEY_RING: set "active": "{active}" there before the app '
                   "restarts, or new data keys will be wrapped under the old key again.",
                   err=True)


def _rewrap(batch_size: int) -> None:
    from shared.audit import services as audit

    active = keyring.active_kek()[0]
    total = rotation.pending_count()
    with tqdm(total=total, unit="key", desc=f"Re-wrapping under {active}", file=sys.stderr) as bar:
        done = rotation.rewrap_pending(batch_size, progress=bar.update)
    if done:
        audit.record("key_rotated", detail=f"re-wrapped {done} data keys under {active}")
        db.session.commit()
    click.echo(f"{done} data keys re-wrapped; every live data key is now under {active}.")


@crypto_cli.command("status")
def status_command() -> None:
    """Report how many data keys each KEK wraps (ids only, never keys)."""
    active = keyring.active_kek()[0]
    counts = rotation.counts_by_kek()
    click.echo(f"Active key: {active}. Keys in the ring: {', '.join(keyring.key_ids())}.")
    for kek_id in sorted(k for k in counts if k is not None):
        marker = " (active)" if kek_id == active else ""
        missing = "" if kek_id in keyring.key_ids() else "  MISSING FROM THE RING"
        click.echo(f"  {kek_id}{marker}: {counts[kek_id]} data keys{missing}")
    click.echo(f"  destroyed (erased people): {counts.get(None, 0)} data keys")


@crypto_cli.command("retire-kek")
@click.argument("kek_id")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(1, 100_000),
              help="Data keys re-wrapped (and committed) per batch")
def retire_kek_command(kek_id: str, batch_size: int) -> None:
    """Re-wrap every data key still under KEK_ID, then destroy KEK_ID (refused while in use)."""
    from shared.audit import services as audit

    try:
        _check_retirable(kek_id)
        _rewrap(batch_size)
        _check_unused(kek_id)
        keyring.remove(kek_id)
    except CryptoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    audit.record("key_rotated", detail=f"retired and destroyed {kek_id}")
    db.session.commit()
    if keyring.ring_file() is None:
        click.echo(f"{kek_id} is no longer used. The ring came from KEY_RING: remove {kek_id} "
                   "from it, and from every copy, to destroy it.")
        return
    click.echo(f"{kek_id} retired: no data key or running process uses it, and it is gone from "
               "the key ring file. Backups taken before now still need it: see README.")


def _check_retirable(kek_id: str) -> None:
    if kek_id not in keyring.key_ids():
        raise KeyRingError(f"key {kek_id!r} is not in the key ring "
                           f"(it holds {', '.join(keyring.key_ids())})")
    active = keyring.active_kek()[0]
    if kek_id == active:
        raise KeyRingError(f"{kek_id} is the active key: run `crypto rotate --new-key` (or "
                           "--promote another key) first")
    _check_workers(kek_id)


def _check_workers(kek_id: str) -> None:
    workers = state.live_workers_using(kek_id)
    if workers:
        raise KeyRingError(
            f"{len(workers)} running process(es) still wrap new data keys under {kek_id} "
            f"({', '.join(workers[:5])}); restart them with the current key ring, wait "
            f"{int(state.WORKER_ALIVE.total_seconds() // 60)} minutes, and try again")


def _check_unused(kek_id: str) -> None:
    left = rotation.counts_by_kek().get(kek_id, 0)
    if left:
        raise KeyRingError(f"{left} data keys are still wrapped under {kek_id} (a process "
                           "wrapped new ones meanwhile?); nothing was destroyed, run it again")
    _check_workers(kek_id)

