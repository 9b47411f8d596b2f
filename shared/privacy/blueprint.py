"""The single `privacy` blueprint; people_views, request_views and oversight_views add views."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
