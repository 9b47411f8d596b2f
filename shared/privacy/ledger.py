"""The erasure ledger: the erasure log, also written outside the database, one JSON line each.

A backup restored after an erasure brings the erased person (and their data key) back. The
ledger lives elsewhere (ERASURE_LEDGER, a file path; ship it to the log store with the audit
checkpoints), holds no personal data (uuids, case references, rule, request reference, reason)
and is appended only once the erasure's transaction has committed, so it never claims an
erasure that was rolled back. `flask privacy reapply-erasures` replays it after a restore.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from shared.extensions import db
from shared.people.models import Person

INFO_KEY = "erasure_ledger"
REAPPLIED = "reapplied"


def pending(session: Session, log) -> None:
    """Queue LOG (an ErasureLog) for the ledger once SESSION commits."""
    session.info.setdefault(INFO_KEY, []).append({
        "person_uuid": str(log.person_uuid), "case_references": log.case_references,
        "rule": log.rule, "request_reference": log.request_reference, "reason": log.reason,
        "erased_at": log.erased_at.isoformat()})


def path() -> Path | None:
    """Where the ledger is kept (None: not configured)."""
    value = current_app.config.get("ERASURE_LEDGER") if has_app_context() else None
    return Path(value) if value else None


@event.listens_for(Session, "after_commit")
def _append_after_commit(session: Session) -> None:
    entries = session.info.pop(INFO_KEY, None)
    target = path()
    if entries and target is not None:
        append(target, entries)


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop(INFO_KEY, None)


def append(target: Path, entries: list[dict]) -> None:
    """Append ENTRIES to the ledger at TARGET (created 0600), flushed to disk."""
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read(source: Path) -> Iterator[dict]:
    """The ledger's entries, oldest first (blank lines skipped)."""
    with source.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    raise ValueError(f"line {number} of {source} is not a ledger entry") from None


@dataclass
class Replay:
    """What re-applying the ledger did."""

    erased: int = 0
    already: int = 0
    absent: int = 0  # people the restored database never held


def reapply(entries: list[dict], batch_size: int = 100,
            after_each: Callable[[int], None] | None = None) -> Replay:
    """Erase again everyone in ENTRIES still readable; commits per batch, so a rerun resumes."""
    from shared.privacy.erasure import erase

    result = Replay()
    for start in range(0, len(entries), batch_size):
        batch = entries[start:start + batch_size]
        wanted = {entry["person_uuid"]: entry for entry in batch}
        people = {str(p.uuid): p for p in db.session.scalars(
            select(Person).where(Person.uuid.in_([uuid.UUID(u) for u in wanted])))}
        for key, entry in wanted.items():
            person = people.get(key)
            if person is None:
                result.absent += 1
            elif person.is_erased:
                result.already += 1
            else:
                erase(person, REAPPLIED, entry.get("case_references", "").split() or None,
                      reason=f"Re-applied after a restore (first erased "
                             f"{entry.get('erased_at')} under {entry.get('rule')}): "
                             f"{entry.get('reason') or 'no reason recorded'}",
                      request_reference=entry.get("request_reference"), to_ledger=False)
                result.erased += 1
        db.session.commit()
        if after_each:
            after_each(len(batch))
    return result
