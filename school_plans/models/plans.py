"""A child's plan and its sections (the content of each is JSON checked by its kind)."""
from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow

# Who reads a section: policy.reads_audience() is the one place that says what each means.
EVERYONE = "everyone"
CORE_TEAM = "core_team"
PROFESSIONALS = "professionals"
NAMED = "named"
AUDIENCES = (EVERYONE, CORE_TEAM, PROFESSIONALS, NAMED)
TEMPLATE_AUDIENCES = (EVERYONE, CORE_TEAM, PROFESSIONALS)   # a template names nobody

# The members picked by name for a section whose audience is NAMED.
section_readers = Table(
    "section_readers", db.metadata,
    Column("section_id", ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Plan(db.Model):
    """One support plan for a child, started from a template (key and version kept)."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), index=True)
    template_key: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(32), default="draft")
    # The plan's version as people speak of it ("version 3"); agreement moves it on.
    version: Mapped[int] = mapped_column(Integer, default=1)
    plan_date: Mapped[date] = mapped_column(Date)
    review_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # An archived plan is no longer used: read-only, off the child's list of plans, kept in history.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    archived_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # What the one-page card shows where the plan holds more than fits: {group: [the items' main words]}.
    card_choices: Mapped[dict | None] = mapped_column(JSON)

    child = relationship("Child", lazy="joined", innerjoin=True)
    # Read sections through policy.visible_sections(), never all of them by accident.
    sections = relationship("Section", back_populates="plan", order_by="Section.position",
                            passive_deletes=True, lazy="raise_on_sql")


class Section(db.Model):
    """One section of a plan. `version` rises with every save: a stale save is refused."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    heading: Mapped[str] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(16), default=EVERYONE)
    # Who last chose the audience (None: it is the template's default).
    audience_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    content: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan = relationship("Plan", back_populates="sections")
    updated_by = relationship("User", foreign_keys=[updated_by_id], lazy="raise_on_sql")
    audience_set_by = relationship("User", foreign_keys=[audience_set_by_id], lazy="raise_on_sql")
