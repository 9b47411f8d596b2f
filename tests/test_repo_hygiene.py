"""No secret, key or database file is tracked by git, and no real-looking secret is committed."""

from __future__ import annotations

import re
import shutil
import subprocess
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ["instance/*", "*.pem", "*.key", "*.p12", "*.pfx", "*.sqlite3", "*.sqlite", "*.db",
             "*key_ring*.json", "*secret_key*", ".env", "*/.env", ".env.*", "id_rsa*",
             "*demo-accounts.txt"]
# Shapes of real credentials: private keys, cloud and forge tokens, and long base64 keys
# assigned to a key-like name (a key ring or blind-index key pasted into a file).
SECRET_SHAPES = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "key assigned inline": re.compile(
        r"(?i)\b(?:secret_key|blind_index_key|smtp_password|api_key|password)\b\s*[=:]\s*"
        r"[\"'][A-Za-z0-9+/=_-]{32,}[\"']"),
    "AES key in a key ring": re.compile(r"\"k\d+\"\s*:\s*\"[A-Za-z0-9+/]{43}=\""),
}


def _tracked() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing is tracked")
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p]


def test_no_instance_key_database_or_env_file_is_tracked():
    tracked = _tracked()
    offending = [p for p in tracked if any(fnmatch(p, pattern) or fnmatch(Path(p).name, pattern)
                                           for pattern in FORBIDDEN)]
    assert offending == [], f"secret, key or database files tracked by git: {offending}"


def test_no_real_looking_secret_is_committed_in_any_tracked_text_file():
    found = []
    for name in _tracked():
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000 or "node_modules" in name:
            continue
        text = path.read_bytes().decode("utf-8", "ignore")
        found += [f"{name}: {kind}" for kind, shape in SECRET_SHAPES.items()
                  if shape.search(text)]
    assert found == [], "real-looking secrets committed:\n" + "\n".join(found)


def test_the_secret_patterns_catch_what_they_are_meant_to():
    ring = '{"active": "k1", "keys": {"k1": "' + "A" * 43 + '="}}'
    assert SECRET_SHAPES["AES key in a key ring"].search(ring)
    # Built at run time, so this file does not itself hold the marker it hunts for.
    assert SECRET_SHAPES["private key"].search("-----BEGIN RSA " + "PRIVATE KEY-----")
    assert SECRET_SHAPES["key assigned inline"].search("SECRET_KEY = '" + "x1" * 20 + "'")
    assert fnmatch("instance/key_ring.json", FORBIDDEN[0])
