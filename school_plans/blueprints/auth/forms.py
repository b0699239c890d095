from flask_babel import lazy_gettext as _l
from pytz import common_timezones_set
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, ValidationError

from ... import passwords
from ...forms import BaseForm, Radios, max_length
from ...i18n import offered
from ...labels import time_zone_choices, time_zone_label


class SignInForm(BaseForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address")),
                                                         max_length(254, _l("Email address"))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])
    next = HiddenField()


class NewPasswordForm(BaseForm):
    """Choosing a password: the rules are length and not being common, nothing else."""

    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password"))])
    password_confirm = PasswordField(_l("Confirm new password"), validators=[
        DataRequired(_l("Enter the new password again")),
        EqualTo("password", _l("The passwords do not match")),
    ])
    email_for_check = ""

    def validate_password(self, field):
        problems = passwords.problems(field.data or "", self.email_for_check)
        if problems:
            raise ValidationError(problems[0])


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password"))])


class JoinForm(NewPasswordForm):
    """A newcomer accepting an invitation: their name and a password."""

    name = StringField(_l("Your full name"), validators=[DataRequired(_l("Enter your full name")),
                                                         max_length(120, _l("Your full name"))])


class LanguageForm(BaseForm):
    """The language the service speaks to this person in: each named in its own language."""

    language = Radios(_l("The language you use the service in"),
                      missing=_l("Select the language to use the service in"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, name) for code, name in offered().items()]


class TimeZoneForm(BaseForm):
    """Where the person is: dates and times are shown and typed on that clock ("" is the service's own)."""

    time_zone = SelectField(_l("Your time zone"), validate_choice=False)

    def __init__(self, *args, default_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Each zone by its name in the reader's language; the code is what is sent and stored.
        self.time_zone.choices = [
            SelectChoice("", _l("The service's time zone (%(zone)s)", zone=time_zone_label(default_zone))),
            *(SelectChoice(zone, label) for zone, label in time_zone_choices(keep=self.time_zone.data))]

    def validate_time_zone(self, field):
        if field.data and field.data not in common_timezones_set:
            raise ValidationError(_l("Select a time zone from the list"))


class InformationEmailsForm(BaseForm):
    how = Radios(_l("Emails about news"), missing=_l("Select how often you get emails about news"),
                 choices=[SelectChoice("daily", _l("Once a day, all the news in one email")),
                          SelectChoice("immediate", _l("An email for each piece of news, straight away")),
                          SelectChoice("none", _l("No emails about news: I will look in the app"))])
