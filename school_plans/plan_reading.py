"""What one person reads of a plan: their sections, the "at a glance" box, the child's age.

The plan page and the Word export both start here, so they always show the same thing.
Sections come in one query whatever their number.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from . import policy, sections
from .extensions import db
from .models import Plan, Section

GLANCE = {
    "key_adult": _l("Key adult"),
    "backup_adult": _l("Back-up adult"),
    "safe_space": _l("Safe space"),
    "triggers": _l("Main triggers"),
    "helps": _l("What helps most"),
}
GLANCE_ITEMS = 3  # a card, not the whole plan
STATUS_LABELS = {"draft": _l("Draft")}


@dataclass
class PlanReading:
    plan: Plan
    sections: list[Section]
    glance: dict            # GLANCE key -> [text, ...] drawn only from `sections`
    context: dict           # what kinds need to show themselves (the child's age on the plan's date)

    @property
    def child(self):
        return self.plan.child


def age_on(born: date, on: date) -> tuple[int, int]:
    """Whole years and months from `born` to `on`."""
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    months = max(months, 0)
    return months // 12, months % 12


def age_text(born: date, on: date) -> str:
    years, months = age_on(born, on)
    age = _("%(years)s, %(months)s", years=ngettext("%(num)d year", "%(num)d years", years),
            months=ngettext("%(num)d month", "%(num)d months", months))
    return _("Chronological age on %(date)s: %(age)s", date=format_date(on, "long"), age=age)


def context_for(plan: Plan) -> dict:
    """What section kinds need to show themselves for this plan."""
    return {"chronological_age_text": age_text(plan.child.date_of_birth, plan.plan_date)}


def read_plan(user, plan: Plan) -> PlanReading:
    """The plan as `user` may read it; `user=None` is the full view (the export command)."""
    query = policy.all_sections(plan) if user is None else policy.visible_sections(user, plan)
    rows = list(db.session.scalars(query.options(selectinload(Section.updated_by))))
    glance = {key: [] for key in GLANCE}
    for section in rows:
        for key, items in sections.get(section.kind).glance(section.content).items():
            glance[key].extend(item for item in items if item)
    return PlanReading(plan, rows, {key: items[:GLANCE_ITEMS] for key, items in glance.items()},
                       context_for(plan))
