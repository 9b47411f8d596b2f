"""The baseline: bare Flask + Flask-SQLAlchemy inserting a referral-shaped row, nothing else."""

from __future__ import annotations

import os
import uuid

from flask import Flask, redirect, render_template_string, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BARE_DATABASE_URL"]
db = SQLAlchemy(app)
FIELDS = ("first_name", "last_name", "date_of_birth", "borough", "bcu", "strand", "at_risk_as",
          "exploitation_concern", "concern", "interests", "phone")


class BareReferral(db.Model):
    """The same data as an intake, stored plainly."""

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(36), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[str] = mapped_column(String(20))
    borough: Mapped[str] = mapped_column(String(40))
    bcu: Mapped[str] = mapped_column(String(40))
    strand: Mapped[str] = mapped_column(String(30))
    at_risk_as: Mapped[str] = mapped_column(String(20))
    exploitation_concern: Mapped[str] = mapped_column(String(5))
    concern: Mapped[str] = mapped_column(Text)
    interests: Mapped[str] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(String(20))


@app.post("/bare/referrals")
def create():
    """Insert the posted referral and redirect, as the real form does."""
    values = {name: request.form.get(name, "") for name in FIELDS}
    values["date_of_birth"] = " ".join(request.form.getlist("date_of_birth"))
    row = BareReferral(submission_id=str(uuid.uuid4()), **values)
    db.session.add(row)
    db.session.commit()
    return redirect(f"/bare/receipts/{row.id}")


LIST = """<!doctype html><title>Referrals</title><table>{% for r in rows %}<tr><td>
<a href="/bare/receipts/{{ r.id }}">{{ r.submission_id }}</a></td><td>{{ r.borough }}</td>
<td>{{ r.strand }}</td></tr>{% endfor %}</table>"""


@app.get("/bare/list")
def page_of_rows():
    """A page of 50 rows rendered by a template: the baseline for the list pages."""
    rows = db.session.scalars(db.select(BareReferral).order_by(BareReferral.id).limit(50)).all()
    return render_template_string(LIST, rows=rows)


with app.app_context():
    db.create_all()
    # The same journal mode as the real app, so the comparison is about the app's own work.
    db.session.execute(db.text("PRAGMA journal_mode=WAL"))
    if db.session.scalar(db.select(db.func.count(BareReferral.id))) < 50:
        db.session.add_all(BareReferral(submission_id=str(uuid.uuid4()), **dict.fromkeys(
            FIELDS, "x")) for _ in range(50))
        db.session.commit()
