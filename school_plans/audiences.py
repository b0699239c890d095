"""How each audience is named to people: on the section form, beside a heading and on "Who knows my story".

What each audience admits is decided in one place, policy.reads_audience().
"""
from flask_babel import lazy_gettext as _l

from .models import CORE_TEAM, EVERYONE, NAMED, PROFESSIONALS

LABELS = {
    EVERYONE: _l("Everyone in the network"),
    CORE_TEAM: _l("The child's core team"),
    PROFESSIONALS: _l("Professionals only (not parents and carers)"),
    NAMED: _l("Named people only"),
}

HINTS = {
    EVERYONE: _l("Every adult in the network, including school staff who only need the essentials."),
    CORE_TEAM: _l("The designated teacher, the key and back-up adults, parents and carers, the social worker "
                  "and the virtual school: not the rest of the school staff."),
    PROFESSIONALS: _l("Everyone in the network except parents and carers: for the rare things a carer must not "
                      "read."),
    NAMED: _l("Only the people you tick below, and you."),
}

# The tag beside a section's heading (none for everyone).
TAGS = {
    CORE_TEAM: _l("Core team"),
    PROFESSIONALS: _l("Professionals only"),
    NAMED: _l("Named people only"),
}

# The line under a section's heading in a Word document (none for everyone).
NOTES = {
    CORE_TEAM: _l("For the child's core team: not shared with the rest of the school staff."),
    PROFESSIONALS: _l("Professionals only: not shared with parents and carers."),
    NAMED: _l("For named people only."),
}
