"""Triggers: a situation, the early signs that the child is struggling, and what helps."""
from flask_babel import lazy_gettext as _l

from .base import Column
from .rows import RowsKind


class Triggers(RowsKind):
    name = "triggers"
    label = _l("Triggers")
    row_label = _l("Trigger")
    add_label = _l("Add a trigger")
    columns = (
        Column("trigger", _l("Situation or trigger"), "text", required=True,
               missing=_l("Enter the situation or trigger")),
        Column("signs", _l("Early signs"), "text"),
        Column("helps", _l("What helps"), "text", weight=3),
    )

    def glance(self, content) -> dict:
        rows = content["rows"][:3]
        return {"triggers": [r["trigger"] for r in rows], "helps": [r["helps"] for r in rows if r["helps"]]}
