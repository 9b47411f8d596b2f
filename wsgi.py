"""WSGI entry point: gunicorn wsgi:app, or flask --app wsgi COMMAND.

The one place that names the programmes: the platform (shared/) never does. The tests build
their app with the same PROGRAMMES (tests/conftest.py).
"""

import divert
import engage
from config import BaseConfig
from shared.app import create_app

PROGRAMMES = (divert, engage)


def build(config: BaseConfig | None = None):
    """The app as deployed: the platform with every programme plugged in."""
    return create_app(config, programmes=PROGRAMMES)


def __getattr__(name: str):
    # `app` is built from the environment on first use, so importing PROGRAMMES or build()
    # (as the tests do) does not build a second app.
    if name == "app":
        globals()["app"] = build()
        return globals()["app"]
    raise AttributeError(name)
