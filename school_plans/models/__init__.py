"""The data model, one module per aggregate."""
from .accounts import PasswordLink, User, UserSession
from .audit import AuditEvent
from .children import YEAR_GROUPS, Child, Invitation, Membership
from .discussion import ACCEPTED, DECLINED, OPEN, WITHDRAWN, Comment, Suggestion
from .history import AgreedVersion, SectionRevision, Signature
from .notifications import Notification, OutboxEmail
from .plans import AUDIENCES, EVERYONE, PROFESSIONALS, Plan, Section
from .reviews import CLA_REVIEW, PEP_MEETING, REVIEW_KINDS, Review, ReviewAction, ReviewAttendee
from .schools import School, school_designated_teachers

__all__ = [
    "ACCEPTED", "DECLINED", "OPEN", "WITHDRAWN", "Comment", "Suggestion",
    "AgreedVersion", "SectionRevision", "Signature", "Notification", "OutboxEmail",
    "AUDIENCES", "EVERYONE", "PROFESSIONALS", "Plan", "Section",
    "CLA_REVIEW", "PEP_MEETING", "REVIEW_KINDS", "Review", "ReviewAction", "ReviewAttendee",
    "AuditEvent", "Child", "Invitation", "Membership", "PasswordLink",
    "School", "User", "UserSession", "YEAR_GROUPS", "school_designated_teachers",
]
