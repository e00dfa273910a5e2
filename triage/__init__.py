"""triage: what a medicine's leaflet says to do about a side-effect symptom.

    import triage
    bot = triage.load()              # ruxolitinib cream by default; triage.load("naproxen-oral")
    answer = bot.assess("no fever but my gums bleed")
    answer.level                     # Level.URGENT == "urgent"; levels order by urgency
    [f.item for f in answer.counted] # ['bleeding gums']: the findings that set the level
    answer.not_counted               # the mentions set aside: 'fever', you said you do not have it
    answer.to_dict()                 # the JSON form; triage.Assessment.from_dict() reads it back
    bot.assess_many(["chest pain", "runny nose"])   # many at once, faster

`load()` returns a `Triage` (the engine); `assess()` returns an `Assessment` of `Finding`s.
Errors are `TriageError`s: `KnowledgeError` (a broken knowledge file), `InputError` (a message
that cannot be read: not text, over MAX_CHARS characters), `LeafletFormatError` (an import).
Importing triage does not import spaCy: the pipeline is loaded by `load()`.
"""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING, Any

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


def load(leaflet: str = DEFAULT_LEAFLET) -> Triage:
    """The engine for one leaflet: an installed name (`installed_leaflets()`), a leaflet pack
    folder or a single YAML file. Raises KnowledgeError when the knowledge is missing or broken."""
    from .engine import load as load_engine

    return load_engine(leaflet)


def __getattr__(name: str) -> Any:
    # `triage.Triage` is the engine class; importing it imports spaCy, so only on request
    if name == "Triage":
        from .engine import Triage

        return Triage
    raise AttributeError(f"module 'triage' has no attribute {name!r}")
