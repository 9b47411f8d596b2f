"""The single `privacy` blueprint; routes.py adds its views."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
