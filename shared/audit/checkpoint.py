"""Signed checkpoints of the chain's head, kept outside the database.

A checkpoint is one JSON line: the head's sequence number and MAC, when it was taken, and an
HMAC over those under the audit key it names. Shipped to a log store (or a file the database
role cannot write), it lets `flask audit verify` tell that entries were cut, rewritten or
deleted, even by someone who rewrote the whole database.
"""

from __future__ import annotations

import hmac
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from shared.audit import keys
from shared.audit.models import AuditHead
from shared.db import utcnow


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read or parsed."""


@dataclass
class Checkpoint:
    """The signed head of the chain at one moment."""

    seq: int
    mac: str
    at: str
    key_id: str
    signature: str = ""

    def _message(self) -> str:
        return f"divert-audit-checkpoint|{self.seq}|{self.mac}|{self.at}|{self.key_id}"

    def genuine(self) -> bool:
        """Whether the signature checks out under the audit key the checkpoint names."""
        key = keys.key(self.key_id)
        return key is not None and hmac.compare_digest(
            self.signature, keys.mac(key, self._message()))

    def to_line(self) -> str:
        """The checkpoint as one line of JSON."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


def take(session: Session) -> Checkpoint:
    """Sign the head of the chain as it is now."""
    head = session.get(AuditHead, 1)
    key_id, key = keys.active()
    checkpoint = Checkpoint(seq=head.seq, mac=head.last_hash, at=utcnow().isoformat(),
                            key_id=key_id)
    checkpoint.signature = keys.mac(key, checkpoint._message())
    return checkpoint


def write(checkpoint: Checkpoint, destination: str) -> None:
    """Append CHECKPOINT to the file DESTINATION (created 0600), or print it for '-'."""
    if destination == "-":
        sys.stdout.write(checkpoint.to_line() + "\n")
        return
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(checkpoint.to_line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def parse(line: str) -> Checkpoint:
    """One checkpoint from its JSON line."""
    try:
        raw = json.loads(line)
        return Checkpoint(seq=int(raw["seq"]), mac=str(raw["mac"]), at=str(raw["at"]),
                          key_id=str(raw["key_id"]), signature=str(raw["signature"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointError("a checkpoint line is not valid checkpoint JSON") from exc


def latest(source: str | Path | None) -> Checkpoint | None:
    """The last checkpoint in the file SOURCE ('-' reads standard input); None if none."""
    if source is None:
        return None
    if str(source) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CheckpointError(f"cannot read {source}: {exc.strerror}") from exc
    lines = [line for line in text.splitlines() if line.strip()]
    return parse(lines[-1]) if lines else None
