from datetime import date

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage
from wtforms import FileField, HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from ... import audiences, i18n
from ...forms import BaseForm, Checkboxes, DateInputField, Radios, Select, email_field, max_length, optional_int
from ...labels import CARE_STATUS_LABELS, ROLE_LABELS, year_group_label
from ...models import YEAR_GROUPS
from ...services import story


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class ChildForm(BaseForm):
    preferred_name = StringField(
        _l("Preferred name"),
        validators=[DataRequired(_l("Enter the name the child likes to be called")),
                    max_length(80, _l("Preferred name"))],
    )
    legal_name = StringField(_l("Legal name (optional)"), validators=[Optional(),
                                                                     max_length(160, _l("Legal name"))])
    date_of_birth = DateInputField(_l("Date of birth"))
    year_group = Select(_l("Year group"), coerce=optional_int, missing=_l("Select the child's year group"))
    school_id = Select(_l("School"), coerce=optional_int, missing=_l("Select the school"))
    care_status = Radios(_l("Care status"), choices=_choices(CARE_STATUS_LABELS),
                         missing=_l("Select the child's care status"))
    responsible_authority_id = Select(_l("Responsible authority (optional)"), coerce=optional_int, optional=True,
                                      missing=_l("Select the local authority that looks after the child"))
    came_into_care_on = DateInputField(_l("When the child came into care (optional)"))
    joined_school_on = DateInputField(_l("When the child joined this school (optional)"))

    def __init__(self, *args, schools=(), authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.responsible_authority_id.choices = [SelectChoice("", _l("Not set")),
                                                 *(SelectChoice(a.id, a.name) for a in authorities)]
        self.year_group.choices = [SelectChoice("", _l("Select a year group")),
                                   *(SelectChoice(code, year_group_label(code)) for code in YEAR_GROUPS)]
        self.schools = {school.id: school for school in schools}
        if len(self.schools) > 1:
            self.school_id.choices = [SelectChoice("", _l("Select a school")),
                                      *(SelectChoice(s.id, s.name) for s in schools)]
        else:
            del self.school_id

    def school(self):
        """The school chosen (or the only one offered)."""
        if len(self.schools) == 1:
            return next(iter(self.schools.values()))
        return self.schools[self.school_id.data]

    def validate_date_of_birth(self, field):
        if field.data is None:
            raise ValidationError(_l("Enter the child's date of birth"))
        today = date.today()
        if field.data > today:
            raise ValidationError(_l("Date of birth must be in the past"))
        if today.year - field.data.year > 25:
            raise ValidationError(_l("Date of birth must be within the last 25 years"))

    def _not_future(self, field, what):
        if field.data is not None and field.data > date.today():
            raise ValidationError(_l("%(what)s must be today or in the past", what=what))
        if field.data is not None and self.date_of_birth.data and field.data < self.date_of_birth.data:
            raise ValidationError(_l("%(what)s must be after the child's date of birth", what=what))

    def validate_came_into_care_on(self, field):
        self._not_future(field, _l("When the child came into care"))

    def validate_joined_school_on(self, field):
        self._not_future(field, _l("When the child joined this school"))

    def child_fields(self) -> dict:
        return {
            "responsible_authority_id": self.responsible_authority_id.data,
            "came_into_care_on": self.came_into_care_on.data,
            "joined_school_on": self.joined_school_on.data,
            "preferred_name": self.preferred_name.data,
            "legal_name": self.legal_name.data or None,
            "date_of_birth": self.date_of_birth.data,
            "year_group": self.year_group.data,
            "care_status": self.care_status.data,
        }


class PhotoForm(BaseForm):
    photo = FileField(_l("Photo"))

    def validate_photo(self, field):
        if not isinstance(field.data, FileStorage) or not field.data.filename:
            raise ValidationError(_l("Choose a photo"))

    def content(self) -> bytes:
        """The file's bytes; its temporary file (a large upload is kept on disk) closed."""
        with self.photo.data.stream as stream:
            return stream.read()


class InviteForm(BaseForm):
    email = email_field(_l("Email address"), _l("Enter the email address of the person you are inviting"))
    role = Radios(_l("Their role in the network"), choices=_choices(ROLE_LABELS),
                  missing=_l("Select their role in the network"))
    language = Radios(_l("Language of the email"), missing=_l("Select the language of the email"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = _choices(i18n.offered())
        if self.language.data is None:
            self.language.data = i18n.language_code()


class RoleForm(BaseForm):
    role = Select(_l("Role"), choices=_choices(ROLE_LABELS), missing=_l("Select a role"))


MAX_WISHES = 2000


class WishesForm(BaseForm):
    wishes = TextAreaField(_l("The child's wishes, in their own words"), validators=[
        max_length(MAX_WISHES, _l("The child's wishes"))])
    seen = HiddenField()   # the wishes it was shown (story.wishes_seen): a change meanwhile is caught


class CareStatusAudienceForm(BaseForm):
    audience = Radios(_l("Who in the network knows the child's care status and history"),
                      choices=_choices({k: audiences.LABELS[k] for k in story.CARE_STATUS_AUDIENCES}),
                      missing=_l("Select who knows the child's care status"))


class CoreTeamForm(BaseForm):
    members = Checkboxes(_l("School staff in the core team"), invalid=_l("Select school staff in the network"))

    def __init__(self, *args, child=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = sorted((m for m in child.memberships if m.role == "school_staff"), key=lambda m: m.user.name.casefold())
        self.members.choices = [SelectChoice(m.user_id, m.user.name) for m in staff]


class VirtualSchoolForm(BaseForm):
    welcome = Radios(_l("May the virtual school be in the child's network?"),
                     choices=_choices({"yes": _l("Yes, the virtual school can be in the network"),
                                       "no": _l("No, keep the virtual school out of the network")}),
                     missing=_l("Select whether the virtual school may be in the network"))
