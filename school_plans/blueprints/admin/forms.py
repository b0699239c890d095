from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired

from ...forms import BaseForm, email_field, max_length


class AccountForm(BaseForm):
    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter their full name")),
                                                    max_length(120, _l("Full name"))])
    is_admin = BooleanField(_l("Site admin"))


class NewAccountForm(AccountForm):
    email = email_field(_l("Email address"), _l("Enter an email address"))


class SchoolForm(BaseForm):
    name = StringField(_l("School name"), validators=[DataRequired(_l("Enter the school's name")),
                                                      max_length(160, _l("School name"))])


class DesignatedTeacherForm(BaseForm):
    email = email_field(_l("Email address of their account"), _l("Enter an email address"))
