"""The single `admin` blueprint; users.py, organisations.py and reference.py add its views."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
