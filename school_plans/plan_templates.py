"""Built-in plan templates: loads and validates plan_templates/*.toml.

A broken file fails with a message naming the file, the section and the problem;
`flask --app wsgi templates check` reports every problem in every file.

A template's words (title, description, headings, guidance and suggestions) are written in
English and translated through the app's catalogues: `extract_messages` is the Babel
extractor for the files, and `translated` shows a text in the reader's language.
"""
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from . import sections
from .models import EVERYONE, TEMPLATE_AUDIENCES
from .text import clean_line

PHASES = ("primary", "secondary", "all")
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_TEXT_LIMITS = {"title": 160, "description": 1000, "heading": 160, "guidance": 2000}


class TemplateError(ValueError):
    def __init__(self, path: Path, problem: str, section: str | None = None):
        where = f"{path.name}: section '{section}'" if section else path.name
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class TemplateSection:
    key: str
    kind: str
    heading: str
    guidance: str
    audience: str
    suggestions: tuple


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    version: int
    title: str
    description: str
    phase: str
    sections: tuple[TemplateSection, ...]

    def section(self, key: str) -> TemplateSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def words(self):
        """Every text of the template that is shown to people, in English, in file order."""
        yield self.title
        yield self.description
        for part in self.sections:
            yield part.heading
            if part.guidance:
                yield part.guidance
            for suggestion in part.suggestions:
                found = []
                sections.get(part.kind).map_text(suggestion, found.append)
                yield from found


def _text(table: dict, name: str, fail, required=True) -> str:
    value = table.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        fail(f"'{name}' is missing or not text" if required else f"'{name}' must be text")
    if len(value) > _TEXT_LIMITS[name]:
        fail(f"'{name}' is longer than {_TEXT_LIMITS[name]} characters")
    return clean_line(value) if name in ("title", "heading") else value.strip()


def _key(table: dict, fail) -> str:
    key = table.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        fail("'key' must be lowercase letters, digits and hyphens")
    return key


def _section(path: Path, index: int, table) -> TemplateSection:
    label = table.get("key") if isinstance(table, dict) and isinstance(table.get("key"), str) else f"#{index + 1}"

    def fail(problem):
        raise TemplateError(path, problem, label)

    if not isinstance(table, dict):
        fail("must be a table ([[sections]])")
    unknown = set(table) - {"key", "kind", "heading", "guidance", "audience", "suggestions"}
    if unknown:
        fail(f"unknown field(s): {', '.join(sorted(unknown))}")
    key = _key(table, fail)
    kind_name = table.get("kind")
    if not isinstance(kind_name, str) or kind_name not in sections.KINDS:
        fail(f"unknown kind {kind_name!r} (known: {', '.join(sections.KINDS)})")
    audience = table.get("audience", EVERYONE)
    if not isinstance(audience, str) or audience not in TEMPLATE_AUDIENCES:
        fail(f"'audience' must be one of {', '.join(TEMPLATE_AUDIENCES)}")
    suggestions = table.get("suggestions", [])
    if not isinstance(suggestions, list):
        fail("'suggestions' must be a list")
    kind = sections.get(kind_name)
    checked = []
    for n, suggestion in enumerate(suggestions, start=1):
        try:
            checked.append(kind.check_suggestion(suggestion, f"suggestion {n}"))
        except sections.ContentError as error:
            fail(str(error))
    return TemplateSection(key, kind_name, _text(table, "heading", fail),
                           _text(table, "guidance", fail, required=False), audience, tuple(checked))


def load_file(path: Path) -> PlanTemplate:
    """One template file, validated; TemplateError on the first problem."""
    try:
        return parse(path, path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise TemplateError(path, f"not valid TOML: {error}") from None


def parse(path: Path, source: str) -> PlanTemplate:
    """A template from the text of the file at `path`, validated; TemplateError on the first problem."""
    def fail(problem):
        raise TemplateError(path, problem)

    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        fail(f"not valid TOML: {error}")
    unknown = set(data) - {"key", "version", "title", "description", "phase", "sections"}
    if unknown:
        fail(f"unknown field(s): {', '.join(sorted(unknown))}")
    key = _key(data, fail)
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        fail("'version' must be a whole number from 1")
    if not isinstance(data.get("phase"), str) or data["phase"] not in PHASES:
        fail(f"'phase' must be one of {', '.join(PHASES)}")
    tables = data.get("sections")
    if not isinstance(tables, list) or not tables:
        fail("there are no [[sections]]")
    parts = tuple(_section(path, i, table) for i, table in enumerate(tables))
    seen = set()
    for part in parts:
        if part.key in seen:
            raise TemplateError(path, "duplicate section key", part.key)
        seen.add(part.key)
    return PlanTemplate(key, version, _text(data, "title", fail), _text(data, "description", fail),
                        data["phase"], parts)


def check_directory(directory: Path) -> tuple[dict[str, PlanTemplate], list[str]]:
    """Every template in `directory` by key, and the problems found (empty when all is well)."""
    found, problems = {}, []
    files = sorted(directory.glob("*.toml"))
    if not files:
        problems.append(f"{directory}: no templates (*.toml) found")
    for path in files:
        try:
            template = load_file(path)
        except TemplateError as error:
            problems.append(str(error))
            continue
        if template.key in found:
            problems.append(f"{path.name}: template key '{template.key}' is already used by another file")
            continue
        found[template.key] = template
    return found, problems


def all_templates() -> dict[str, PlanTemplate]:
    """The app's templates (loaded once per app); a broken file stops here with its message."""
    cache = current_app.extensions.get("plan_templates")
    if cache is None:
        found, problems = check_directory(Path(current_app.config["PLAN_TEMPLATES_DIR"]))
        if problems:
            raise RuntimeError("plan templates have problems:\n" + "\n".join(problems))
        cache = current_app.extensions["plan_templates"] = found
    return cache


def get(key: str) -> PlanTemplate | None:
    return all_templates().get(key)


# Headings an earlier version of a built-in template had: plans started from it keep them, translated
# (the value marks each for the catalogues).
RETIRED = {"Background for professionals": _l("Background for professionals")}


def _texts() -> frozenset[str]:
    cache = current_app.extensions.get("plan_template_texts")
    if cache is None:
        cache = current_app.extensions["plan_template_texts"] = frozenset(
            [*(text for template in all_templates().values() for text in template.words()),
             *RETIRED])
    return cache


def translated(value: str) -> str:
    """A built-in template's text (a heading, a plan's untouched title...) in the reader's language;
    anything else, such as what people wrote, exactly as it is."""
    return gettext(value) if value in _texts() else value


def as_typed(typed: str, stored: str) -> str:
    """What to keep when someone saves a text they were shown translated: the stored original if they
    left it as shown (so every reader still gets it in their language), else what they typed."""
    return stored if typed == translated(stored) else typed


def translated_suggestions(part: TemplateSection) -> list:
    """The section's suggestions with their words in the reader's language."""
    kind = sections.get(part.kind)
    return [kind.map_text(suggestion, translated) for suggestion in part.suggestions]


def extract_messages(fileobj, keywords, comment_tags, options):
    """Babel extractor for plan_templates/*.toml (registered in pyproject.toml as `plan_templates`):
    yields each text a template shows, with the file and line it comes from for translators."""
    source = fileobj.read().decode("utf-8")
    template = parse(Path(getattr(fileobj, "name", "template.toml")), source)
    lines = source.splitlines()
    for text in template.words():
        start = text.split("\n")[0][:40]
        lineno = next((n for n, line in enumerate(lines, 1) if start in line), 1)
        yield lineno, None, text, [f"plan template {template.key}"]
