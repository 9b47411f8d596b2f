"""Every platform model module, imported in one place for metadata and Alembic (each programme
imports its own models in its init_app)."""

from shared.api.models import ApiToken, IdempotencyRecord
from shared.audit.models import AuditEvent, AuditHead
from shared.auth.models import Invitation, LoginFailure, User, UserSession
from shared.cases.correction_models import Correction
from shared.cases.models import Case, CaseEvent, Contact, Handoff
from shared.cases.plan_models import Action, Goal
from shared.cases.review_models import OutcomeReview
from shared.cases.safeguarding_models import SafeguardingConcern
from shared.crypto.datakeys import DataKey
from shared.crypto.state import KekState, KekWorker
from shared.notifications.models import Notification, NotificationPreference, OutboxMessage
from shared.people.models import Person
from shared.privacy.models import (
    ErasureLog,
    Rectification,
    RetentionRule,
    SarRedaction,
    SubjectAccessRequest,
)
from shared.reference.models import Bcu, Borough, CustodySuite, Organisation, SuiteAssignment
from shared.reports.models import ReportCaseFact, ReportCount

__all__ = [
    "Action",
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "Bcu",
    "Borough",
    "Case",
    "CaseEvent",
    "Contact",
    "Correction",
    "CustodySuite",
    "DataKey",
    "ErasureLog",
    "Goal",
    "Handoff",
    "IdempotencyRecord",
    "Invitation",
    "KekState",
    "KekWorker",
    "LoginFailure",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "OutboxMessage",
    "OutcomeReview",
    "Person",
    "Rectification",
    "ReportCaseFact",
    "ReportCount",
    "RetentionRule",
    "SafeguardingConcern",
    "SarRedaction",
    "SubjectAccessRequest",
    "SuiteAssignment",
    "User",
    "UserSession",
]
