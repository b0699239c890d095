import re
from datetime import date, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from ... import text, times
from ...forms import BaseForm, Checkboxes, DateInputField, Radios, Select, VersionedForm, max_length, optional_int
from ...labels import REVIEW_KIND_LABELS, ROLE_LABELS
from ...models import CLA_REVIEW
from ...services.reviews import Details

MAX_NAMED = 30
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def parse_time(value: str) -> time | None:
    """"14:30", "14.30", "9:05", "2pm", "2:30 pm" as a time; None if it is not one."""
    match = _TIME.match(value.strip())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower().replace(".", "")
    if match[2] is None and not half:
        return None   # "14" alone is too easy to mistype
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _recent(field, what):
    if field.data is not None and not date(2000, 1, 1) <= field.data <= date(date.today().year + 5, 12, 31):
        raise ValidationError(_l("%(what)s must be within 5 years from now", what=what))


class ReviewForm(VersionedForm):
    kind = Radios(_l("Type of review"), choices=[SelectChoice(k, v) for k, v in REVIEW_KIND_LABELS.items()],
                  missing=_l("Select the type of review"))
    day = DateInputField(_l("Date"))
    time = StringField(_l("Time"), validators=[max_length(12, _l("Time"))])
    chair = StringField(_l("Who chairs it"), validators=[max_length(160, _l("Who chairs it"))])
    members = Checkboxes(_l("Who is coming from the network"),
                         invalid=_l("Choose attendees from the people in the child's network"))
    named = TextAreaField(_l("Anyone else coming (optional)"))

    def __init__(self, *args, child, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = sorted(child.memberships, key=lambda m: m.user.name.casefold())
        self.members.choices = [SelectChoice(m.user_id, text.sentence(_("%(name)s (%(role)s)"), name=m.user.name,
                                                                      role=ROLE_LABELS[m.role])) for m in people]
        # Someone who came to this review and has since left the network stays on its record.
        members = {m.user_id for m in people}
        self.members.choices += [
            SelectChoice(a.user_id, text.sentence(_("%(name)s (no longer in the network)"), name=a.user.name))
            for a in (review.attendees if review else ()) if a.user is not None and a.user_id not in members]

    def validate_day(self, field):
        if field.data is None:
            raise ValidationError(_l("Enter the date of the review"))
        _recent(field, _l("Date"))

    def validate_time(self, field):
        if not field.data:
            raise ValidationError(_l("Enter the time the review starts"))
        at = parse_time(field.data)
        if at is None:
            # The example is the translators' own: a time as people write it in their language (the parser
            # takes 14:30, 14.30 and 2:30pm alike).
            raise ValidationError(_l("Enter the time like %(example)s", example=_l("14:30 or 2:30pm")))
        if self.day.data is not None and not times.exists(self.day.data, at):
            raise ValidationError(_l("The clocks go forward that night, so %(time)s does not exist on that day: "
                                     "enter another time", time=field.data))

    def validate_chair(self, field):
        if self.kind.data == CLA_REVIEW and not field.data:
            raise ValidationError(_l("Enter the name of the Independent Reviewing Officer who chairs the CLA review"))

    def validate_named(self, field):
        if len(self.named_list()) > MAX_NAMED:
            raise ValidationError(_l("Name at most %(n)d other people", n=MAX_NAMED))
        if any(len(name) > 160 for name in self.named_list()):
            raise ValidationError(_l("Each name must be 160 characters or fewer"))

    def named_list(self) -> list[str]:
        """One name a line: each cleaned as a one-line field is."""
        return [name for name in map(text.clean_line, (self.named.data or "").splitlines()) if name]

    def details(self) -> Details:
        return Details(self.kind.data, times.from_local(self.day.data, parse_time(self.time.data)),
                       self.chair.data or "", list(self.members.data or ()), self.named_list())

    @classmethod
    def of(cls, review):
        """The form filled in from a review, to change it."""
        starts = times.local(review.starts_at)
        return cls(formdata=None, child=review.child, review=review, data={
            "version": review.version, "kind": review.kind, "day": starts.date(),
            "time": starts.strftime("%H:%M"), "chair": review.chair,
            "members": [a.user_id for a in review.attendees if a.user_id],
            "named": "\n".join(a.name for a in review.attendees if not a.user_id)})


class AttachForm(VersionedForm):
    agreed = Radios(_l("Plan version to attach"), coerce=int,
                    missing=_l("Choose an agreed version of one of this child's plans"))

    def __init__(self, *args, versions=(), name=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {v.id: v for v in versions}
        self.agreed.choices = [SelectChoice(v.id, name(v)) for v in versions]


class OutcomeForm(VersionedForm):
    outcome = TextAreaField(_l("Outcome"), validators=[
        DataRequired(_l("Enter what the review decided")), max_length(10_000, _l("Outcome"))])


class ActionForm(BaseForm):
    """An action for someone in the network (chosen: they are told) or for someone outside it (typed)."""

    description = TextAreaField(_l("What"), validators=[
        DataRequired(_l("Enter what needs doing")), max_length(1000, _l("What"))])
    owner_id = Select(_l("Who"), coerce=optional_int, optional=True,
                      missing=_l("Choose someone in this child's network, or someone outside it"))
    owner = StringField(_l("Or someone outside the network"), validators=[max_length(160, _l("Who"))])
    due_date = DateInputField(_l("By when (optional)"))

    def __init__(self, *args, people=(), **kwargs):
        """`people`: the memberships of those an action can be given to."""
        super().__init__(*args, **kwargs)
        self.people = {m.user_id: m.user for m in people}
        self.owner_id.choices = [SelectChoice("", _("Someone outside the network (type who below)")), *(
            SelectChoice(m.user_id, text.sentence(_("%(name)s (%(role)s)"), name=m.user.name,
                                                  role=ROLE_LABELS[m.role])) for m in people)]

    def validate_owner(self, field):
        if self.owner_id.data is None and not field.data:
            raise ValidationError(_l("Choose someone in this child's network, or enter who will do it"))
        if self.owner_id.data is not None and field.data:
            raise ValidationError(_l("Leave this empty when you choose someone in the network, or choose "
                                     "“Someone outside the network”"))

    def validate_due_date(self, field):
        _recent(field, _l("By when"))

    def who(self):
        """The member chosen (a User), else the name typed."""
        return self.people.get(self.owner_id.data) or self.owner.data


class DoneForm(BaseForm):
    done = HiddenField()
