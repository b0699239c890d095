"""Comments on a section, in threads: anyone in the network comments and replies."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..models import Comment, Section, User
from ..models.types import utcnow
from ..policy import DESIGNATED_TEACHER
from . import audit, notifications


class ThreadResolved(ValueError):
    """A resolved thread takes no more replies."""


@dataclass
class Thread:
    first: Comment
    replies: list[Comment]

    @property
    def resolved(self) -> bool:
        return self.first.resolved_at is not None


def threads(section_ids, open_only: bool = False) -> list[Thread]:
    """The threads on these sections (the caller passes only sections the reader may see), oldest
    first, with their replies: two queries whatever their number."""
    query = select(Comment).where(Comment.section_id.in_(list(section_ids)), Comment.thread_id.is_(None))
    if open_only:
        query = query.where(Comment.resolved_at.is_(None))
    found = [Thread(first, []) for first in db.session.scalars(query.order_by(Comment.id))]
    by_id = {t.first.id: t for t in found}
    if by_id:
        for answer in db.session.scalars(select(Comment).where(Comment.thread_id.in_(by_id)).order_by(Comment.id)):
            by_id[answer.thread_id].replies.append(answer)
    return found


def add_comment(section: Section, by: User, body: str) -> Comment:
    comment = Comment(plan_id=section.plan_id, section_id=section.id, author_id=by.id, author=by, body=body,
                      created_at=utcnow())
    db.session.add(comment)
    db.session.flush()
    audit.record("comment.add", user=by, obj=comment, child=section.plan.child)
    notifications.notify("comment", section.plan, by, notifications.members(section.plan, section=section),
                         section=section, target_id=comment.id)
    return comment


def reply(thread: Comment, by: User, body: str) -> Comment:
    """A reply, told to the thread's people and the designated teacher."""
    if thread.resolved_at is not None:
        raise ThreadResolved()
    section = thread.section
    answer = Comment(plan_id=thread.plan_id, section_id=thread.section_id, thread_id=thread.id, author_id=by.id,
                     author=by, body=body, created_at=utcnow())
    db.session.add(answer)
    db.session.flush()
    audit.record("comment.reply", user=by, obj=answer, child=section.plan.child)
    people = set(db.session.scalars(select(Comment.author_id).where(Comment.thread_id == thread.id)))
    people.add(thread.author_id)
    readers = notifications.members(section.plan, section=section)
    told = [u for u in readers if u.id in people] + notifications.members(section.plan, {DESIGNATED_TEACHER})
    notifications.notify("reply", section.plan, by, told, section=section, target_id=thread.id)
    return answer


def resolve(thread: Comment, by: User) -> None:
    if thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by_id, thread.resolved_by = utcnow(), by.id, by
        audit.record("comment.resolve", user=by, obj=thread, child=thread.section.plan.child)
        db.session.flush()


def open_counts(section_ids) -> dict[int, int]:
    """Open threads per section, in one query."""
    return dict(db.session.execute(
        select(Comment.section_id, func.count()).where(
            Comment.section_id.in_(list(section_ids)), Comment.thread_id.is_(None), Comment.resolved_at.is_(None))
        .group_by(Comment.section_id)).all())
