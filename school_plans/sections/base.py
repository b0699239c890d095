"""What every section kind provides, and the fields its rows are made of."""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from .. import text
from ..forms import VersionedForm

MAX_FIELD = 2000   # characters in one field of a row
MAX_TEXT = 20000   # characters in a text section


class ContentError(ValueError):
    """Content (from a template or a caller) that does not fit its kind. English: for template authors."""


@dataclass(frozen=True)
class Column:
    """One field of a row: a line, a longer text, a choice of codes, or a number of years."""

    key: str
    label: object
    type: str = "text"          # "line", "text", "choice" or "years"
    required: bool = False
    choices: dict = field(default_factory=dict)   # code -> label, for "choice"
    missing: object = None      # the message when a required field is empty
    hint: object = None
    weight: int = 2             # its share of a table's width

    def check(self, value, where: str):
        """The stored value for `value` from a template or caller; ContentError if it does not fit."""
        if value is None or value == "":
            if self.required:
                raise ContentError(f"{where}: '{self.key}' is required")
            return None if self.type == "years" else ""
        if self.type == "years":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.5 <= value <= 25:
                raise ContentError(f"{where}: '{self.key}' must be a number of years from 0.5 to 25")
            return float(value)
        if not isinstance(value, str):
            raise ContentError(f"{where}: '{self.key}' must be text")
        if self.type == "choice" and value not in self.choices:
            raise ContentError(f"{where}: '{self.key}' must be one of {', '.join(self.choices)}")
        if len(value) > MAX_FIELD:
            raise ContentError(f"{where}: '{self.key}' is longer than {MAX_FIELD} characters")
        return text.clean_line(value) if self.type == "line" else text.clean(value)


class SectionForm(VersionedForm):
    """Every section form carries the version it was read at: a stale save is caught."""


class Kind:
    """A section kind. Subclasses set `name`, `label` and implement the content methods."""

    name: str
    label: object
    has_rows = False

    def empty(self) -> dict:
        raise NotImplementedError

    def check(self, content) -> dict:
        """Stored content for `content` (from a template, the demo or a caller), or ContentError."""
        raise NotImplementedError

    def check_suggestion(self, suggestion, where: str):
        """A template's suggested entry, checked; ContentError if it does not fit the kind."""
        raise NotImplementedError

    def map_text(self, suggestion, change):
        """`suggestion` with `change` applied to each of its words (never to its codes or numbers):
        how a template's suggestions are extracted for translation and shown translated."""
        raise NotImplementedError

    def add_suggestions(self, draft: dict, suggestions: list) -> dict:
        """`draft` (what is in the form) with the suggestions added where they are not already."""
        raise NotImplementedError

    def is_empty(self, content) -> bool:
        raise NotImplementedError

    def describe(self, suggestion) -> str:
        """A suggestion in words, to choose it by."""
        raise NotImplementedError

    def form(self, content=None, version=None, formdata=None) -> SectionForm:
        """The edit form: from what was posted, or filled from stored content."""
        raise NotImplementedError

    def draft(self, form) -> dict:
        """What the form holds now, as typed (before checking): `form(draft)` draws it again."""
        raise NotImplementedError

    def content(self, form) -> dict:
        """The content to store from a form that validated."""
        raise NotImplementedError

    def apply(self, action: str, draft: dict) -> dict | None:
        """Change the draft for a button other than save/suggest; None if the action is unknown."""
        return None

    def too_big(self, draft: dict) -> str | None:
        """Why `draft` cannot be shown or saved (too many rows), or None."""
        return None

    def rework(self, form, action: str, chosen: list):
        """The form again after a button other than Save (add suggestions, add, move or remove
        a row), keeping everything typed; returns (form, a note saying what happened)."""
        if action == "suggest":
            if not chosen:
                return form, _("Select at least one suggestion to add.")
            draft = self.add_suggestions(self.draft(form), chosen)
            note = _("Suggestions added below. Check them, change anything you need, then save.")
        else:
            draft = self.apply(action, self.draft(form))
            note = _("Not saved yet: select “Save” to keep your changes.")
        if draft is None:
            return form, None
        if problem := self.too_big(draft):
            return form, problem
        return self.form(draft, form.version.data), note

    def intro(self, context) -> str | None:
        """A line shown above the content (on the page, in the form, in Word): e.g. the child's age."""
        return None

    def glance(self, content) -> dict:
        """What this section puts in the plan's "at a glance" box: {item: [text, ...]}."""
        return {}

    def write_docx(self, writer, content, context) -> None:
        raise NotImplementedError

    def compare(self, old: dict, new: dict) -> list:
        """Blocks to show two versions side by side: TextChange and RowsChange objects from compare.py."""
        raise NotImplementedError

    @property
    def template(self) -> str:
        """How the section shows on the plan page (given `kind`, `content` and `context`)."""
        return f"sections/{self.name}.html"

    @property
    def form_template(self) -> str:
        """The section's fields inside the edit form (given `kind` and `form`)."""
        return f"sections/{self.name}_form.html"

