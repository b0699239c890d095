"""Section kinds: one module each. A kind declares its fields and knows how to check,
edit, show and write itself to Word. Adding a kind means adding a module and one line below.
"""
from .base import ContentError, Kind
from .developmental_age import DevelopmentalAge
from .regulating_adults import RegulatingAdults
from .safe_spaces import SafeSpaces
from .stress_stages import StressStages
from .text import Text
from .triggers import Triggers

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Text(), Triggers(), RegulatingAdults(), SafeSpaces(), DevelopmentalAge(), StressStages(),
)}


def get(name: str) -> Kind:
    return KINDS[name]


__all__ = ["ContentError", "KINDS", "Kind", "get"]
