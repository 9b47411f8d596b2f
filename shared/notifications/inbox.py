"""The in-app inbox: notify users of events about a case, by reference only, and by email
where each user has chosen it. Callers commit (one commit point per request)."""

from __future__ import annotations

from sqlalchemy import func, select, update

from shared.auth.models import User
from shared.auth.roles import Role
from shared.db import utcnow
from shared.extensions import db
from shared.notifications import services as outbox
from shared.notifications.models import Notification, NotificationPreference
from shared.reference.models import Organisation
from shared.seams import NotificationKind, seams

PAGE_SIZE = 50
# The header says "99+" rather than count a neglected inbox to the end on every page.
UNREAD_CAP = 99


def kinds() -> dict[str, NotificationKind]:
    """Every kind of event registered (the platform's and the programmes')."""
    return seams().notification_kinds


def kind_of(code: str) -> NotificationKind:
    """The registered kind CODE, or NotificationError."""
    try:
        return kinds()[code]
    except KeyError:
        raise outbox.NotificationError(f"unknown notification kind {code!r}") from None


def notify(target: User | Organisation, kind: str, reference: str, link_path: str, *,
           role: str | None = None) -> list[Notification]:
    """Tell TARGET (a user, or every active user with ROLE in an organisation) of KIND about
    case REFERENCE, linking to LINK_PATH; emails go to those who chose email for KIND."""
    if isinstance(target, Organisation):
        if role is None:
            raise outbox.NotificationError("say which role in the organisation to notify")
        users = list(users_with_role(target.id, role))
    else:
        users = [target] if target is not None and target.active else []
    email = _email_of(kind, reference, link_path)
    return [_deliver(user, kind, reference, link_path, email) for user in users]


def notify_role(organisation_id: int, role: str, kind: str, reference: str,
                link_path: str) -> list[Notification]:
    """Tell every active user with ROLE in the organisation (by id)."""
    email = _email_of(kind, reference, link_path)  # refused before anyone is looked up
    return [_deliver(user, kind, reference, link_path, email)
            for user in users_with_role(organisation_id, role)]


def users_with_role(organisation_id: int, role: str):
    """The active users with ROLE in the organisation, by id."""
    try:
        role = Role(role)
    except ValueError:
        raise outbox.NotificationError(f"unknown role {role!r}") from None
    return db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.role == role.value,
        User.active.is_(True)).order_by(User.id))


def _email_of(code: str, reference: str, link_path: str) -> tuple[str, str]:
    # Checks the kind, the reference and the link as an email would, even when no email goes.
    kind = kind_of(code)
    return outbox.render_notice(kind.subject, kind.body, reference, link_path)


def _deliver(user: User, code: str, reference: str, link_path: str,
             email: tuple[str, str]) -> Notification:
    note = Notification(user_id=user.id, kind=code, reference=reference, link_path=link_path,
                        created_at=utcnow())
    db.session.add(note)
    if wants_email(user, code):
        outbox.enqueue(user.email, code, *email)
    return note


def email_case_notice(to_address: str, code: str, reference: str, link_path: str):
    """Queue kind CODE's fixed-wording email about case REFERENCE to one address."""
    return outbox.enqueue(to_address, code, *_email_of(code, reference, link_path))


def text_of(note: Notification) -> str:
    """What the inbox says of NOTE: the kind's fixed wording with the case reference."""
    kind = kinds().get(note.kind)
    return kind.text.format(reference=note.reference) if kind else f"Case {note.reference}"


def wants_email(user: User, code: str) -> bool:
    """Whether USER has email for kind CODE (their choice, else the kind's default)."""
    chosen = db.session.scalar(select(NotificationPreference.email).where(
        NotificationPreference.user_id == user.id, NotificationPreference.kind == code))
    return kind_of(code).email_default if chosen is None else chosen


def email_choices(user: User) -> dict[str, bool]:
    """{kind code: email on} for every registered kind."""
    chosen = dict(db.session.execute(select(
        NotificationPreference.kind, NotificationPreference.email).where(
        NotificationPreference.user_id == user.id)).all())
    return {code: chosen.get(code, kind.email_default) for code, kind in kinds().items()}


def set_email_choices(user: User, wanted: set[str]) -> bool:
    """Email USER the kinds in WANTED and no others; returns whether anything changed."""
    current = email_choices(user)
    rows = {p.kind: p for p in db.session.scalars(select(NotificationPreference).where(
        NotificationPreference.user_id == user.id))}
    changed = False
    for code in current:
        on = code in wanted
        if on == current[code]:
            continue
        changed = True
        if code in rows:
            rows[code].email = on
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=code, email=on))
    return changed


def unread_count(user: User) -> int:
    """USER's unread notifications, counted no further than just past UNREAD_CAP."""
    capped = (select(Notification.id).where(Notification.user_id == user.id,
                                            Notification.read_at.is_(None))
              .limit(UNREAD_CAP + 1).subquery())
    return db.session.scalar(select(func.count()).select_from(capped))


def inbox_page(user: User, before: int | None = None) -> tuple[list[Notification], int | None]:
    """One page of USER's inbox, newest first, and the id to page on from (None at the end)."""
    query = select(Notification).where(Notification.user_id == user.id)
    if before is not None:
        query = query.where(Notification.id < before)
    rows = list(db.session.scalars(query.order_by(Notification.id.desc()).limit(PAGE_SIZE + 1)))
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].id if more else None)


def get_own(user: User, note_uuid) -> Notification | None:
    """USER's own notification by public id (None for anyone else's)."""
    return db.session.scalar(select(Notification).where(
        Notification.user_id == user.id, Notification.uuid == note_uuid))


def mark_read(note: Notification) -> None:
    """Mark one notification read (reading it twice keeps the first time)."""
    if note.read_at is None:
        note.read_at = utcnow()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of USER read; returns how many."""
    return db.session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount
