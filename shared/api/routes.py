"""The API blueprint with every route module loaded (what create_app registers)."""

from importlib.util import find_spec

from shared.api import (  # noqa: F401  routes
    routes_cases,
    routes_encounters,
    routes_referrals,
    routes_tokens,
)
from shared.api.blueprint import bp

# The statistics endpoint serves shared/reports' summary, once that module is present.
if find_spec("shared.reports.dashboard") is not None:
    from shared.api import routes_stats  # noqa: F401  routes

__all__ = ["bp"]
