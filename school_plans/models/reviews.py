"""A child's reviews (CLA reviews, PEP meetings...): who comes, the agreed plan version attached, and what
was decided, with the actions that follow."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow

CLA_REVIEW = "cla_review"
PEP_MEETING = "pep_meeting"
REVIEW_KINDS = (CLA_REVIEW, PEP_MEETING, "ehcp_review", "other")


class Review(db.Model):
    """One meeting about a child. `version` rises with every change: a stale edit is refused."""

    __tablename__ = "reviews"
    # A child's PEP meetings in time order, for the oversight dashboard.
    __table_args__ = (Index("ix_reviews_child_id_kind_starts_at", "child_id", "kind", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    chair: Mapped[str] = mapped_column(String(160), default="")
    # Never a moving draft: an agreed version, which is frozen (it points at section revisions).
    agreed_version_id: Mapped[int | None] = mapped_column(ForeignKey("agreed_versions.id", ondelete="RESTRICT"))
    attached_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    attached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    child = relationship("Child", lazy="joined", innerjoin=True)
    agreed_version = relationship("AgreedVersion", lazy="joined")
    attendees = relationship("ReviewAttendee", cascade="all, delete-orphan", order_by="ReviewAttendee.id",
                             lazy="selectin")
    actions = relationship("ReviewAction", back_populates="review", cascade="all, delete-orphan",
                           order_by="ReviewAction.id", lazy="selectin")


class ReviewAttendee(db.Model):
    """Someone at the meeting: a member of the child's network (`user`), or someone named (`name`)."""

    __tablename__ = "review_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(160), default="")

    user = relationship("User", lazy="joined")


class ReviewAction(db.Model):
    """Something agreed at a review: what, who (someone in the child's network, `owner_user`, or someone named
    in `owner`), by when, and when it was done."""

    __tablename__ = "review_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(160))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    # When its owner was told it is due (once: `flask send-mail --reminders` claims it).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    review = relationship("Review", back_populates="actions")
    owner_user = relationship("User", foreign_keys=[owner_id], lazy="joined")

    @property
    def owner_name(self) -> str:
        """Who does it: a member's name as it is now (it follows a correction), else the name typed."""
        return self.owner_user.name if self.owner_user is not None else self.owner
