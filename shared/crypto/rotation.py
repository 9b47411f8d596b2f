"""Re-wrapping data keys under the active KEK, in committed batches that can be resumed."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import bindparam, func, select, text, update

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

_REWRAP_FROM_ARRAYS = text(
    "UPDATE data_keys AS d SET wrapped = v.wrapped, kek_id = :new_kek "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:old AS text[]), CAST(:wrapped AS bytea[])) "
    "AS v(id, old_kek, wrapped) WHERE d.id = v.id AND d.kek_id = v.old_kek"
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
        params = [_rewrap_params(row, old_keks, new_kek, active_id, nonce)
                  for row, nonce in zip(rows, envelope.nonces(len(rows)), strict=True)]
        _write_batch(params)
        db.session.commit()
        last_id, done = rows[-1].id, done + len(rows)
        if progress is not None:
            progress(len(rows))
    return done


def _write_batch(params: list[dict]) -> None:
    if db.session.connection().dialect.name == "postgresql":
        _update_from_arrays(params)
    else:
        _execute_many(_REWRAP, params)


def _update_from_arrays(params: list[dict]) -> None:
    # PostgreSQL: one set-based UPDATE per batch beats thousands of single-row statements.
    db.session.execute(_REWRAP_FROM_ARRAYS, {
        "ids": [p["b_id"] for p in params], "old": [p["b_old_kek"] for p in params],
        "wrapped": [p["b_wrapped"] for p in params], "new_kek": params[0]["b_new_kek"],
    })


def _execute_many(statement, params: list[dict]) -> None:
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    if compiled.positional:
        params = [tuple(p[name] for name in compiled.positiontup) for p in params]
    # Straight to the driver's executemany: SQLAlchemy's per-row parameter processing was a
    # quarter of rotation's CPU time, and these parameters need none (ints, text, bytes).
    connection.exec_driver_sql(compiled.string, params)


def _next_batch(active_id: str, after_id: int, size: int):
    # kek_id != active also skips NULL (shredded) keys; keyset paging keeps each query cheap.
    return db.session.execute(
        select(_keys.c.id, _keys.c.uuid, _keys.c.kek_id, _keys.c.wrapped)
        .where(_keys.c.kek_id != active_id, _keys.c.id > after_id)
        .order_by(_keys.c.id).limit(size)
    ).all()


def _rewrap_params(row, old_keks: dict, new_kek: AESGCM, new_id: str, nonce: bytes) -> dict:
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
        "b_wrapped": envelope.wrap_key(new_kek, new_id, row.uuid, raw, nonce),
    }
