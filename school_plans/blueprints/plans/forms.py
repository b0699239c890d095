from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import BooleanField, Form, HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from ... import audiences, card, text
from ...forms import BaseForm, Checkboxes, DateInputField, Radios, VersionedForm, max_length
from ...labels import RATING_LABELS, ROLE_LABELS, VERDICT_LABELS
from ...models import NAMED, NEEDS_CHANGES
from ...plan_templates import translated
from ...policy import DESIGNATED_TEACHER


class StartPlanForm(BaseForm):
    template = Radios(_l("Template"), missing=_l("Select the template to start from"))
    another = BooleanField(_l("Yes, start another plan"))

    def __init__(self, *args, templates=(), in_use=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {t.key: t for t in templates}
        self.template.choices = sorted((SelectChoice(t.key, translated(t.title)) for t in templates),
                                       key=lambda choice: choice.label)
        self.in_use = list(in_use)

    def validate_another(self, field):
        """A second plan in use is usually a mistake: the person says they mean it."""
        if self.in_use and not field.data:
            raise ValidationError(_l("Confirm that you want another plan, or go back and change the one in use"))


class PlanDetailsForm(BaseForm):
    title = StringField(_l("Title of the plan"), validators=[
        DataRequired(_l("Enter a title for the plan")), max_length(160, _l("Title of the plan"))])
    plan_date = DateInputField(_l("Date of the plan"))
    review_date = DateInputField(_l("Review date (optional)"))

    def validate_plan_date(self, field):
        if field.data is None:
            raise ValidationError(_l("Enter the date of the plan"))
        if field.data.year < 2000 or field.data > date(date.today().year + 1, 12, 31):
            raise ValidationError(_l("Date of the plan must be a recent date"))

    def validate_review_date(self, field):
        if field.data is None or self.plan_date.data is None:
            return
        if field.data < self.plan_date.data:
            raise ValidationError(_l("Review date must be on or after the date of the plan"))
        if field.data.year > self.plan_date.data.year + 3:
            raise ValidationError(_l("Review date must be within 3 years of the date of the plan"))


class AudienceForm(BaseForm):
    """Who reads a section: one of the audiences, and for named people, who (from the child's network)."""

    audience = Radios(_l("Who can read this section"), missing=_l("Select who can read this section"),
                      choices=[SelectChoice(k, v) for k, v in audiences.LABELS.items()])
    named = Checkboxes(_l("Named people who can read it"),
                       invalid=_l("Select people who are in the child's network"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.named.choices = [SelectChoice(m.user_id, text.sentence(_("%(name)s (%(role)s)"), name=m.user.name,
                                                                     role=ROLE_LABELS[m.role]))
                              for m in sorted(members, key=lambda m: m.user.name.casefold())
                              if m.role != DESIGNATED_TEACHER]

    def validate_named(self, field):
        if self.audience.data == NAMED and not field.data:
            raise ValidationError(_l("Select who can read this section, or choose another audience"))

    def chosen(self) -> tuple[str, frozenset[int]]:
        return self.audience.data, frozenset(self.named.data or ()) if self.audience.data == NAMED else frozenset()


MAX_COMMENT = 5000


class CommentForm(BaseForm):
    body = TextAreaField(_l("Comment"), validators=[
        DataRequired(_l("Enter your comment")), max_length(MAX_COMMENT, _l("Comment"))])


class ReplyForm(BaseForm):
    body = TextAreaField(_l("Reply"), validators=[
        DataRequired(_l("Enter your reply")), max_length(MAX_COMMENT, _l("Reply"))])


class SuggestionNoteForm(BaseForm):
    note = TextAreaField(_l("Why are you suggesting this? (optional)"), validators=[
        max_length(MAX_COMMENT, _l("Why are you suggesting this?"))])


class DeclineForm(BaseForm):
    reason = TextAreaField(_l("Why are you declining it?"), validators=[
        DataRequired(_l("Enter a reason: the parent or carer will see it")),
        max_length(MAX_COMMENT, _l("Reason"))])


class AgreeForm(BaseForm):
    seen = HiddenField()


class QualityForm(VersionedForm):
    """The virtual school's review of the agreed plan: a verdict, a rating, and a reason when it needs changes;
    `version`: the agreed version the adviser read."""

    verdict = Radios(_l("Does the agreed plan meet the standard?"),
                     missing=_l("Select whether the plan meets the standard or needs changes"),
                     choices=[SelectChoice(k, v) for k, v in VERDICT_LABELS.items()])
    rating = Radios(_l("Rating"), missing=_l("Select a rating: green, amber or red"),
                    choices=[SelectChoice(k, v) for k, v in RATING_LABELS.items()])
    reason = TextAreaField(_l("Reason"), validators=[max_length(MAX_COMMENT, _l("Reason"))])

    def validate_reason(self, field):
        if self.verdict.data == NEEDS_CHANGES and not (field.data or "").strip():
            raise ValidationError(_l("Enter what needs to change: the designated teacher will read it"))


class CompareForm(Form):
    """Which two versions to compare (a GET form: nothing changes); `versions` maps number -> name."""

    old = StringField()
    new = StringField()

    def __init__(self, formdata, versions: dict, default_old, default_new):
        super().__init__(formdata=formdata, old=default_old and str(default_old), new=default_new and str(default_new))
        self.versions = versions

    def chosen(self) -> tuple[int, int] | None:
        """The two version numbers, or None if either is not one of the versions."""
        try:
            old, new = int(self.old.data), int(self.new.data)
        except (TypeError, ValueError):
            return None
        return (old, new) if old in self.versions and new in self.versions else None


class _CardForm(BaseForm):
    groups: dict = {}

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for name in self.groups:
            field, limit = self[name], card.LIMITS[name]
            if field.errors:
                continue
            if not field.data:
                field.errors.append(_("Choose at least one"))
            elif len(field.data) > limit:
                field.errors.append(ngettext("Choose at most %(num)d", "Choose at most %(num)d", limit))
            valid = valid and not field.errors
        return valid

    def choices(self) -> dict:
        return {name: [item.key for item in items if card.item_id(item) in self[name].data]
                for name, items in self.groups.items()}


def card_form(groups: dict, shown: dict, formdata=None) -> _CardForm:
    """Which items the one-page card shows, for each of `groups` (the plan has more of them than fit: at most
    the limit each); ticked as `shown` now."""
    changed = _l("The plan changed while you were choosing: choose again from what it holds now")
    cls = type("CardForm", (_CardForm,), {name: Checkboxes(card.GROUPS[name], invalid=changed, coerce=str)
                                          for name in groups})   # each item by card.item_id()
    form = cls(formdata=formdata, data={name: [card.item_id(i) for i in shown[name]] for name in groups})
    form.groups = groups
    for name, items in groups.items():
        form[name].choices = [SelectChoice(card.item_id(item), item.lines[0].value) for item in items]
        form[name].option_hints = {card.item_id(item): card.item_details(item) for item in items}
    return form
