"""Free text: the child's voice, strengths, the home–school link, transitions..."""
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from .. import text as sanitise
from ..compare import compare_text
from ..forms import max_length
from .base import MAX_FIELD, MAX_TEXT, ContentError, Kind, SectionForm


class TextForm(SectionForm):
    text = TextAreaField(_l("Text"), validators=[max_length(MAX_TEXT, _l("Text"))])


class Text(Kind):
    name = "text"
    label = _l("Text")

    def empty(self) -> dict:
        return {"text": ""}

    def check(self, content) -> dict:
        value = content.get("text", "") if isinstance(content, dict) else None
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise ContentError(f"text content must be {{'text': '...'}} of at most {MAX_TEXT} characters")
        return {"text": sanitise.clean(value)}

    def check_suggestion(self, suggestion, where: str):
        if not isinstance(suggestion, str) or not suggestion.strip() or len(suggestion) > MAX_FIELD:
            raise ContentError(f"{where}: a text section's suggestion must be a non-empty string "
                               f"of at most {MAX_FIELD} characters")
        return sanitise.clean(suggestion.strip())

    def map_text(self, suggestion, change):
        return change(suggestion)

    def add_suggestions(self, draft: dict, suggestions: list) -> dict:
        paragraphs = [p for p in draft["text"].split("\n\n") if p.strip()]
        paragraphs += [s for s in suggestions if s not in draft["text"]]
        return {"text": "\n\n".join(paragraphs)}

    def describe(self, suggestion) -> str:
        return suggestion

    def is_empty(self, content) -> bool:
        return not content.get("text", "").strip()

    def form(self, content=None, version=None, formdata=None) -> TextForm:
        if formdata is not None:
            return TextForm(formdata=formdata)
        return TextForm(formdata=None, data={**(content or self.empty()), "version": version})

    def draft(self, form) -> dict:
        return {"text": form.text.data or ""}

    def content(self, form) -> dict:
        return {"text": (form.text.data or "").strip("\n")}

    def paragraphs(self, content) -> list[str]:
        return [p.strip() for p in content.get("text", "").split("\n\n") if p.strip()]

    def write_docx(self, writer, content, context) -> None:
        for paragraph in self.paragraphs(content):
            writer.paragraph(paragraph)

    def compare(self, old: dict, new: dict) -> list:
        return [compare_text(old["text"], new["text"])]
