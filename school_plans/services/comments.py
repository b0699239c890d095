"""Comments on a section, in threads: anyone in the network comments and replies."""
from sqlalchemy import select

from ..extensions import db
from ..models import Comment, Section, User
from ..models.types import utcnow
from ..policy import DESIGNATED_TEACHER
from . import audit, notifications


class ThreadResolved(ValueError):
    """A resolved thread takes no more replies."""


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
    people = {c.author_id for c in replies(thread)} | {thread.author_id}
    readers = notifications.members(section.plan, section=section)
    told = [u for u in readers if u.id in people] + notifications.members(section.plan, {DESIGNATED_TEACHER})
    notifications.notify("reply", section.plan, by, told, section=section, target_id=thread.id)
    return answer


def resolve(thread: Comment, by: User) -> None:
    if thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by_id, thread.resolved_by = utcnow(), by.id, by
        audit.record("comment.resolve", user=by, obj=thread, child=thread.section.plan.child)
        db.session.flush()


def replies(thread: Comment) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(Comment.thread_id == thread.id).order_by(Comment.id)))
