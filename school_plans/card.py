"""The one-page card for the adults who meet the child on a hard day (supply and lunchtime staff, a new
colleague): built from the plan's sections that everyone in the network may read, never typed twice.

Each group holds at most LIMITS[group] items, the designated teacher's choice when there are more (else the
first ones), and says how many were left out; each text is cut to a length a card can hold, so the card
always fits one side of A4.
"""
import hashlib
from dataclasses import dataclass, field

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import sections, text
from .i18n import listing
from .plan_templates import translated
from .sections.regulating_adults import ROLES
from .sections.safe_spaces import USES
from .sections.stress_stages import STAGES

GROUPS = {
    "adults": _l("Who to go to"),
    "safe_spaces": _l("Safe space"),
    "triggers": _l("What can make things hard"),
    "helps": _l("What helps"),
    "avoid": _l("What to avoid"),
    "hard_days": _l("Hard days coming up"),
}
LIMITS = {"adults": 2, "safe_spaces": 2, "triggers": 3, "helps": 3, "avoid": 3, "hard_days": 3}
LONGEST = 120        # characters of one line on the card
STAGE_LONGEST = 80   # of what helps at one distress stage, in the strip
HARD_DAYS_KEY = "hard-days"   # the text section the built-in templates keep them in
REACH = _l("How to reach them now")


