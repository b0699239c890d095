"""school-plans: a child's network writes one attachment-aware school support plan together."""
import logging
import re
from pathlib import Path

import flask
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from . import config


def create_app(overrides=None) -> Flask:
    """Make the app. `overrides` is a mapping of settings (tests use it)."""
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = Request
    config.load(app, overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["TRUST_PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUST_PROXY_HOPS"],
                                x_proto=app.config["TRUST_PROXY_HOPS"])
    register_logging()
    app.url_map.converters["id"] = IdConverter
    register_extensions(app)
    register_blueprints(app)
    from . import cli, errors, web

    web.register(app)
    errors.register(app)
    cli.register(app)
    return app


class Request(flask.Request):
    """A request: a photo for the card may come straight from a phone, larger than anything else anyone sends
    (MAX_CONTENT_LENGTH)."""

    @property
    def max_content_length(self) -> int | None:
        from .services.photos import LARGEST_UPLOAD

        return LARGEST_UPLOAD if self.endpoint == "children.edit_photo" else super().max_content_length


class IdConverter(IntegerConverter):
    """A database id in a URL: anything out of range is simply not found (not a 500)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


class HideLinkTokens(logging.Filter):
    """The development server logs each request's path: an invitation or password link's token
    in it is replaced by "…", so no log holds a working link."""

    PATTERN = re.compile(r"(/(?:invitations|password)/)[^\s/?\"]+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.PATTERN.search(message):
            record.msg, record.args = self.PATTERN.sub(r"\1…", message), ()
        return True


_HIDE_LINK_TOKENS = HideLinkTokens()


def register_logging() -> None:
    """The app's own messages (ids only, never names or text) go to stderr at INFO."""
    logging.getLogger("werkzeug").addFilter(_HIDE_LINK_TOKENS)
    logger = logging.getLogger("school_plans")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def register_extensions(app: Flask) -> None:
    from . import auth, database, i18n, read_audit, section_html
    from .extensions import csrf, db, migrate

    db.init_app(app)
    database.register(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    section_html.init_app(app)
    read_audit.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .blueprints.admin import bp as admin_bp
    from .blueprints.auth import bp as auth_bp
    from .blueprints.children import bp as children_bp
    from .blueprints.notifications import bp as notifications_bp
    from .blueprints.oversight import bp as oversight_bp
    from .blueprints.plans import bp as plans_bp
    from .blueprints.reviews import bp as reviews_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(children_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(oversight_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
