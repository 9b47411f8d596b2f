"""Where to send a user after sign-in: local paths only (security.md item 17)."""

from urllib.parse import urlsplit

from flask import url_for


def is_safe_local_path(target: str | None) -> bool:
    """True only for a path on this site, such as /cases?page=2."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(c in target for c in "\\\r\n\t\x00"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def next_or_home(target: str | None) -> str:
    """TARGET if it is safe, else the user's home page."""
    return target if is_safe_local_path(target) else url_for("home.index")
