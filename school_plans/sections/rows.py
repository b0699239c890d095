"""Kinds whose content is a list of rows (a table): triggers, adults, safe spaces, developmental ages.

Rows are added, moved and removed with buttons in the one form, so it all works without
JavaScript and nothing typed is lost; only "Save" stores the section.
"""
import re

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..compare import compare_rows
from ..forms import SubForm
from .base import MAX_FIELD, Column, ContentError, Kind, SectionForm

_ACTION = re.compile(r"(remove|up|down)-(\d{1,4})")
MAX_ROWS = 100
LONG_TABLE = 5   # a form with more rows than this offers Save above its rows too


def _years(value: str) -> float | None:
    """Years as typed: 5.5, 5,5 (Polish, Welsh) or ٥٫٥ (Arabic digits and decimal separator)."""
    try:
        years = float(value.replace(",", ".").replace("\u066b", "."))
    except ValueError:
        return None
    return years if 0.5 <= years <= 25 else None


def format_years(value) -> str:
    return format_decimal(value, "0.#") if value is not None else ""


class RowForm(SubForm):
    """One row. A row left completely blank is dropped on save, not an error."""

    columns: tuple[Column, ...] = ()

    def is_blank(self) -> bool:
        return all(not (f.data or "").strip() for f in self)

    def validate(self, extra_validators=None) -> bool:
        for f in self:
            f.errors = []
        if self.is_blank():
            return True
        for column in self.columns:
            field = self[column.key]
            value = (field.data or "").strip()
            if not value:
                if column.required:
                    field.errors = [column.missing]
            elif len(value) > MAX_FIELD:
                field.errors = [_l("%(what)s must be %(n)d characters or fewer", what=column.label, n=MAX_FIELD)]
            elif column.type == "choice" and value not in column.choices:
                field.errors = [column.missing]
            elif column.type == "years" and _years(value) is None:
                field.errors = [_l("Enter the age as a number of years from 0.5 to 25, like 4 or 5.5")]
        return not any(f.errors for f in self)


