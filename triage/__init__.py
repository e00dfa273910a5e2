"""triage: what a medicine's leaflet says to do about a side-effect symptom.

    import triage
    bot = triage.load()              # ruxolitinib cream by default
    answer = bot.assess("my gums bleed when I brush")
    answer.level                     # Level.URGENT == "urgent"
"""

from .engine import MAX_CHARS, Triage, load
from .errors import InputError, KnowledgeError, LeafletFormatError, TriageError
from .knowledge import installed_leaflets
from .types import Assessment, Finding, Level

__all__ = [
    "Assessment",
    "Finding",
    "InputError",
    "KnowledgeError",
    "LeafletFormatError",
    "Level",
    "MAX_CHARS",
    "Triage",
    "TriageError",
    "installed_leaflets",
    "load",
]
