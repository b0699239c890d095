"""The data model, one module per aggregate."""
from .accounts import PasswordLink, User, UserSession
from .audit import AuditEvent
from .children import YEAR_GROUPS, Child, Invitation, Membership
from .plans import AUDIENCES, EVERYONE, PROFESSIONALS, Plan, Section
from .schools import School, school_designated_teachers

__all__ = [
    "AUDIENCES", "EVERYONE", "PROFESSIONALS", "Plan", "Section",
    "AuditEvent", "Child", "Invitation", "Membership", "PasswordLink",
    "School", "User", "UserSession", "YEAR_GROUPS", "school_designated_teachers",
]
