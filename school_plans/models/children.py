"""A child, the adults in the child's network, and invitations to join it."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .plans import CORE_TEAM
from .types import UTCDateTime, utcnow

# Roles and care statuses are stored as the codes in labels.py. Year groups:
# -1 Nursery, 0 Reception, 1..13 Year 1..Year 13
YEAR_GROUPS = tuple(range(-1, 14))


class Child(db.Model):
    __tablename__ = "children"
    # The looked-after children an authority is responsible for (policy._network, the oversight dashboard).
    __table_args__ = (Index("ix_children_responsible_authority_id_care_status", "responsible_authority_id",
                            "care_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    # The authority that looks after the child (it may not be the school's), and when the child came into
    # its care and joined their school: each starts the clock for a PEP (timescales.py).
    responsible_authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    came_into_care_on: Mapped[date | None] = mapped_column(Date)
    joined_school_on: Mapped[date | None] = mapped_column(Date)
    preferred_name: Mapped[str] = mapped_column(String(80))
    legal_name: Mapped[str | None] = mapped_column(String(160))
    date_of_birth: Mapped[date] = mapped_column(Date)
    year_group: Mapped[int] = mapped_column(Integer)
    care_status: Mapped[str] = mapped_column(String(32))
    # Who in the network reads the care status (an audience code, never "named"): the child's story is theirs.
    care_status_audience: Mapped[str] = mapped_column(String(16), default=CORE_TEAM)
    # For a previously looked-after child, the parent or carer decides whether the virtual school is in.
    virtual_school_welcome: Mapped[bool] = mapped_column(Boolean, default=False)
    # The child's own words about who may know their story.
    story_wishes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    school = relationship("School", lazy="joined")
    responsible_authority = relationship("Authority")
    memberships = relationship(
        "Membership", back_populates="child", cascade="all, delete-orphan", lazy="selectin"
    )


class ChildPhoto(db.Model):
    """A photo of the child for the one-page card, there only if their family chose to add it (a parent or
    carer adds and removes it). Stored re-encoded as a small JPEG: nothing of the original file (its place and
    time, the camera) is kept."""

    __tablename__ = "child_photos"

    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Membership(db.Model):
    """A person's place in one child's network: the role decides what they may do."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("child_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    # School staff the designated teacher puts in the child's core team (the key and back-up adults).
    core_team: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    child = relationship("Child", back_populates="memberships")
    user = relationship("User", lazy="joined")


class Invitation(db.Model):
    """A single-use, expiring link to join a child's network with a role."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(32))
    # The language its email is written in (a code of LANGUAGES), chosen by the inviter.
    language: Mapped[str | None] = mapped_column(String(8))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    child = relationship("Child")
    invited_by = relationship("User", foreign_keys=[invited_by_id])

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
