"""The DIVERT blueprint: the officer's pages under /divert, with their own templates and the
App on the officer's phone (divert/offline.py, static/divert-app.js)."""

from flask import Blueprint

bp = Blueprint("divert", __name__, url_prefix="/divert", template_folder="templates",
               static_folder="static")
