"""Developmental age by area, beside the child's chronological age on the plan's date."""
from flask_babel import lazy_gettext as _l

from .base import Column
from .rows import RowsKind

AREAS = {
    "emotional": _l("Emotional"),
    "social": _l("Social"),
    "sensory": _l("Sensory"),
    "learning": _l("Learning"),
    "language": _l("Language"),
    "other": _l("Other"),
}


class DevelopmentalAge(RowsKind):
    name = "developmental_age"
    label = _l("Developmental age")
    row_label = _l("Area")
    add_label = _l("Add an area")
    columns = (
        Column("area", _l("Area"), "choice", required=True, choices=AREAS,
               missing=_l("Select the area of development"), weight=1),
        Column("age", _l("Developmental age (years)"), "years", required=True,
               missing=_l("Enter the developmental age in years"), weight=1,
               hint=_l("About how old the child seems in this area, like 4 or 5.5")),
        Column("meaning", _l("What this means in class"), "text", weight=4),
    )

    def intro(self, context) -> str:
        return context["chronological_age_text"]
