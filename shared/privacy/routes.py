"""Privacy pages for the data protection officer (rectification for coordinators too)."""

from shared.privacy import oversight_views, people_views, request_views  # noqa: F401  views
from shared.privacy.blueprint import bp

__all__ = ["bp"]
