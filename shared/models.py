"""Every model module, imported in one place for metadata and Alembic."""

from shared.audit.models import AuditEvent, AuditHead
from shared.auth.models import Invitation, LoginFailure, User, UserSession
from shared.partners.models import Organisation
from shared.reference.models import Bcu, Borough, CustodySuite

__all__ = [
    "AuditEvent", "AuditHead", "Bcu", "Borough", "CustodySuite", "Invitation",
    "LoginFailure", "Organisation", "User", "UserSession",
]
