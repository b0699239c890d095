from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from ...forms import BaseForm, Radios, Select, email_field, max_length, optional_int
from ...labels import COUNTRY_LABELS, STAFF_ROLE_LABELS


class AccountForm(BaseForm):
    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter their full name")),
                                                    max_length(120, _l("Full name"))])
    is_admin = BooleanField(_l("Site admin"))


class NewAccountForm(AccountForm):
    email = email_field(_l("Email address"), _l("Enter an email address"))


class SchoolForm(BaseForm):
    name = StringField(_l("School name"), validators=[DataRequired(_l("Enter the school's name")),
                                                      max_length(160, _l("School name"))])
    authority_id = Select(_l("Local authority"), coerce=optional_int, optional=True,
                          missing=_l("Select the local authority the school is in"))

    def __init__(self, *args, authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities = {authority.id: authority for authority in authorities}
        self.authority_id.choices = [SelectChoice("", _l("Not set")),
                                     *(SelectChoice(a.id, a.name) for a in authorities)]

    def authority(self):
        return self.authorities.get(self.authority_id.data)


class AuthorityForm(BaseForm):
    name = StringField(_l("Name of the local authority"), validators=[
        DataRequired(_l("Enter the local authority's name")), max_length(160, _l("Name of the local authority"))])
    country = Radios(_l("Country"), choices=[SelectChoice(k, v) for k, v in COUNTRY_LABELS.items()],
                     missing=_l("Select England or Wales"))


class StaffForm(BaseForm):
    email = email_field(_l("Email address of their account"), _l("Enter an email address"))
    role = Radios(_l("Their role in the virtual school"),
                  choices=[SelectChoice(k, v) for k, v in STAFF_ROLE_LABELS.items()],
                  missing=_l("Select their role in the virtual school"))


class DesignatedTeacherForm(BaseForm):
    email = email_field(_l("Email address of their account"), _l("Enter an email address"))
