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
Importing triage imports none of it: each name is imported when it is first used (so the
`triage` command can take Ctrl-C from its first moment), and spaCy only by `load()`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

    from .engine import Triage
    from .errors import InputError, KnowledgeError, LeafletFormatError, TriageError
    from .knowledge import DEFAULT_LEAFLET, installed_leaflets
    from .text import MAX_CHARS
    from .types import Assessment, Finding, Level

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

# where each public name is defined; `triage.Triage` imports spaCy, so it is never imported unasked
_HOME = {
    "Assessment": "types", "Finding": "types", "Level": "types",
    "InputError": "errors", "KnowledgeError": "errors", "LeafletFormatError": "errors", "TriageError": "errors",
    "DEFAULT_LEAFLET": "knowledge", "installed_leaflets": "knowledge",
    "MAX_CHARS": "text",
    "Triage": "engine",
}


def load(leaflet: str | None = None) -> Triage:
    """The engine for one leaflet: an installed name (`installed_leaflets()`; by default
    DEFAULT_LEAFLET), a leaflet pack folder or a single YAML file. Raises KnowledgeError when the
    knowledge is missing or broken."""
    from .engine import load as load_engine
    from .knowledge import DEFAULT_LEAFLET

    return load_engine(DEFAULT_LEAFLET if leaflet is None else leaflet)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib import metadata

        try:
            value = metadata.version("triage")
        except metadata.PackageNotFoundError:  # run from a source folder that was never installed
            value = "0+unknown"
    elif name in _HOME:
        from importlib import import_module

        value = getattr(import_module(f".{_HOME[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'triage' has no attribute {name!r}")
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    # help(triage) shows the public names, as when they were imported at once (not the engine class:
    # that would import spaCy)
    return sorted(set(globals()) | set(__all__) - {"Triage"})
