"""Run a command on a moved clock: `python -m tests.timeshift MOMENT COMMAND...`.

The tests start servers (gunicorn, `flask run`) as child processes; this runs them at the
suite's moment (see tests/clock.py), with time flowing on from there. COMMAND is a Python
script (such as .venv/bin/gunicorn) or `PYTHON -m MODULE ...`; it runs in this process, so
time-machine's clock holds in it and in any worker it forks.
"""

from __future__ import annotations

import runpy
import sys
from datetime import datetime

import time_machine


def main(argv: list[str]) -> None:
    """Travel to ARGV[0] and run the rest of ARGV as if it had been started directly."""
    moment, *command = argv
    time_machine.travel(datetime.fromisoformat(moment), tick=True).start()
    if len(command) >= 3 and command[1] == "-m":
        sys.argv = [command[2], *command[3:]]
        runpy.run_module(command[2], run_name="__main__", alter_sys=True)
    else:
        sys.argv = command
        runpy.run_path(command[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
