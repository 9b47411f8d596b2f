"""Password hashing (argon2id) and the length and common-password rules."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 256  # well past the 128 required, bounded so hashing cannot be abused
# The 20,000 most common passwords (Royce Williams's list, as shipped by Django, BSD licence).
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")
SERVICE_WORDS = ("divert", "engage")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


@lru_cache(maxsize=2)
def _hasher(fast: bool) -> PasswordHasher:
    # argon2-cffi defaults are argon2id, m=65536 KiB, t=3, p=4 (security.md item 1).
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hasher() -> PasswordHasher:
    """The app's hasher: library defaults, or cheap parameters under test."""
    return _hasher(bool(current_app.config.get("ARGON2_FAST")))


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; an account with no password never matches."""
    if not password_hash:
        # Spend the same time as a real check, so timing does not reveal the account.
        hasher().hash(password)
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused, in words a person understands, or None."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    base = re.sub(r"[\d\W_]{1,4}$", "", lowered)
    if lowered in _common_passwords() or base in _common_passwords() or len(set(lowered)) < 4:
        return "Password is too common or too easy to guess; try a few unrelated words"
    local_part = email.split("@", 1)[0].lower()
    if (len(local_part) >= 4 and local_part in lowered) or any(w in lowered for w in SERVICE_WORDS):
        return "Password must not contain your email address or the service's name"
    return None


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash uses older parameters than the current ones."""
    return hasher().check_needs_rehash(password_hash)
