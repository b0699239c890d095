"""Translatable labels for the stored codes of roles, care statuses, year groups and time zones."""
import unicodedata
from functools import lru_cache

from babel.core import get_global
from babel.dates import get_timezone_location
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from pytz import common_timezones

ROLE_LABELS = {
    "designated_teacher": _l("Designated teacher"),
    "school_staff": _l("School staff"),
    "parent_carer": _l("Parent or carer"),
    "social_worker": _l("Social worker"),
    "virtual_school": _l("Virtual school"),
}

CARE_STATUS_LABELS = {
    "looked_after": _l("Looked after"),
    "previously_looked_after": _l("Previously looked after"),
    "kinship": _l("Kinship care or special guardianship"),
    "other": _l("Other"),
}


def year_group_label(code: int):
    if code == -1:
        return _l("Nursery")
    if code == 0:
        return _l("Reception")
    return _l("Year %(n)d", n=code)


REVIEW_KIND_LABELS = {
    "cla_review": _l("CLA review"),
    "pep_meeting": _l("PEP meeting"),
    "ehcp_review": _l("EHCP annual review"),
    "other": _l("Other review"),
}

COUNTRY_LABELS = {
    "england": _l("England"),
    "wales": _l("Wales"),
}

STAFF_ROLE_LABELS = {
    "head": _l("Virtual School Head"),
    "adviser": _l("Virtual school adviser"),
}

TERM_LABELS = {
    "autumn": _l("autumn term"),
    "spring": _l("spring term"),
    "summer": _l("summer term"),
}

# The virtual school's review of a plan's quality: its verdict, and its rating in words (never colour alone).
VERDICT_LABELS = {
    "meets": _l("Meets the standard"),
    "needs_changes": _l("Needs changes"),
}

RATING_LABELS = {
    "green": _l("Green: a strong plan"),
    "amber": _l("Amber: some things to improve"),
    "red": _l("Red: important things missing"),
}


# Zones with no country of their own: their code is the name people know them by, in every language.
_ZONES_BY_CODE = ("UTC", "GMT")


def time_zone_label(zone: str) -> str:
    """A time zone as people read it in the current language, by its country and city as Babel names them
    ("United Kingdom Time", "توقيت المملكة المتحدة", "czas: Polska"); UTC and GMT by their code."""
    return _zone_labels(str(get_locale())).get(zone) or zone.replace("_", " ")


def time_zone_choices(keep: str | None = None) -> list[tuple[str, str]]:
    """Every common time zone as (code, label) in the current language, in alphabetical order of the labels.
    Old alias codes (US/Eastern, Canada/Pacific) that name the same place as a zone listed are left out,
    except `keep` (a person's saved choice), which is then shown with its code after its name."""
    locale = str(get_locale())
    labels, shown = _zone_labels(locale), _shown(locale)
    choices = [(zone, labels[zone]) for zone in common_timezones if zone in shown]
    if keep in labels and keep not in shown:
        choices.append((keep, f"{labels[keep]} ({keep})"))
    return sorted(choices, key=lambda choice: _sort_key(choice[1]))


@lru_cache(maxsize=16)
def _zone_labels(locale: str) -> dict[str, str]:
    return {zone: zone if zone in _ZONES_BY_CODE else get_timezone_location(zone, locale=locale)
            for zone in common_timezones}


@lru_cache(maxsize=16)
def _shown(locale: str) -> frozenset[str]:
    """The zones listed: each canonical zone, and an alias only if no canonical zone has its label."""
    labels, aliases = _zone_labels(locale), get_global("zone_aliases")
    canonical = {labels[zone] for zone in common_timezones if zone not in aliases}
    return frozenset(zone for zone in common_timezones
                     if zone not in aliases or zone in _ZONES_BY_CODE or labels[zone] not in canonical)


def _sort_key(label: str) -> str:
    """Alphabetical without regard to case or accents: "Côte d’Ivoire" among the Cs."""
    return "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c)).casefold()
