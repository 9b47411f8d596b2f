"""The seams a programme plugs into; the platform reads them and never names a programme.

`create_app(programmes=(divert, engage))` calls each programme's `init_app(app)` before it
registers its own blueprints. A programme registers its blueprints (with their own templates and
static files) and CLI commands on the app as Flask offers, imports its models, and adds the
rest here, on `seams(app)`:

- `add_programme(Programme(...))`: a row of the one table of programmes (code, label, ages,
  the organisation kinds that run it, the case-reference prefix, whether it works in custody);
- `navigation` items, `home_panels` per role, `dashboard_panels`, `reference_seeds`,
  `demo_loaders` and `demo_commands`;
- `api_routes`: an ApiRoutes of operations, mounted on the platform's API blueprint and listed
  in its OpenAPI document;
- `case_facts`: per programme code, a CaseFacts: the section the case page shows with the
  programme's own facts (ENGAGE: the custody encounter), in place of the referral's concern;
- `person_data`: what the programme holds about a person in tables of its own, so subject
  access exports it and erasure removes it (see PersonData);
- `add_notification_kind(NotificationKind(...))`: an event users can be told of, in the inbox
  and (if they choose) by email (shared.notifications.inbox.notify sends one);
- `add_home_count(role, build)`: a count with a link on ROLE's home page (HomeCount).

Adding a kind of seam is adding a list here and one place in the platform that reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

EXTENSION = "seams"


@dataclass(frozen=True)
class Programme:
    """One row of the table of programmes; a case's `programme` column holds its code."""

    code: str
    label: str
    ages: tuple[int, int]
    # Organisations of these kinds run it: their coordinators triage its cases and, for a
    # custody programme, their custody workers record its encounters.
    organisation_kinds: frozenset[str]
    reference_prefix: str
    custody: bool = False

    @property
    def for_children(self) -> bool:
        """Whether it works with under-18s (so a parent or carer is involved)."""
        return self.ages[0] < 18


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation, shown to ROLES, placed by POSITION (lowest first)."""

    label: str
    endpoint: str
    roles: frozenset[str]
    position: int


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the statistics dashboard: NAME keys BUILD()'s result in the summary
    document (summary.json and the API), and TEMPLATE shows it on the page."""

    name: str
    build: Callable[[], dict]
    template: str


@dataclass(frozen=True)
class PersonData:
    """A programme's own rows about one person.

    EXPORT(person) returns what subject access shows (JSON-ready, or None when there is
    nothing), under NAME in the export; ERASE(person) runs in the erasure's transaction after
    the person's data key is destroyed, to remove or blank whatever the key does not seal.
    TABLES names the tables ERASE changes, so storage hygiene vacuums them afterwards.
    """

    name: str
    export: Callable[[Any], Any] | None = None
    erase: Callable[[Any], None] | None = None
    tables: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseFacts:
    """A programme's section of the case page: TITLE, and ROWS(case) -> [(label, text)]
    (text "" where nothing is recorded). Its cases have no DIVERT referral concern to show."""

    title: str
    rows: Callable[[Any], list[tuple[str, str]]]


@dataclass(frozen=True)
class NotificationKind:
    """An event a user can be told of. TEXT, SUBJECT and BODY are fixed wording in which only
    {reference} varies, so no personal data reaches an inbox or an email."""

    code: str
    label: str
    text: str
    subject: str
    body: str
    email_default: bool = True


@dataclass(frozen=True)
class HomeCount:
    """One line of a home page: LABEL with COUNT (capped at CAP, shown as 'more than'), HREF."""

    label: str
    count: int
    href: str
    cap: int | None = None

    @property
    def shown(self) -> str:
        """The count as the page shows it."""
        if self.cap is not None and self.count > self.cap:
            return f"more than {self.cap:,}"
        return f"{self.count:,}"


@dataclass
class Seams:
    """Everything the programmes of one app have plugged in."""

    programmes: dict[str, Programme] = field(default_factory=dict)
    navigation: list[NavItem] = field(default_factory=list)
    home_panels: dict[str, list[str]] = field(default_factory=dict)
    dashboard_panels: list[DashboardPanel] = field(default_factory=list)
    reference_seeds: list[Callable[[], dict[str, int]]] = field(default_factory=list)
    demo_loaders: list[Callable[[], list[str]]] = field(default_factory=list)
    demo_commands: list[Any] = field(default_factory=list)
    api_routes: list[Any] = field(default_factory=list)
    person_data: list[PersonData] = field(default_factory=list)
    case_facts: dict[str, CaseFacts] = field(default_factory=dict)
    notification_kinds: dict[str, NotificationKind] = field(default_factory=dict)
    # role -> builders taking the signed-in user, each returning a HomeCount (or None).
    home_counts: dict[str, list[Callable[[Any], HomeCount | None]]] = field(
        default_factory=dict)

    def add_programme(self, programme: Programme) -> None:
        """Add a row to the table of programmes (codes are unique)."""
        if programme.code in self.programmes:
            raise ValueError(f"programme {programme.code!r} is already registered")
        self.programmes[programme.code] = programme

    def add_home_panel(self, role: str, template: str) -> None:
        """Show TEMPLATE on ROLE's home page."""
        self.home_panels.setdefault(str(role), []).append(template)

    def add_home_count(self, role: str, build: Callable[[Any], HomeCount | None]) -> None:
        """Show BUILD(user)'s count on ROLE's home page."""
        self.home_counts.setdefault(str(role), []).append(build)

    def add_notification_kind(self, kind: NotificationKind) -> None:
        """Register an event users can be told of (codes are unique)."""
        if kind.code in self.notification_kinds:
            raise ValueError(f"notification kind {kind.code!r} is already registered")
        self.notification_kinds[kind.code] = kind


def init_app(app: Flask) -> Seams:
    """Give APP its (empty) seams."""
    app.extensions[EXTENSION] = Seams()
    return app.extensions[EXTENSION]


def seams(app: Flask | None = None) -> Seams:
    """The seams of APP (the current app by default)."""
    return (app or current_app).extensions[EXTENSION]


def programmes() -> dict[str, Programme]:
    """The table of programmes, by code, in the order they were registered."""
    return seams().programmes


def programme(code: str) -> Programme:
    """One programme by its code."""
    return programmes()[code]


def labels() -> dict[str, str]:
    """{code: label} for every programme."""
    return {code: p.label for code, p in programmes().items()}


def run_by(organisation_kind: str) -> list[str]:
    """Codes of the programmes an organisation of ORGANISATION_KIND runs."""
    return [code for code, p in programmes().items()
            if organisation_kind in p.organisation_kinds]


def custody_programme_for(organisation_kind: str) -> str | None:
    """The custody programme whose encounters a custody worker of that organisation records."""
    return next((code for code, p in programmes().items()
                 if p.custody and organisation_kind in p.organisation_kinds), None)
