"""The single `admin` blueprint; routes.py and suites.py add its views."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
