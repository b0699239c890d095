"""A section's content as HTML, rendered once per worker for each section version, language and audience.

What a section's content shows depends only on that content, its kind, the language and the plan's context
(the child's age on the plan's date). The content is fixed by the section's id, its version and the moment
that version was saved (so a database restored under a running worker, reusing ids, cannot match an old
copy); the audience is in the key too, so a copy is never shared across audiences. Whether a reader may see
the section at all is decided before it is asked for (policy.visible_sections). The kept copies are a
bounded least-recently-used set per app; a save makes a new version, so nothing is ever invalidated by hand.
"""
import threading
from collections import OrderedDict

from flask import current_app
from markupsafe import Markup

from . import i18n, sections

TEMPLATE = "sections/_content.html"


class SectionHtml:
    """The kept copies of one app (`app.extensions["section_html"]`), safe to share between threads."""

    def __init__(self, size: int):
        self.size = size
        self._copies: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._copies.get(key)
            if found is not None:
                self._copies.move_to_end(key)
            return found

    def put(self, key, html: Markup) -> None:
        with self._lock:
            self._copies[key] = html
            self._copies.move_to_end(key)
            while len(self._copies) > self.size:
                self._copies.popitem(last=False)

    def __len__(self) -> int:
        return len(self._copies)


def init_app(app) -> None:
    app.extensions["section_html"] = SectionHtml(app.config["SECTION_HTML_COPIES"])
    app.add_template_global(render, "section_html")


def render(section, context: dict) -> Markup:
    """The content of `section` (a Section or a SectionView) as HTML in the current language."""
    copies = current_app.extensions["section_html"]
    key = (section.id, section.version, section.updated_at, section.kind, section.audience, i18n.language_tag(),
           tuple(sorted(context.items())))
    html = copies.get(key)
    if html is None:
        kind = sections.get(section.kind)
        html = Markup(current_app.jinja_env.get_template(TEMPLATE).render(
            kind=kind, content=section.content, context=context))
        copies.put(key, html)
    return html
