"""Every change to a section, kept as that section's content, and the plan versions people agreed."""
from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow

# Who was named on a section for named people when each revision was written: its readers, whoever is named
# later (and still, if the section is later opened to everyone).
revision_readers = Table(
    "revision_readers", db.metadata,
    Column("revision_id", ForeignKey("section_revisions.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class SectionRevision(db.Model):
    """One version of one section (`number` is the section's version). Never changed once written."""

    __tablename__ = "section_revisions"
    __table_args__ = (UniqueConstraint("section_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    plan_version: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(160))
    audience: Mapped[str] = mapped_column(String(16))
    content: Mapped[dict] = mapped_column(JSON)
    # Where the change came from: "start" (the plan's), "edit", "suggestion" (accepted) or "restore".
    source: Mapped[str] = mapped_column(String(16), default="edit")
    # Credited with the change (a parent whose suggestion was accepted); `applied_by` pressed the button.
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    restored_from: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    section = relationship("Section", lazy="raise_on_sql")
    by = relationship("User", foreign_keys=[by_id], lazy="raise_on_sql")
    applied_by = relationship("User", foreign_keys=[applied_by_id], lazy="raise_on_sql")


class AgreedVersion(db.Model):
    """A plan version as it was agreed: frozen, by pointing at one revision of each section."""

    __tablename__ = "agreed_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(160))
    plan_date: Mapped[date] = mapped_column(Date)
    review_date: Mapped[date | None] = mapped_column(Date)
    revision_ids: Mapped[list] = mapped_column(JSON)
    # The rows its one-page card showed when it was agreed (the plan's choice moves on).
    card_choices: Mapped[dict | None] = mapped_column(JSON)
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan = relationship("Plan", lazy="joined", innerjoin=True)


class Signature(db.Model):
    """One person's agreement to one version of a plan."""

    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("plan_id", "plan_version", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    plan_version: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(32))
    # The section revisions the signer could read when they agreed: what their agreement covers.
    revision_ids: Mapped[list | None] = mapped_column(JSON)
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User", lazy="joined")
