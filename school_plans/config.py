"""Settings read from the environment; tests pass a mapping instead."""
import os
import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import database, terms

DEVELOPMENT = "development"
BUILT_IN_TEMPLATES = Path(__file__).resolve().parent.parent / "plan_templates"


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "school_plans.db")
    # Hosting platforms often hand out plain postgres:// URLs; we use psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _flag(name: str, default: bool) -> bool:
    """An on/off setting: 0, false, no and off (in any case) are off; unset or empty is the default."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")


def _development_secret(instance_path: str) -> str:
    """Generate a secret once and keep it in the instance folder."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load(app, overrides=None) -> None:
    """Fill app.config from the environment, then from `overrides` (tests)."""
    overrides = dict(overrides or {})
    env = overrides.get("ENV_NAME") or os.environ.get("SCHOOL_PLANS_ENV", "production")
    development = env == DEVELOPMENT
    app.config.update(
        ENV_NAME=env,
        SQLALCHEMY_DATABASE_URI=_database_url(app.instance_path),
        MAX_CONTENT_LENGTH=int(os.environ.get("MAX_CONTENT_LENGTH", 512 * 1024)),
        SESSION_COOKIE_NAME="school_plans_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not development,
        # Sessions live server-side (see services/sessions.py); idle ones end.
        SESSION_IDLE_TIMEOUT=timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", 8 * 60))),
        # A token tied to the session, not to the clock: a long draft is never refused.
        WTF_CSRF_TIME_LIMIT=None,
        INVITATION_DAYS=int(os.environ.get("INVITATION_DAYS", 7)),
        PASSWORD_LINK_HOURS=int(os.environ.get("PASSWORD_LINK_HOURS", 48)),
        # Language code -> the locale that formats dates and numbers (British English).
        LANGUAGES={"en": "en_GB", "cy": "cy", "pl": "pl", "ar": "ar"},
        BABEL_DEFAULT_LOCALE="en_GB",
        BABEL_DEFAULT_TIMEZONE=os.environ.get("TIME_ZONE", "").strip() or "Europe/London",
        # When each school term starts (terms.py): autumn, spring, summer as month-day; summer may be "easter".
        SCHOOL_TERM_STARTS=os.environ.get("SCHOOL_TERM_STARTS", "").strip() or terms.DEFAULT_STARTS,
        TRUST_PROXY_HOPS=int(os.environ.get("TRUST_PROXY_HOPS", 0)),
        PLAN_TEMPLATES_DIR=os.environ.get("PLAN_TEMPLATES_DIR") or str(BUILT_IN_TEMPLATES),
        # How many rendered sections each worker keeps (section_html.py): a few KB each.
        SECTION_HTML_COPIES=int(os.environ.get("SECTION_HTML_COPIES", 2000)),
        # Email, sent by `flask send-mail` (services/mail.py). Without SMTP_HOST, development prints it.
        MAIL_FROM=os.environ.get("MAIL_FROM") or "school-plans <no-reply@localhost>",
        SMTP_HOST=os.environ.get("SMTP_HOST", "").strip(),
        SMTP_PORT=int(os.environ.get("SMTP_PORT", 587)),
        SMTP_USERNAME=os.environ.get("SMTP_USERNAME", ""),
        SMTP_PASSWORD=os.environ.get("SMTP_PASSWORD", ""),
        SMTP_STARTTLS=_flag("SMTP_STARTTLS", True),
        SMTP_SSL=_flag("SMTP_SSL", False),
        SMTP_TIMEOUT=int(os.environ.get("SMTP_TIMEOUT", 30)),
        # The address links in emails point to; unset, the port `flask run` serves on.
        APP_URL=(os.environ.get("APP_URL")
                 or f"http://localhost:{os.environ.get('FLASK_RUN_PORT') or 5000}").rstrip("/"),
    )
    secret = overrides.get("SECRET_KEY") or os.environ.get("SECRET_KEY")
    if not secret:
        if not development:
            raise RuntimeError(
                "SECRET_KEY is not set. Set it in the environment, or set "
                "SCHOOL_PLANS_ENV=development to use a generated one."
            )
        secret = _development_secret(app.instance_path)
    app.config["SECRET_KEY"] = secret
    app.config.update(overrides)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", database.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    _check_settings(app.config)


def _check_settings(config) -> None:
    """Settings that are read later are checked now: a mistake stops the app starting, with its reason."""
    try:
        ZoneInfo(config["BABEL_DEFAULT_TIMEZONE"])
    except (ValueError, ZoneInfoNotFoundError):
        raise RuntimeError(f"TIME_ZONE {config['BABEL_DEFAULT_TIMEZONE']!r} is not a time zone like Europe/London")
    if isinstance(config["SCHOOL_TERM_STARTS"], str):
        try:
            config["SCHOOL_TERM_STARTS"] = terms.parse_starts(config["SCHOOL_TERM_STARTS"])
        except ValueError as error:
            raise RuntimeError(str(error)) from None
