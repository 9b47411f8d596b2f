"""The DIVERT blueprint: the officer's pages under /divert, with their own templates and the
draft script (static/divert-draft.js)."""

from flask import Blueprint

bp = Blueprint("divert", __name__, url_prefix="/divert", template_folder="templates",
               static_folder="static")
