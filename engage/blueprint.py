"""The ENGAGE blueprint: its pages under /engage, with its own templates."""

from flask import Blueprint

bp = Blueprint("engage", __name__, url_prefix="/engage", template_folder="templates")
