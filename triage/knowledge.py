"""The only reader of knowledge/: finds the files, and loads a leaflet's knowledge through schema.py.

The package's own data (`triage.knowledge_data`, the repository's knowledge/
folder) holds the shared files and the installed leaflets.
"""

from __future__ import annotations

import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

from .errors import KnowledgeError
from .knowledge_types import Knowledge, Leaflet, Levels
from .schema import (_read_yaml, link, parse_context, parse_leaflet, parse_levels, parse_lexicon, parse_overlay,
                     parse_safety_net, parse_soundalikes, parse_subject, parse_wording, parse_explained)
from .wording import derive

PACKAGE = "triage.knowledge_data"
SHARED_FILES = ("levels.yaml", "lexicon.yaml", "context.yaml", "safety-net.yaml", "subject.yaml", "soundalikes.yaml",
                "wording.yaml", "explained.yaml")
OVERLAY_SUFFIX = ".safety.yaml"
QUESTIONS_FILE = "questions.yaml"  # usage questions, answered by the pipeline's last pipe
DEFAULT_LEAFLET = "ruxolitinib-topical"


# ---------------------------------------------------------------- loading


def _package_root():
    try:
        return resources.files(PACKAGE)
    except ModuleNotFoundError:
        # Python found the source folder `triage/` before the installed package
        # (running from a checkout that was installed without -e).
        raise KnowledgeError(
            f"the knowledge files ({PACKAGE}) are not installed beside this copy of triage; "
            "install the package (pip install .) and run it from outside the source folder, "
            "or install it editable (pip install -e .)") from None


def _package_file(name: str):
    return _package_root().joinpath(name)


def installed_leaflets() -> list[str]:
    """Names of the leaflets shipped with the package."""
    names = []
    for entry in _package_root().iterdir():
        name = entry.name
        if name.endswith(".yaml") and name not in SHARED_FILES and not name.endswith(OVERLAY_SUFFIX):
            # a leaflet file has a top-level `tiers:` list (what `triage import` writes); other
            # data beside it (follow-up questions, usage questions) is not a leaflet
            if re.search(r"^tiers:", _read(entry, name), re.MULTILINE):
                names.append(name[: -len(".yaml")])
    return sorted(names)


def _read(entry, label: str) -> str:
    try:
        return entry.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(f"{label}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(f"{label}: cannot read ({error})") from None


def _leaflet_files(name: str):
    """(leaflet file, overlay file or None) for a leaflet name or a path to a YAML file."""
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        path = Path(name)
        if path.is_dir():
            raise KnowledgeError(f"{name}: is a folder, not a knowledge file (give the path of a .yaml file)")
        if not path.is_file():
            raise KnowledgeError(f"{name}: no such knowledge file")
        overlay = path.with_name(path.name.rsplit(".", 1)[0] + OVERLAY_SUFFIX)
        return path, overlay if overlay.is_file() else None
    if name not in installed_leaflets():
        raise KnowledgeError(
            f"unknown leaflet {name!r} (installed: {', '.join(installed_leaflets())}; "
            "or give a path to a YAML file)")
    overlay = _package_file(name + OVERLAY_SUFFIX)
    return _package_file(name + ".yaml"), overlay if overlay.is_file() else None


def load_leaflet(leaflet: str = DEFAULT_LEAFLET) -> Leaflet:
    """Read and validate one leaflet (and its overlay) without the rest of the knowledge."""
    return _load_leaflet(leaflet, parse_levels(_read_yaml(_read(_package_file("levels.yaml"), "levels.yaml"),
                                                          "levels.yaml"), "levels.yaml"))


def _load_leaflet(leaflet: str, levels: Levels) -> Leaflet:
    leaflet_file, overlay_file = _leaflet_files(leaflet)
    label = getattr(leaflet_file, "name", str(leaflet_file))
    parsed = parse_leaflet(_read_yaml(_read(leaflet_file, label), label), label, levels)
    if overlay_file is not None:
        o_label = getattr(overlay_file, "name", str(overlay_file))
        parsed = parse_overlay(_read_yaml(_read(overlay_file, o_label), o_label), o_label, parsed, levels)
    return parsed


def load_knowledge(leaflet: str = DEFAULT_LEAFLET) -> Knowledge:
    """Read and validate the shared knowledge and one leaflet."""
    shared = {}
    for name in SHARED_FILES:
        shared[name] = _read_yaml(_read(_package_file(name), name), name)
    levels = parse_levels(shared["levels.yaml"], "levels.yaml")
    lexicon = parse_lexicon(shared["lexicon.yaml"], "lexicon.yaml")
    context = parse_context(shared["context.yaml"], "context.yaml")
    parsed = _load_leaflet(leaflet, levels)
    net = parse_safety_net(shared["safety-net.yaml"], "safety-net.yaml", lexicon)
    subject = parse_subject(shared["subject.yaml"], "subject.yaml")
    soundalikes = parse_soundalikes(shared["soundalikes.yaml"], "soundalikes.yaml")
    wording = parse_wording(shared["wording.yaml"], "wording.yaml", lexicon)
    explained = parse_explained(shared["explained.yaml"], "explained.yaml", lexicon)
    # items no concept reaches are matched from their own words
    derived, links = derive(parsed, lexicon, link(lexicon, parsed), wording)
    lexicon = replace(lexicon, concepts=lexicon.concepts + derived)
    return Knowledge(levels, lexicon, context, parsed, links, net, subject, soundalikes, wording, explained)
