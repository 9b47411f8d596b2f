"""Re-wrapping data keys under the active KEK, in committed batches that can be resumed."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import bindparam, func, select, update

from shared.crypto import envelope, keyring
from shared.crypto.datakeys import DataKey
from shared.crypto.errors import KeyUnwrapError
from shared.extensions import db

_keys = DataKey.__table__
# The old kek_id is part of the WHERE so a key shredded meanwhile is never written back.
_REWRAP = (
    update(_keys)
    .where(_keys.c.id == bindparam("b_id"), _keys.c.kek_id == bindparam("b_old_kek"))
    .values(wrapped=bindparam("b_wrapped"), kek_id=bindparam("b_new_kek"))
)


def counts_by_kek() -> dict[str | None, int]:
    """Rows per KEK id; None counts destroyed (shredded) data keys."""
    rows = db.session.execute(
        select(_keys.c.kek_id, func.count()).group_by(_keys.c.kek_id)
    ).all()
    return {kek_id: count for kek_id, count in rows}


def pending_count() -> int:
    """Live data keys not yet wrapped under the active KEK."""
    active_id, _ = keyring.active_kek()
    return db.session.scalar(
        select(func.count()).select_from(_keys).where(_keys.c.kek_id != active_id)
    )


def rewrap_pending(batch_size: int = 2000,
                   progress: Callable[[int], object] | None = None) -> int:
    """Re-wrap every live data key not under the active KEK; commits each batch."""
    active_id, active_key = keyring.active_kek()
    new_kek, old_keks = AESGCM(active_key), {}
    last_id, done = 0, 0
    while rows := _next_batch(active_id, last_id, batch_size):
        params = [_rewrap_params(row, old_keks, new_kek, active_id) for row in rows]
        db.session.execute(_REWRAP, params)
        db.session.commit()
        last_id, done = rows[-1].id, done + len(rows)
        if progress is not None:
            progress(len(rows))
    return done


def _next_batch(active_id: str, after_id: int, size: int):
    # kek_id != active also skips NULL (shredded) keys; keyset paging keeps each query cheap.
    return db.session.execute(
        select(_keys.c.id, _keys.c.uuid, _keys.c.kek_id, _keys.c.wrapped)
        .where(_keys.c.kek_id != active_id, _keys.c.id > after_id)
        .order_by(_keys.c.id).limit(size)
    ).all()


def _rewrap_params(row, old_keks: dict, new_kek: AESGCM, new_id: str) -> dict:
    if row.kek_id not in old_keks:
        old_keks[row.kek_id] = AESGCM(keyring.kek(row.kek_id))
    try:
        raw = envelope.unwrap_key(old_keks[row.kek_id], row.kek_id, row.uuid, row.wrapped)
    except (InvalidTag, ValueError):
        message = (f"cannot unwrap data key {row.uuid} with key-encryption key {row.kek_id!r}; "
                   "rotation stopped, earlier batches are saved")
        raise KeyUnwrapError(message) from None
    return {
        "b_id": row.id, "b_old_kek": row.kek_id, "b_new_kek": new_id,
        "b_wrapped": envelope.wrap_key(new_kek, new_id, row.uuid, raw),
    }
