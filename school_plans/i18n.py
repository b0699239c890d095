"""Languages: Flask-Babel set up with absolute paths and catalogues compiled at start-up.

Each person's language is theirs to choose (User.language); signed out, the browser's
Accept-Language decides. Exports and emails take a language of their own (`in_language`).
"""
from contextlib import contextmanager
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, g, has_request_context, request, session
from flask_babel import force_locale, format_date, format_time, get_locale, get_translations
from markupsafe import Markup

from .extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGE_KEY = "lang"
TRANSLATIONS_KEY = "_translations"   # on flask.g: see translations()


def compile_catalogues(directory: Path = TRANSLATIONS) -> list[Path]:
    """Write each .mo that is missing or older than its .po; returns those written."""
    written = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=po_path.parts[-3])
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue)
        written.append(mo_path)
    return written


# Each language by its own name: the same words in every language, so never translated.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ar": "العربية"}


def offered() -> dict[str, str]:
    """The languages this app offers (LANGUAGES), code -> name: the one list for forms and commands."""
    return {code: LANGUAGE_NAMES.get(code, code) for code in current_app.config["LANGUAGES"]}


def language_tag() -> str:
    """The current locale as a language tag (en-GB, cy, ar) for HTML and Word documents."""
    return str(get_locale()).replace("_", "-")


def language_code() -> str:
    """The current language's code as in LANGUAGES ("en", "cy", "pl", "ar")."""
    current = str(get_locale())
    return next((code for code, locale in current_app.config["LANGUAGES"].items() if locale == current), "en")


def written_in(user) -> Markup:
    """` lang=".." dir=".."` for what `user` wrote, when the language they use the service in is not the page's
    (WCAG 3.1.2: a screen reader then reads it in its own language); nothing when it is, or is not known."""
    code = getattr(user, "language", None)
    locale = current_app.config["LANGUAGES"].get(code) if code else None
    if locale is None or code == language_code():
        return Markup("")
    tag = locale.replace("_", "-")
    return Markup(' lang="%s" dir="%s"') % (tag, direction(tag))


def direction(tag: str | None = None) -> str:
    """"rtl" for a language written right to left (Arabic), else "ltr": the current one, or `tag`'s."""
    return (Locale.parse(tag.replace("-", "_")) if tag else get_locale()).text_direction


def moment(value) -> str:
    """A moment on the reader's clock, the date in full and then the time, joined as the language
    joins them: "3 March 2027, 14:05", "3 marca 2027 14:05", "3 مارس 2027، 14:05"."""
    pattern = str(get_locale().datetime_formats["long"]).replace("'", "")   # quotes mark literal words
    return pattern.replace("{1}", format_date(value, "long")).replace("{0}", format_time(value, "HH:mm"))


def listing(items) -> str:
    """Items one after another, separated as the language separates a list ("a, b", "a، b"); on a page,
    markup among them (isolated names) stays markup and the rest is escaped."""
    items = list(items)
    middle = str(get_locale().list_patterns["standard"]["middle"]).replace("{0}", "").replace("{1}", "")
    if any(hasattr(item, "__html__") for item in items):
        return Markup.escape(middle).join(items)
    return middle.join(str(item) for item in items)


@contextmanager
def in_language(code: str | None):
    """Everything the app writes inside the block (words, dates, numbers) in language `code`; the
    default language for None or a code no longer offered (a person's old choice)."""
    config = current_app.config
    outside = g.pop(TRANSLATIONS_KEY, None) if has_request_context() else None
    try:
        with force_locale(config["LANGUAGES"].get(code or "", config["BABEL_DEFAULT_LOCALE"])):
            yield language_tag()
    finally:
        if has_request_context():
            g.pop(TRANSLATIONS_KEY, None)
            if outside is not None:
                g.setdefault(TRANSLATIONS_KEY, outside)


def in_asked_language():
    """`in_language` for a download: the language it was asked for (?language=pl), else the reader's own."""
    code = request.args.get("language", "")
    return in_language(code if code in current_app.config["LANGUAGES"] else language_code())


def select_locale() -> str:
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    from flask_login import current_user
    languages = current_app.config["LANGUAGES"]
    chosen = getattr(current_user, "language", None)
    if chosen and session.get(LANGUAGE_KEY) != chosen:
        session[LANGUAGE_KEY] = chosen
    # The cookie remembers it for pages that cannot ask the database (the database away).
    chosen = chosen or session.get(LANGUAGE_KEY)
    return languages.get(chosen) or languages[request.accept_languages.best_match(languages) or "en"]


def select_time_zone() -> str | None:
    """The signed-in person's own time zone, if they chose one (else the app's default)."""
    from flask_login import current_user
    return getattr(current_user, "time_zone", None) or None


def init_app(app) -> None:
    compile_catalogues()
    missing = [lang for lang in app.config["LANGUAGES"] if lang != "en"
               and not (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").exists()]
    if missing:
        raise RuntimeError(f"compiled catalogues missing for: {', '.join(missing)}")
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_time_zone,
                   default_translation_directories=str(TRANSLATIONS))
    # The pages' _() and ngettext() (Jinja's i18n, new style as Flask-Babel installs it) ask for the
    # translations once per request and language, not once per string.
    app.jinja_env.install_gettext_callables(gettext=lambda s: translations().ugettext(s),
                                            ngettext=lambda s, p, n: translations().ungettext(s, p, n),
                                            newstyle=True)


def translations():
    """The translations of the language in use, looked up once per request (and per `in_language` block)."""
    if not has_request_context():
        return get_translations()
    found = g.get(TRANSLATIONS_KEY)
    if found is None:
        found = g.setdefault(TRANSLATIONS_KEY, get_translations())
    return found
