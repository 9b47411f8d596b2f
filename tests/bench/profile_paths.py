"""cProfile of the intake POST, the dashboard and the case page, in-process, on any database.

Run as a module with the environment of a data set, for example the pages bench's:
    INSTANCE_PATH=/tmp/divert-bench/instance APP_ENV=development \
    DATABASE_URL=sqlite:////tmp/divert-bench/pages-1000000.sqlite3 \
    .venv/bin/python -m tests.bench.profile_paths
Prints, per path, the time per request and the project functions that take most of it.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
import uuid

import pyotp
from sqlalchemy import select

from shared.auth import mfa
from shared.auth import services as accounts
from shared.cases.models import Case
from shared.extensions import db
from tests.bench.intake_bench import FIELDS, _option
from tests.conftest import PASSWORD, AuthActions, CsrfClient
from wsgi import app

ORGANISATIONS = {"officer": "MPS", "coordinator": "DIVERT", "analyst": "VRU"}


def _client(role: str):
    email = f"profile-{role}@bench.test"
    user = accounts.find_user(email) or accounts.create_user(
        email, f"Profile {role}", role, ORGANISATIONS[role], PASSWORD)
    if user.needs_mfa and not user.mfa_enrolled:
        user.totp_secret = mfa.seal_secret(pyotp.random_base32())
    db.session.commit()
    client = app.test_client()
    AuthActions(client).login(user)
    return client


def _profile(label: str, call, repeats: int) -> None:
    call()  # warm: first-request imports and caches are not the steady state
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeats):
        call()
    profiler.disable()
    per_request = (time.perf_counter() - started) * 1000 / repeats
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"/work/main/(shared|divert|engage)/", 18)
    print(f"\n=== {label}: {per_request:.1f} ms per request (under cProfile) ===")
    print("\n".join(line for line in out.getvalue().splitlines()
                    if "/work/main/" in line or "ncalls" in line))


def main() -> None:
    """Profile the three paths and print the results."""
    app.test_client_class = CsrfClient
    with app.app_context():
        officer, coordinator, analyst = (_client(r) for r in ORGANISATIONS)
        form_page = officer.get("/divert/referrals/new").get_data(as_text=True)
        form = {**FIELDS, "borough": _option(form_page, "borough", "Camden"),
                "bcu": _option(form_page, "bcu", "Central North")}

        def intake():
            response = officer.post("/divert/referrals/new",
                                    data={**form, "submission_id": str(uuid.uuid4())})
            assert response.status_code == 302, response.status_code

        case = db.session.scalar(select(Case.uuid).where(Case.programme == "divert_app")
                                 .order_by(Case.id.desc()).limit(1))
        _profile("intake POST /divert/referrals/new", intake, 40)
        _profile("dashboard GET /reports/", lambda: analyst.get("/reports/"), 20)
        _profile("case page GET /cases/<id>", lambda: coordinator.get(f"/cases/{case}"), 20)
        _profile("coordinator queue GET /cases/", lambda: coordinator.get("/cases/"), 20)


if __name__ == "__main__":
    main()
