"""Fault-injection helpers: the `faults` marker, the PostgreSQL switch, and read-only files."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from tests.notifications.conftest import smtp_app, smtp_server  # noqa: F401  reused fixtures

FAULTS_WANTED = os.environ.get("FAULTS") == "1" or os.environ.get("CI", "").lower() == "true"
NOT_WANTED = ("stops the shared PostgreSQL server for a few seconds: runs only with FAULTS=1 "
              "or in CI (CI=true)")


def pytest_configure(config):
    """Register the marker (pytest runs with --strict-markers)."""
    config.addinivalue_line("markers", "faults: stops real services (PostgreSQL) mid-run; "
                                       "only with FAULTS=1 or CI=true")


def postgres_version() -> str:
    """The one cluster version under /etc/postgresql (e.g. '15')."""
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ctl(action: str) -> None:
    """Start or stop the local cluster (fast shutdown: open connections are cut at once)."""
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main",
                    action, *(["-m", "fast"] if action == "stop" else [])],
                   check=True, capture_output=True, timeout=60)


def wait_for_postgres(up: bool, seconds: float = 30) -> bool:
    """Wait until pg_isready says the server is UP (or down); whether it did in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"],
                               check=False, timeout=10).returncode == 0
        if ready is up:
            return True
        time.sleep(0.2)
    return False


class ReadOnlyFile:
    """Make a file unwritable even for root (chattr +i), or by mode 0444 for anyone else."""

    def __init__(self, path: Path):
        self.path = path
        self.immutable = os.geteuid() == 0

    def lock(self) -> bool:
        """Make the file read-only; whether it really refuses writes now."""
        if self.immutable:
            done = subprocess.run(["chattr", "+i", str(self.path)], check=False,
                                  capture_output=True).returncode == 0
            if not done:
                return False
        else:
            self.path.chmod(0o444)
        try:
            os.close(os.open(self.path, os.O_WRONLY))
        except PermissionError:
            return True
        self.unlock()
        return False

    def unlock(self) -> None:
        """Make the file writable again."""
        if self.immutable:
            subprocess.run(["chattr", "-i", str(self.path)], check=False, capture_output=True)
        else:
            self.path.chmod(0o644)
