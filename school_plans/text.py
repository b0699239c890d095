"""Sanitising of user text: the one place it happens, and how user text is shown isolated.

Keeps everything a person typed (emoji, right-to-left scripts, line breaks)
and removes only what no document format can hold: NUL, the other C0 control
characters XML 1.0 forbids, the non-characters U+FFFE/U+FFFF and lone
surrogates. A vertical tab (which Word itself writes for a soft line break)
becomes a line break, and browsers' \r\n line ends become \n.

One-line fields (names, titles, a table's one-line cells) also lose the bidi
embedding, override and isolate controls: a name is shown inside sentences
("Suggested by ..."), where a right-to-left override left open in it would reorder the words
around it.
Longer text keeps them: people writing Arabic next to English use them on purpose,
and it is always shown as a block of its own (`app-preserve`, a Word paragraph),
where they can only reorder the writer's own words.
"""
import re

from markupsafe import Markup

_ILLEGAL = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FSI, PDI = "\u2068", "\u2069"   # first strong isolate ... pop directional isolate


def clean(value):
    """Return `value` safe to store and to write into Word; None stays None."""
    if value is None:
        return None
    value = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _ILLEGAL.sub("", value)


def clean_line(value):
    """Like clean(), for one-line fields: also removes bidi controls and trims surrounding spaces."""
    value = clean(value)
    return without_bidi_controls(value).strip() if value is not None else None


def without_bidi_controls(value):
    """`value` without bidi controls, kept as markup if it was markup: for where markup cannot
    isolate a name (a page's <title>), including names stored before they were removed on input."""
    stripped = _BIDI_CONTROLS.sub("", str(value))
    return Markup(stripped) if hasattr(value, "__html__") else stripped


def bdi(value) -> Markup:
    """`value` escaped and isolated in <bdi>: shown inside a sentence, it cannot reorder the sentence."""
    return Markup("<bdi>%s</bdi>") % ("" if value is None else value)


def isolate(value) -> str:
    """`value` between FSI and PDI, the plain-text <bdi> (Word, plain-text email): the isolate ends
    any embedding or override left open inside it."""
    return f"{FSI}{'' if value is None else value}{PDI}"


def sentence(message, **values) -> Markup:
    """A translated sentence (not markup: escaped) with each of `values` isolated in <bdi>: for a
    notification or a flash message that names someone."""
    return Markup.escape(str(message)) % {key: value if isinstance(value, int) else bdi(value)
                                          for key, value in values.items()}
