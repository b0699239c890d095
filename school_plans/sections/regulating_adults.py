"""The adults who help the child regulate: the key adult, a back-up adult and others."""
from flask_babel import lazy_gettext as _l

from .base import Column
from .rows import RowsKind

ROLES = {"key_adult": _l("Key adult"), "backup_adult": _l("Back-up adult"), "other": _l("Other")}


class RegulatingAdults(RowsKind):
    name = "regulating_adults"
    label = _l("Regulating adults")
    row_label = _l("Adult")
    add_label = _l("Add an adult")
    columns = (
        Column("name", _l("Name"), "line", required=True, missing=_l("Enter the adult's name")),
        Column("role", _l("Role in the plan"), "choice", required=True, choices=ROLES,
               missing=_l("Select the adult's role in the plan"), weight=1),
        Column("available", _l("When available"), "text"),
        Column("how_helps", _l("How they help the child regulate"), "text", weight=3),
        Column("contact", _l("How to reach them"), "text"),
    )

    def glance(self, content) -> dict:
        def who(role):
            return [" – ".join(filter(None, (r["name"], r["contact"]))) for r in content["rows"] if r["role"] == role]
        return {"key_adult": who("key_adult"), "backup_adult": who("backup_adult")}
