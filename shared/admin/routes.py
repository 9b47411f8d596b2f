"""Admin pages for role admin only: users, organisations and reference data."""

from shared.admin import organisations, reference, users  # noqa: F401  registers the views
from shared.admin.blueprint import bp

__all__ = ["bp"]
