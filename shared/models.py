"""Every platform model module, imported in one place for metadata and Alembic (each programme
imports its own models in its init_app)."""

from shared.api.models import ApiToken, IdempotencyRecord
from shared.audit.models import AuditEvent, AuditHead
from shared.auth.models import Invitation, LoginFailure, User, UserSession
from shared.cases.models import Case, CaseEvent, Contact, Handoff
from shared.cases.plan_models import Action, Goal
from shared.crypto.datakeys import DataKey
from shared.crypto.state import KekState, KekWorker
from shared.notifications.models import OutboxMessage
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
    "Organisation",
    "OutboxMessage",
    "Person",
    "Rectification",
    "ReportCaseFact",
    "ReportCount",
    "RetentionRule",
    "SarRedaction",
    "SubjectAccessRequest",
    "SuiteAssignment",
    "User",
    "UserSession",
]
