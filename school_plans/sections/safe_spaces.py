"""Safe spaces: where, how the space is used, who goes with the child and what is there."""
from flask_babel import lazy_gettext as _l

from .base import Column
from .rows import RowsKind

USES = {
    "timetabled": _l("Timetabled"),
    "offered": _l("Offered by an adult"),
    "chosen": _l("Chosen by the child"),
}


class SafeSpaces(RowsKind):
    name = "safe_spaces"
    label = _l("Safe spaces")
    row_label = _l("Safe space")
    add_label = _l("Add a safe space")
    columns = (
        Column("place", _l("Place"), "line", required=True, missing=_l("Enter the place")),
        Column("use", _l("How it is used"), "choice", choices=USES,
               missing=_l("Select how the space is used"), weight=1),
        Column("who", _l("Who goes with the child"), "text"),
        Column("what", _l("What is there"), "text"),
    )

    def glance(self, content) -> dict:
        return {"safe_space": [r["place"] for r in content["rows"][:2]]}
