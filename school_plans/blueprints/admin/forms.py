from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField
from wtforms.validators import DataRequired, Email

from ...forms import BaseForm, max_length


def _email_field(label):
    return EmailField(label, validators=[
        DataRequired(_l("Enter an email address")),
        max_length(254, _l("Email address")),
        Email(_l("Enter an email address in the correct format, like name@example.com"),
              check_deliverability=False),
    ])


class AccountForm(BaseForm):
    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter their full name")),
                                                    max_length(120, _l("Full name"))])
    is_admin = BooleanField(_l("Site admin"))


class NewAccountForm(AccountForm):
    email = _email_field(_l("Email address"))


class SchoolForm(BaseForm):
    name = StringField(_l("School name"), validators=[DataRequired(_l("Enter the school's name")),
                                                      max_length(160, _l("School name"))])


class DesignatedTeacherForm(BaseForm):
    email = _email_field(_l("Email address of their account"))
