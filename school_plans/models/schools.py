"""Schools, and who is a designated teacher at each."""
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow

school_designated_teachers = Table(
    "school_designated_teachers",
    db.metadata,
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class School(db.Model):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    # The local authority the school is in (its virtual school may not be the one that looks after a child).
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authorities.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    authority = relationship("Authority")
    designated_teachers = relationship(
        "User", secondary=school_designated_teachers, order_by="User.name"
    )
