"""triage: what a medicine's leaflet says to do about a side-effect symptom.

    import triage
    bot = triage.load()              # ruxolitinib cream by default
    answer = bot.assess("my gums bleed when I brush")
    answer.level                     # Level.URGENT == "urgent"

Importing triage does not import spaCy: the pipeline is loaded by `load()`.
"""

from importlib import metadata
from typing import TYPE_CHECKING

from .errors import InputError, KnowledgeError, LeafletFormatError, TriageError
from .knowledge import DEFAULT_LEAFLET, installed_leaflets
from .text import MAX_CHARS
from .types import Assessment, Finding, Level

if TYPE_CHECKING:
    from .engine import Triage

try:
    __version__ = metadata.version("triage")
except metadata.PackageNotFoundError:  # run from a source folder that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Assessment",
    "DEFAULT_LEAFLET",
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


def load(leaflet: str = DEFAULT_LEAFLET) -> "Triage":
    """Load a leaflet's knowledge (a name under knowledge/ or a path to a YAML file)."""
    from .engine import load as load_engine

    return load_engine(leaflet)


def __getattr__(name: str):
    # `triage.Triage` is the engine class; importing it imports spaCy, so only on request
    if name == "Triage":
        from .engine import Triage

        return Triage
    raise AttributeError(f"module 'triage' has no attribute {name!r}")
