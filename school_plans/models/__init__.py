"""The data model, one module per aggregate."""
from .accounts import PasswordLink, User, UserSession
from .audit import AuditEvent
from .authorities import (
    COUNTRIES,
    MEETS,
    NEEDS_CHANGES,
    RATINGS,
    STAFF_ROLES,
    VERDICTS,
    Authority,
    AuthorityStaff,
    QualityReview,
)
from .children import YEAR_GROUPS, Child, ChildPhoto, Invitation, Membership
from .discussion import ACCEPTED, DECLINED, OPEN, WITHDRAWN, Comment, Suggestion, thread_readers
from .history import AgreedVersion, SectionRevision, Signature, revision_readers
from .notifications import Notification, OutboxEmail
from .plans import (
    AUDIENCES,
    CORE_TEAM,
    EVERYONE,
    NAMED,
    PROFESSIONALS,
    TEMPLATE_AUDIENCES,
    Plan,
    Section,
    section_readers,
)
from .reviews import CLA_REVIEW, PEP_MEETING, REVIEW_KINDS, Review, ReviewAction, ReviewAttendee
from .schools import School, school_designated_teachers

__all__ = [
    "ACCEPTED", "DECLINED", "OPEN", "WITHDRAWN", "Comment", "Suggestion", "thread_readers",
    "AgreedVersion", "SectionRevision", "Signature", "revision_readers", "Notification", "OutboxEmail",
    "AUDIENCES", "CORE_TEAM", "EVERYONE", "NAMED", "PROFESSIONALS", "TEMPLATE_AUDIENCES", "Plan", "Section",
    "section_readers",
    "CLA_REVIEW", "PEP_MEETING", "REVIEW_KINDS", "Review", "ReviewAction", "ReviewAttendee",
    "AuditEvent", "COUNTRIES", "MEETS", "NEEDS_CHANGES", "RATINGS", "STAFF_ROLES", "VERDICTS", "Authority",
    "AuthorityStaff", "QualityReview", "Child", "ChildPhoto", "Invitation", "Membership", "PasswordLink",
    "School", "User", "UserSession", "YEAR_GROUPS", "school_designated_teachers",
]
