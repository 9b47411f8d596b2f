"""The seven roles, who needs MFA, and which organisation kinds each may belong to."""

from enum import StrEnum


class Role(StrEnum):
    """A user's single role."""

    OFFICER = "officer"
    CUSTODY_WORKER = "custody_worker"
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    ANALYST = "analyst"
    DPO = "dpo"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.OFFICER: "Referring police officer",
    Role.CUSTODY_WORKER: "Custody youth worker or coach",
    Role.COORDINATOR: "Programme coordinator",
    Role.PARTNER: "Partner youth worker",
    Role.ANALYST: "VRU analyst",
    Role.DPO: "Data protection officer",
    Role.ADMIN: "Administrator",
}



def with_article(label: str) -> str:
    """'A referring police officer', 'An administrator': LABEL lower-cased after A or An."""
    return ("An " if label[:1].lower() in "aeiou" else "A ") + label.lower()


# security.md item 5: TOTP is required for the roles that see or control the most.
MFA_ROLES = frozenset({Role.COORDINATOR, Role.DPO, Role.ADMIN})

# A user's role must fit their organisation, so a partner worker cannot sit in the police.
ROLE_ORGANISATION_KINDS = {
    Role.OFFICER: {"police"},
    Role.CUSTODY_WORKER: {"local_authority", "operator"},
    Role.COORDINATOR: {"operator", "local_authority"},
    Role.PARTNER: {"partner"},
    Role.ANALYST: {"vru"},
    Role.DPO: {"operator"},
    Role.ADMIN: {"operator"},
}


def role_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for a select or radios."""
    return [(role.value, label) for role, label in ROLE_LABELS.items()]
