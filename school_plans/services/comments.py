"""Comments on a section, in threads: anyone in the network comments and replies."""
from dataclasses import dataclass

from sqlalchemy import insert, select

from .. import policy
from ..extensions import db
from ..models import Comment, Section, User, thread_readers
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


def threads(query, open_only: bool = False, until=None) -> list[Thread]:
    """The threads `query` (a policy.visible_threads() scope) selects, oldest first, with their replies
    (those written by `until`, if given): two queries whatever their number."""
    if open_only:
        query = query.where(Comment.resolved_at.is_(None))
    if until is not None:
        query = query.where(Comment.created_at <= until)
    found = [Thread(first, []) for first in db.session.scalars(query.order_by(Comment.id))]
    by_id = {t.first.id: t for t in found}
    if by_id:
        answers = select(Comment).where(Comment.thread_id.in_(by_id)).order_by(Comment.id)
        if until is not None:
            answers = answers.where(Comment.created_at <= until)
        for answer in db.session.scalars(answers):
            by_id[answer.thread_id].replies.append(answer)
    return found


def for_export(user, reading) -> list[Thread]:
    """The open threads on a reading's sections that `user` (None: everyone) may read; for an agreed
    version, only what was written by the time it was agreed."""
    query = policy.visible_threads(user, reading.plan)
    query = query.where(Comment.section_id.in_([s.id for s in reading.sections]))
    return threads(query, open_only=True, until=reading.agreed.agreed_at if reading.agreed else None)


def add_comment(section: Section, by: User, body: str) -> Comment:
    comment = Comment(plan_id=section.plan_id, section_id=section.id, author_id=by.id, author=by, body=body,
                      audience=section.audience, created_at=utcnow())
    db.session.add(comment)
    db.session.flush()
    named = policy.named_readers(section)
    if named:   # a thread begun for named people stays theirs, whoever is named on the section later
        db.session.execute(insert(thread_readers), [{"comment_id": comment.id, "user_id": u} for u in named])
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
                     author=by, body=body, audience=thread.audience, created_at=utcnow())
    db.session.add(answer)
    db.session.flush()
    audit.record("comment.reply", user=by, obj=answer, child=section.plan.child)
    people = set(db.session.scalars(select(Comment.author_id).where(Comment.thread_id == thread.id)))
    people.add(thread.author_id)
    readers = notifications.members(section.plan, section=section, thread=thread)
    told = [u for u in readers if u.id in people] + notifications.members(section.plan, {DESIGNATED_TEACHER})
    notifications.notify("reply", section.plan, by, told, section=section, target_id=thread.id)
    return answer


def resolve(thread: Comment, by: User) -> None:
    if thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by_id, thread.resolved_by = utcnow(), by.id, by
        audit.record("comment.resolve", user=by, obj=thread, child=thread.section.plan.child)
        db.session.flush()
