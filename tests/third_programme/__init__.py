"""A third programme, as small as one can be, plugged in the way README "Where things are" says:
its own blueprint and template, a row in the table of programmes, a navigation item, a home
panel, an API operation, a reference seed, a demo loader and its person data."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from shared.api.registry import ApiRoutes
from shared.auth.roles import Role
from shared.seams import NavItem, PersonData, Programme, seams

bp = Blueprint("third", __name__, url_prefix="/third", template_folder="templates")
routes = ApiRoutes()
THIRD = Programme("third", "THIRD", (16, 21), frozenset({"other"}), "TH")
ERASED: list = []


@bp.route("/")
def index():
    """The programme's one page."""
    return render_template("third/index.html")


@routes.operation("GET", "/third/hello", "Say hello", tag="third")
def hello():
    """An operation of the programme's own."""
    return None


def init_app(app: Flask) -> None:
    """Plug THIRD in."""
    plugged = seams(app)
    plugged.add_programme(THIRD)
    app.register_blueprint(bp)
    plugged.api_routes.append(routes)
    plugged.navigation.append(NavItem("Third", "third.index", frozenset({Role.OFFICER}), 25))
    plugged.add_home_panel(Role.OFFICER, "third/home_officer.html")
    plugged.reference_seeds.append(lambda: {"third_rows": 0})
    plugged.demo_loaders.append(lambda: ["Third demo: nothing to add."])
    plugged.person_data.append(PersonData(
        "third_programme", export=lambda person: {"held": "a third programme's note"},
        erase=ERASED.append))
