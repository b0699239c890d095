"""Local authorities, their virtual schools' staff, and the virtual school's review of a plan's quality."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow

COUNTRIES = ("england", "wales")
STAFF_ROLES = ("head", "adviser")   # the Virtual School Head, and an adviser
# A quality review's verdict, and its red, amber or green rating.
MEETS, NEEDS_CHANGES = "meets", "needs_changes"
VERDICTS = (MEETS, NEEDS_CHANGES)
RATINGS = ("green", "amber", "red")


class Authority(db.Model):
    """A local authority and its virtual school: responsible for the children it looks after, wherever they
    go to school."""

    __tablename__ = "authorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    country: Mapped[str] = mapped_column(String(16), default="england")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    staff = relationship("AuthorityStaff", back_populates="authority", cascade="all, delete-orphan",
                         lazy="selectin")


class AuthorityStaff(db.Model):
    """Someone on the staff of an authority's virtual school: they reach its looked-after children through the
    authority (policy.standing_for), not through an invitation to each network."""

    __tablename__ = "authority_staff"
    __table_args__ = (UniqueConstraint("authority_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="adviser")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    authority = relationship("Authority", back_populates="staff")
    user = relationship("User", lazy="joined")


class QualityReview(db.Model):
    """A virtual school adviser's review of an agreed plan version: it meets the standard or needs changes
    (with a reason), rated red, amber or green. Each is kept: the latest is the plan's rating."""

    __tablename__ = "quality_reviews"
    # A plan's latest review, for the oversight dashboard.
    __table_args__ = (Index("ix_quality_reviews_plan_id_id", "plan_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    plan_version: Mapped[int] = mapped_column(Integer)   # the agreed version reviewed
    verdict: Mapped[str] = mapped_column(String(16))
    rating: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    by = relationship("User", lazy="joined")
