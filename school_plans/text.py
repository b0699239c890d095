"""Sanitising of user text: the one place it happens.

Keeps everything a person typed (emoji, right-to-left scripts, line breaks)
and removes only what no document format can hold: NUL, the other C0 control
characters XML 1.0 forbids, the non-characters U+FFFE/U+FFFF and lone
surrogates. A vertical tab (which Word itself writes for a soft line break)
becomes a line break, and browsers' \r\n line ends become \n.
"""
import re

_ILLEGAL = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(value):
    """Return `value` safe to store and to write into Word; None stays None."""
    if value is None:
        return None
    value = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _ILLEGAL.sub("", value)


def clean_line(value):
    """Like clean(), for one-line fields: also trims surrounding spaces."""
    value = clean(value)
    return value.strip() if value is not None else None
