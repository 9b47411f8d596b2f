"""The training blueprint: DIVERT App training pages under /divert (templates in divert's)."""

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/divert")