class RowsForm(SectionForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if len(self.rows.entries) > MAX_ROWS:
            extra = self.rows.entries[MAX_ROWS].form
            first = extra[extra.columns[0].key]
            first.errors = [*first.errors, too_many_rows()]
            return False
        return valid


def too_many_rows() -> str:
    return _("A table can have up to %(n)d rows. Remove some before adding more.", n=MAX_ROWS)


def _row_field(column: Column):
    if column.type == "choice":
        choices = [SelectChoice("", _l("Select")), *(SelectChoice(k, v) for k, v in column.choices.items())]
        return SelectField(column.label, choices=choices, validate_choice=False)
    if column.type == "text":
        return TextAreaField(column.label)
    return StringField(column.label)


class RowsKind(Kind):
    """Subclasses set `name`, `label`, `columns` and `row_label` (e.g. "Trigger")."""

    has_rows = True
    columns: tuple[Column, ...] = ()
    row_label: object   # "Trigger": each row's legend is "Trigger 1", "Trigger 2"...
    add_label: object   # "Add a trigger"

    def __init__(self):
        row_form = type(f"{type(self).__name__}RowForm", (RowForm,),
                        {"columns": self.columns, **{c.key: _row_field(c) for c in self.columns}})
        # One row more than allowed is read, so that a post with too many rows gets a message.
        self.form_class = type(f"{type(self).__name__}Form", (RowsForm,),
                               {"rows": FieldList(FormField(row_form), max_entries=MAX_ROWS + 1)})

    template = "sections/rows.html"
    form_template = "sections/rows_form.html"
    long_table = LONG_TABLE

    # --- content ---------------------------------------------------------------
    def empty(self) -> dict:
        return {"rows": []}

    def _check_row(self, row, where: str) -> dict:
        if not isinstance(row, dict):
            raise ContentError(f"{where}: each entry must be a table of {', '.join(c.key for c in self.columns)}")
        unknown = set(row) - {c.key for c in self.columns}
        if unknown:
            raise ContentError(f"{where}: unknown field(s) {', '.join(sorted(unknown))} for kind '{self.name}'")
        return {c.key: c.check(row.get(c.key), where) for c in self.columns}

    def check(self, content) -> dict:
        rows = content.get("rows") if isinstance(content, dict) else None
        if not isinstance(rows, list) or len(rows) > MAX_ROWS:
            raise ContentError(f"{self.name} content must be {{'rows': [...]}} with at most {MAX_ROWS} rows")
        return {"rows": [self._check_row(row, f"row {i + 1}") for i, row in enumerate(rows)]}

    def check_suggestion(self, suggestion, where: str):
        return self._check_row(suggestion, where)

    def is_empty(self, content) -> bool:
        return not content.get("rows")

    def map_text(self, suggestion, change):
        words = {c.key for c in self.columns if c.type in ("line", "text")}
        return {key: change(value) if key in words and value else value for key, value in suggestion.items()}

    def describe(self, suggestion) -> str:
        return "\n".join(f"{c.label}: {self.cell(c, suggestion)}" for c in self.columns if suggestion.get(c.key))

    # --- the form --------------------------------------------------------------
    def _as_text(self, row: dict) -> dict:
        """A stored row (or a draft one, already text) as the form's strings."""
        values = {}
        for column in self.columns:
            value = row.get(column.key)
            if not isinstance(value, str):
                value = format_years(value) if column.type == "years" else ""
            values[column.key] = value
        return values

    def form(self, content=None, version=None, formdata=None):
        if formdata is not None:
            return self.form_class(formdata=formdata)
        rows = [self._as_text(row) for row in (content or self.empty())["rows"]]
        return self.form_class(formdata=None, data={"rows": rows or [{}], "version": version})

    def draft(self, form) -> dict:
        return {"rows": [{c.key: entry.form[c.key].data or "" for c in self.columns} for entry in form.rows]}

    def content(self, form) -> dict:
        rows = []
        for entry in form.rows:
            if entry.form.is_blank():
                continue
            row = {}
            for c in self.columns:
                value = (entry.form[c.key].data or "").strip()
                row[c.key] = _years(value) if c.type == "years" else value
            rows.append(row)
        return {"rows": rows}

    def apply(self, action: str, draft: dict) -> dict | None:
        rows = list(draft["rows"])
        if action == "add":
            return {"rows": [*rows, {}]}
        match = _ACTION.fullmatch(action)
        if not match or int(match[2]) >= len(rows):
            return None
        verb, i = match[1], int(match[2])
        if verb == "remove":
            del rows[i]
        elif verb == "up" and i > 0:
            rows[i - 1], rows[i] = rows[i], rows[i - 1]
        elif verb == "down" and i < len(rows) - 1:
            rows[i], rows[i + 1] = rows[i + 1], rows[i]
        return {"rows": rows}

    def too_big(self, draft: dict) -> str | None:
        return too_many_rows() if len(draft["rows"]) > MAX_ROWS else None

    def add_suggestions(self, draft: dict, suggestions: list) -> dict:
        rows = [row for row in draft["rows"] if any((v or "").strip() for v in row.values())]
        present = {tuple(sorted(row.items())) for row in rows}
        for suggestion in suggestions:
            row = self._as_text(suggestion)
            if tuple(sorted(row.items())) not in present:
                rows.append(row)
        return {"rows": rows}

    # --- showing ---------------------------------------------------------------
    def cell(self, column: Column, row: dict) -> str:
        value = row.get(column.key)
        if column.type == "choice":
            return str(column.choices.get(value, "")) if value else ""
        if column.type == "years":
            return format_years(value)
        return value or ""

    def write_docx(self, writer, content, context) -> None:
        headers = [str(c.label) for c in self.columns]
        writer.table(headers, [[self.cell(c, row) for c in self.columns] for row in content["rows"]],
                     weights=[c.weight for c in self.columns])

    def compare(self, old: dict, new: dict) -> list:
        def shown(content):
            return [{c.key: self.cell(c, row) for c in self.columns} for row in content["rows"]]
        return [compare_rows([(c.key, c.label) for c in self.columns], shown(old), shown(new))]
