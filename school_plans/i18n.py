"""Languages: Flask-Babel set up with absolute paths and catalogues compiled at start-up."""
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_request_context, request
from flask_babel import get_locale

from .extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


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


def language_tag() -> str:
    """The current locale as a language tag (en-GB, cy) for HTML and Word documents."""
    return str(get_locale()).replace("_", "-")


def select_locale() -> str:
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    return languages[request.accept_languages.best_match(languages) or "en"]


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
