"""Running the demo commands as `make run` does."""

from __future__ import annotations

import pytest


@pytest.fixture
def run_cli(app):
    """Invoke `flask --app wsgi ARGS...` in-process; returns the click result."""
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def demo_accounts(run_cli, tmp_path):
    """The demo accounts, made by the real `demo accounts` command."""
    result = run_cli("demo", "accounts", "--file", str(tmp_path / "demo-accounts.txt"))
    assert result.exit_code == 0, result.output
