"""Helpers for the training tests: CSV bodies, signed-in clients and a session with its link."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from divert.training import survey
from shared.clock import today as london_today
from shared.extensions import db
from shared.reference.models import Bcu
from tests.conftest import AuthActions

TRAINED_ON = (london_today() - timedelta(days=30)).isoformat()


def roster(*rows: str) -> bytes:
    """A roster CSV with the given data lines."""
    return ("strand,bcu,trained_on\n" + "".join(f"{row}\n" for row in rows)).encode()


def staff(*rows: str) -> bytes:
    """A staff-numbers CSV with the given data lines."""
    return ("strand,bcu,staff\n" + "".join(f"{row}\n" for row in rows)).encode()


def upload(client, body: bytes, name: str = "roster.csv"):
    """POST a CSV to the import page as a browser does (multipart, CSRF token included)."""
    return client.post("/divert/training/import", content_type="multipart/form-data",
                       data={"csrf_token": client.csrf_token(),
                             "file": (io.BytesIO(body), name)})


def signed_in(app, user):
    """A new client signed in as USER."""
    client = app.test_client()
    AuthActions(client).login(user)
    return client


@pytest.fixture
def feedback_link(make_user):
    """Factory: a session for N attendees and its public token."""

    def factory(attendees: int = 3):
        bcu = db.session.scalar(select(Bcu).where(Bcu.code == "CN"))
        made, token = survey.create_session(make_user("coordinator"), london_today(), bcu,
                                            "neighbourhood", attendees)
        db.session.commit()
        return made, token

    return factory
