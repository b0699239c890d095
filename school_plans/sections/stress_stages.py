"""Distress stages as a grid: calm, anxious, escalating, crisis, recovery.

For each stage: what it looks like, what helps and who does it, what to avoid.
"""
from flask_babel import lazy_gettext as _l
from wtforms import FormField, TextAreaField

from .. import text as sanitise
from ..compare import compare_text
from ..forms import SubForm, max_length
from .base import MAX_FIELD, ContentError, Kind, SectionForm

STAGES = {
    "calm": _l("Calm"),
    "anxious": _l("Anxious"),
    "escalating": _l("Escalating"),
    "crisis": _l("Crisis"),
    "recovery": _l("Recovery"),
}
# Light tints that print well; the stage's name is always written too, never colour alone.
COLOURS = {"calm": "D5EDDA", "anxious": "FFF4C2", "escalating": "FFDDB8", "crisis": "F6C9CC", "recovery": "D6E6F5"}
FIELDS = {
    "looks_like": _l("What it looks like"),
    "helps": _l("What helps, and who does it"),
    "avoid": _l("What to avoid"),
}


class StageForm(SubForm):
    looks_like = TextAreaField(FIELDS["looks_like"], validators=[max_length(MAX_FIELD, FIELDS["looks_like"])])
    helps = TextAreaField(FIELDS["helps"], validators=[max_length(MAX_FIELD, FIELDS["helps"])])
    avoid = TextAreaField(FIELDS["avoid"], validators=[max_length(MAX_FIELD, FIELDS["avoid"])])


StagesForm = type("StagesForm", (SectionForm,), {stage: FormField(StageForm, label=label)
                                                  for stage, label in STAGES.items()})


class StressStages(Kind):
    name = "stress_stages"
    label = _l("Distress stages")
    stages = STAGES
    field_labels = FIELDS

    def empty(self) -> dict:
        return {"stages": {stage: dict.fromkeys(FIELDS, "") for stage in STAGES}}

    def _check_stage(self, values, where: str) -> dict:
        if not isinstance(values, dict) or set(values) - set(FIELDS):
            raise ContentError(f"{where}: must be a table with {', '.join(FIELDS)}")
        checked = {}
        for key in FIELDS:
            value = values.get(key, "")
            if not isinstance(value, str) or len(value) > MAX_FIELD:
                raise ContentError(f"{where}: '{key}' must be text of at most {MAX_FIELD} characters")
            checked[key] = sanitise.clean(value)
        return checked

    def check(self, content) -> dict:
        stages = content.get("stages") if isinstance(content, dict) else None
        if not isinstance(stages, dict) or set(stages) - set(STAGES):
            raise ContentError(f"stress_stages content must be {{'stages': {{...}}}} keyed by {', '.join(STAGES)}")
        return {"stages": {stage: self._check_stage(stages.get(stage, {}), f"stage '{stage}'") for stage in STAGES}}

    def check_suggestion(self, suggestion, where: str):
        stage = suggestion.get("stage") if isinstance(suggestion, dict) else None
        if not isinstance(stage, str) or stage not in STAGES:
            raise ContentError(f"{where}: a stress_stages suggestion needs 'stage', one of {', '.join(STAGES)}")
        values = {k: v for k, v in suggestion.items() if k != "stage"}
        return {"stage": suggestion["stage"], **self._check_stage(values, where)}

    def map_text(self, suggestion, change):
        return {key: change(value) if key in FIELDS and value else value for key, value in suggestion.items()}

    def add_suggestions(self, draft: dict, suggestions: list) -> dict:
        stages = {stage: dict(values) for stage, values in draft["stages"].items()}
        for suggestion in suggestions:
            current = stages[suggestion["stage"]]
            for key in FIELDS:
                addition = suggestion.get(key, "")
                if addition and addition not in current[key]:
                    current[key] = "\n".join(filter(None, (current[key].strip(), addition)))
        return {"stages": stages}

    def describe(self, suggestion) -> str:
        lines = [f"{label}: {suggestion[key]}" for key, label in FIELDS.items() if suggestion.get(key)]
        return "\n".join([str(STAGES[suggestion["stage"]]), *lines])

    def is_empty(self, content) -> bool:
        return not any(v.strip() for values in content["stages"].values() for v in values.values())

    def form(self, content=None, version=None, formdata=None):
        if formdata is not None:
            return StagesForm(formdata=formdata)
        return StagesForm(formdata=None, data={**(content or self.empty())["stages"], "version": version})

    def draft(self, form) -> dict:
        return {"stages": {stage: {key: form[stage].form[key].data or "" for key in FIELDS} for stage in STAGES}}

    def content(self, form) -> dict:
        return {"stages": {stage: {key: (form[stage].form[key].data or "").strip() for key in FIELDS}
                           for stage in STAGES}}

    def write_docx(self, writer, content, context) -> None:
        rows = [[str(STAGES[stage]), *(content["stages"][stage][key] for key in FIELDS)] for stage in STAGES]
        writer.table([str(_l("Stage")), *(str(label) for label in FIELDS.values())], rows,
                     weights=[1, 3, 3, 3], row_shading=[COLOURS[stage] for stage in STAGES])

    def compare(self, old: dict, new: dict) -> list:
        return [compare_text(old["stages"][stage][key], new["stages"][stage][key], label=f"{label}: {field_label}")
                for stage, label in STAGES.items() for key, field_label in FIELDS.items()]