def shorten(value: str, longest: int = LONGEST) -> str:
    """`value` on one line, cut at a word before `longest` characters with "…" when it is longer."""
    value = " ".join(value.split())
    if len(value) <= longest:
        return value
    cut = value[:longest - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:.") + "…"


@dataclass
class Line:
    """One labelled line of a card item (`label` None: the item's name, in bold; "": plain words). An adult's
    first line is labelled with their role in the plan."""

    label: object
    value: str


@dataclass
class Item:
    key: str                # its main words: what the designated teacher's choice remembers
    lines: list[Line]


@dataclass
class Card:
    child: object
    plan: object
    groups: dict            # group -> [Item] shown
    left_out: dict          # group -> how many more the full plan holds
    stages: list            # (code, label, what helps)
    candidates: dict = field(default_factory=dict)   # group -> every Item the plan has (to choose from)
    agreed: object = None


def _adults(rows) -> list[Item]:
    ordered = [r for role in ("key_adult", "backup_adult") for r in rows if r["role"] == role]
    return [Item(r["name"], [Line(ROLES[r["role"]], shorten(r["name"])),
                             *([Line(_l("When"), shorten(r["available"]))] if r["available"] else []),
                             *([Line(REACH, shorten(r["contact"]))] if r["contact"] else [])])
            for r in ordered]


def _safe_spaces(rows) -> list[Item]:
    return [Item(r["place"], [Line(None, shorten(r["place"])),
                              *([Line(_l("How it is offered"), str(USES[r["use"]]))] if r.get("use") else []),
                              *([Line(_l("Who goes"), shorten(r["who"]))] if r["who"] else [])])
            for r in rows]


def _triggers(rows) -> list[Item]:
    return [Item(r["trigger"], [Line(None, shorten(r["trigger"])),
                                *([Line(_l("Early signs"), shorten(r["signs"]))] if r["signs"] else [])])
            for r in rows]


def _unique(values) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


def candidates(rows_by_kind: dict, hard_days: list[str]) -> dict:
    """Every item the card could hold, group by group, from the sections' content by kind."""
    triggers, stages = rows_by_kind.get("triggers", []), rows_by_kind.get("stress_stages", [])
    return {
        "adults": _adults(rows_by_kind.get("regulating_adults", [])),
        "safe_spaces": _safe_spaces(rows_by_kind.get("safe_spaces", [])),
        "triggers": _triggers(triggers),
        "helps": [Item(v, [Line("", shorten(v))]) for v in _unique(r["helps"] for r in triggers)],
        "avoid": [Item(v, [Line("", shorten(v))]) for v in _unique(s.get("avoid", "") for s in stages)],
        "hard_days": [Item(v, [Line("", shorten(v))]) for v in hard_days],
    }


def build(plan, child, readable_sections, choices: dict | None, agreed=None) -> Card:
    """The card of `plan` (or of an agreed version of it) from `readable_sections`: those everyone in the
    network may read, as they are (or were agreed)."""
    rows_by_kind, hard_days, stage_rows = {}, [], {}
    for section in readable_sections:
        kind = sections.get(section.kind)
        if section.kind == "stress_stages":
            stage_rows = section.content["stages"]
            rows_by_kind["stress_stages"] = [stage_rows[code] for code in STAGES if code in stage_rows]
        elif section.kind == "text":
            if section.key == HARD_DAYS_KEY:
                hard_days = kind.paragraphs(section.content)
        else:
            rows_by_kind.setdefault(section.kind, []).extend(section.content.get("rows", []))
    found = candidates(rows_by_kind, hard_days)
    groups, left_out = {}, {}
    for group, items in found.items():
        groups[group] = _shown(items, (choices or {}).get(group, ()), LIMITS[group])
        left_out[group] = len(items) - len(groups[group])
    stages = [(code, label, shorten(stage_rows[code].get("helps", ""), STAGE_LONGEST))
              for code, label in STAGES.items() if code in stage_rows and stage_rows[code].get("helps")]
    return Card(child, plan, groups, left_out, stages, found, agreed)


def _shown(items: list[Item], chosen, limit: int) -> list[Item]:
    """The items a group shows, in the plan's order: those chosen that the plan still has, filled up to `limit`
    with the others (a choice never leaves room empty, and a group that now fits shows everything)."""
    picked = [n for n, item in enumerate(items) if item.key in chosen][:limit]
    rest = [n for n in range(len(items)) if n not in picked][:limit - len(picked)]
    return [items[n] for n in sorted(picked + rest)]


def item_id(item: Item) -> str:
    """What the chooser's checkbox carries for an item: its words (hashed), not its place in the list, so a
    row added or moved meanwhile is never chosen by mistake."""
    return hashlib.sha256(item.key.encode("utf-8")).hexdigest()[:16]


def item_details(item: Item) -> str:
    """An item's lines after its first ("When: mornings · How to reach them now: radio"), to tell rows apart
    in the chooser."""
    return " · ".join(f"{line.label}: {line.value}" if line.label else line.value for line in item.lines[1:])


def choosable(card: Card) -> dict:
    """The groups the plan has more items for than a card holds: where the designated teacher chooses."""
    return {group: items for group, items in card.candidates.items() if len(items) > LIMITS[group]}


LEFT_OUT = {
    "adults": lambda n: ngettext("%(num)d more adult", "%(num)d more adults", n),
    "safe_spaces": lambda n: ngettext("%(num)d more safe space", "%(num)d more safe spaces", n),
    "triggers": lambda n: ngettext("%(num)d more thing that can make things hard",
                                   "%(num)d more things that can make things hard", n),
    "helps": lambda n: ngettext("%(num)d more thing that helps", "%(num)d more things that help", n),
    "avoid": lambda n: ngettext("%(num)d more thing to avoid", "%(num)d more things to avoid", n),
    "hard_days": lambda n: ngettext("%(num)d more hard day", "%(num)d more hard days", n),
}


def left_out_line(card: Card) -> str:
    """"More in the full plan: 2 more things to avoid, 1 more safe space.", or "" when it holds everything."""
    counts = [LEFT_OUT[group](n) for group, n in card.left_out.items() if n]
    return _("More in the full plan: %(what)s.", what=listing(counts)) if counts else ""


def _sentence(message, html: bool, **values):
    """`message` with `values` isolated: in <bdi> for a page (`html`), between bidi marks for Word."""
    if html:
        return text.sentence(message, **values)
    return message % {key: text.isolate(str(value)) for key, value in values.items()}


def subtitle(card: Card, html: bool = False) -> str:
    """Which plan (and version) the card comes from."""
    title = translated(card.plan.title)
    if card.agreed is not None:
        return _sentence(_("From %(title)s, version %(n)s, agreed on %(date)s"), html, title=title,
                         n=str(card.plan.version), date=format_date(card.agreed.agreed_at, "long"))
    return _sentence(_("From %(title)s, version %(n)s"), html, title=title, n=str(card.plan.version))


def help_line(item: Item, html: bool = False) -> tuple:
    """(who, how to reach them now) for an adult's item: "Mr Reilly (Key adult)", "through the class teacher"."""
    reach = next((line.value for line in item.lines if line.label is REACH), "")
    who = _sentence(_("%(name)s (%(role)s)"), html, name=item.lines[0].value, role=str(item.lines[0].label))
    return who, reach
