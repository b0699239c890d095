"""The base form every form uses: user text is sanitised on the way in, here, once."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Email, Length, StopValidation, ValidationError

from . import text


class CleanTextMeta:
    """Binds every text field with the sanitiser as its first filter."""

    def bind_field(self, form, unbound_field, options):
        cls = unbound_field.field_class
        if issubclass(cls, StringField) and not issubclass(cls, PasswordField):
            clean = text.clean if issubclass(cls, TextAreaField) else text.clean_line
            filters = [clean, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, filters=filters, **options)
        return unbound_field.bind(form=form, **options)


class BaseForm(FlaskForm):
    class Meta(CleanTextMeta):
        pass


class SubForm(Form):
    """A group of fields inside a BaseForm (rows of a table): cleaned the same way, no CSRF of its own."""

    class Meta(CleanTextMeta):
        pass


class VersionedForm(BaseForm):
    """A form that carries the version of what it changes: a change to an older version is caught."""

    version = HiddenField()

    def read_version(self) -> int | None:
        """The version the person read; None (always a conflict) if it is missing or absurd."""
        try:
            version = int(self.version.data)
        except (TypeError, ValueError):
            return None
        return version if 0 < version < 2**31 else None


class ConfirmForm(BaseForm):
    """A button that changes something: carries only the CSRF token."""


def max_length(n: int, what):
    """A length check whose message names the field (GOV.UK style)."""
    return Length(max=n, message=_l("%(what)s must be %(n)d characters or fewer", what=what, n=n))


def email_field(label, missing_message):
    return EmailField(label, validators=[
        DataRequired(missing_message),
        max_length(254, _l("Email address")),
        Email(_l("Enter an email address in the correct format, like name@example.com"),
              check_deliverability=False),
    ])


def optional_int(value):
    """The chosen id or code; None for the empty "Select..." option (or anything not a number)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _ChoiceMessage:
    """A choice field that says what to do when nothing (or something unknown) was chosen; `optional`: the
    empty option is a choice too (data None)."""

    def __init__(self, label=None, validators=None, missing=None, optional=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.missing = missing
        self.optional = optional

    def pre_validate(self, form):
        if self.data is None or self.data == "":  # the "Select..." option, or nothing at all
            if self.optional:
                return
            raise StopValidation(self.missing)
        try:
            super().pre_validate(form)
        except ValidationError:
            raise StopValidation(self.missing) from None


class Select(_ChoiceMessage, SelectField):
    pass


class Radios(_ChoiceMessage, RadioField):
    pass


class Checkboxes(SelectMultipleField):
    """Checkboxes for ids (or, with `coerce=str`, other values); one that is not offered (or not a number) is
    refused with `invalid`."""

    def __init__(self, label=None, validators=None, invalid=None, coerce=int, **kwargs):
        super().__init__(label, validators, coerce=coerce, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        self.data = []
        self._bad = False
        for value in valuelist:
            try:
                self.data.append(self.coerce(value))
            except ValueError:
                self._bad = True

    def pre_validate(self, form):
        offered = {choice.value for choice in self.choices}
        if getattr(self, "_bad", False) or any(value not in offered for value in self.data or ()):
            raise StopValidation(self.invalid)


class DateInputField(Field):
    """A date typed as day, month and year boxes (the GOV.UK date input pattern).

    What was typed is kept in `parts` so a mistake never empties the boxes.
    """

    PARTS = ("day", "month", "year")

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parts = dict.fromkeys(self.PARTS, "")
        self._problem = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.data = None if data is unset_value else data
        self.object_data = self.data
        if isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        if formdata is None or not any(f"{self.name}-{p}" in formdata for p in self.PARTS):
            return
        self.parts = {p: text.clean_line(formdata.get(f"{self.name}-{p}", ""))[:8] for p in self.PARTS}
        self.data, self._problem = self._parse()

    def _parse(self):
        missing = [p for p in self.PARTS if not self.parts[p]]
        if len(missing) == 3:
            return None, None
        if missing:
            names = {"day": _l("a day"), "month": _l("a month"), "year": _l("a year")}
            return None, _l("%(label)s must include %(part)s", label=self.label.text, part=names[missing[0]])
        try:
            day, month, year = (int(self.parts[p]) for p in self.PARTS)
            if year < 1000:
                raise ValueError
            return date(year, month, day), None
        except ValueError:
            return None, _l("%(label)s must be a real date", label=self.label.text)

    def pre_validate(self, form):
        if self._problem:
            raise StopValidation(self._problem)


def first_typed_field(fields):
    """The first field a person types in, rows of tables included: where an error about the whole form
    is shown and the error summary links to."""
    for field in fields:
        if isinstance(field, (FieldList, FormField)):
            found = first_typed_field(field)
            if found is not None:
                return found
        elif not isinstance(field, HiddenField):   # the CSRF token is one too
            return field
    return None


def error_links(fields):
    """(id to link to, message) for each error, in the form's order, rows of tables included."""
    for field in fields:
        if isinstance(field, (FieldList, FormField)):
            yield from error_links(field)
            continue
        suffix = ("-day" if isinstance(field, DateInputField)
                  else "-0" if isinstance(field, (RadioField, SelectMultipleField)) and field.choices else "")
        anchor = field.id + suffix
        for error in field.errors:
            yield anchor, error
