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
from .schema import (MAX_KNOWLEDGE_CHARS, _read_yaml, link, parse_context, parse_explained, parse_leaflet, parse_levels,
                     parse_lexicon, parse_overlay, parse_safety_net, parse_soundalikes, parse_subject, parse_wording)
from .wording import derive

PACKAGE = "triage.knowledge_data"
SHARED_FILES = ("levels.yaml", "lexicon.yaml", "context.yaml", "safety-net.yaml", "subject.yaml", "soundalikes.yaml",
                "wording.yaml", "explained.yaml")
# A leaflet pack: one folder per leaflet (knowledge/NAME/, or a folder given by path) holding
LEAFLET_FILE = "leaflet.yaml"  # its imported side-effect items (what `triage import` writes)
OVERLAY_FILE = "safety.yaml"  # hand-written: Precautions warning signs, escalation rules, notes
QUESTIONS_FILE = "questions.yaml"  # its usage questions; the shared one says how questions are read
FOLLOWUPS_FILE = "followups.yaml"  # the chat's follow-up questions
OVERLAY_SUFFIX = ".safety.yaml"  # beside a single leaflet file given by path: its overlay
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
    """Names of the leaflets shipped with the package: the packs (folders with a leaflet.yaml)."""
    return sorted(entry.name for entry in _package_root().iterdir()
                  if entry.is_dir() and entry.joinpath(LEAFLET_FILE).is_file())


def _is_path(leaflet: str) -> bool:
    return leaflet.endswith((".yaml", ".yml")) or "/" in leaflet or "\\" in leaflet


def pack_file(leaflet: str, name: str):
    """One file of a leaflet's pack, or None when the pack has none. `leaflet`: an installed name,
    a pack folder, or a single leaflet file (whose pack is its overlay NAME.safety.yaml beside it)."""
    if not _is_path(leaflet):
        file = _package_root().joinpath(leaflet, name)
        return file if file.is_file() else None
    path = Path(leaflet)
    if path.is_dir():
        file = path / name
    elif name == LEAFLET_FILE:
        file = path
    elif name == OVERLAY_FILE:
        file = path.with_name(path.name.rsplit(".", 1)[0] + OVERLAY_SUFFIX)
    else:
        return None
    return file if file.is_file() else None


def label_of(file) -> str:
    """How a knowledge file is named in messages: "ruxolitinib-topical/safety.yaml", "x.yaml"."""
    parent = getattr(file, "parent", None)
    name = getattr(file, "name", str(file))
    if name in (LEAFLET_FILE, OVERLAY_FILE, QUESTIONS_FILE, FOLLOWUPS_FILE) and parent is not None:
        return f"{parent.name}/{name}"
    return name


def _read(entry, label: str) -> str:
    """A knowledge file's text, read with a bound (a link to a huge file never fills the memory);
    errors say what is wrong, never what the file holds."""
    try:
        with entry.open("rb") as handle:
            raw = handle.read(MAX_KNOWLEDGE_CHARS + 1)
    except FileNotFoundError:
        raise KnowledgeError(f"{label}: file not found") from None
    except OSError as error:
        raise KnowledgeError(f"{label}: cannot read ({error.strerror or type(error).__name__})") from None
    if len(raw) > MAX_KNOWLEDGE_CHARS:
        raise KnowledgeError(f"{label}: over {MAX_KNOWLEDGE_CHARS:,} bytes, too big to be a knowledge file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise KnowledgeError(f"{label}: not UTF-8 text (bad byte at position {error.start:,})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # line endings as read_text gave them


def _leaflet_files(name: str):
    """(leaflet file, overlay file or None) for a leaflet name, a pack folder or a YAML file."""
    if _is_path(name):
        path = Path(name)
        if path.is_dir() and not (path / LEAFLET_FILE).is_file():
            raise KnowledgeError(f"{name}: is a folder without a {LEAFLET_FILE} (give a leaflet pack's folder "
                                 "or the path of a .yaml file)")
        if not path.exists():
            raise KnowledgeError(f"{name}: no such knowledge file")
        if not path.is_dir() and not path.is_file():  # a device or a pipe (/dev/zero): never read
            raise KnowledgeError(f"{name}: not a regular file (give a leaflet pack's folder or the path of "
                                 "a .yaml file)")
    elif name not in installed_leaflets():
        raise KnowledgeError(
            f"unknown leaflet {name!r} (installed: {', '.join(installed_leaflets())}; "
            "or give a path to a YAML file or a leaflet pack's folder)")
    return pack_file(name, LEAFLET_FILE), pack_file(name, OVERLAY_FILE)


def load_leaflet(leaflet: str = DEFAULT_LEAFLET) -> Leaflet:
    """Read and validate one leaflet (and its overlay) without the rest of the knowledge."""
    return _load_leaflet(leaflet, parse_levels(_read_yaml(_read(_package_file("levels.yaml"), "levels.yaml"),
                                                          "levels.yaml"), "levels.yaml"))


def _load_leaflet(leaflet: str, levels: Levels) -> Leaflet:
    leaflet_file, overlay_file = _leaflet_files(leaflet)
    from .knowledge_schema import check  # pydantic's models are built only when files are read

    label = label_of(leaflet_file)
    data = _read_yaml(_read(leaflet_file, label), label)
    parsed = parse_leaflet(data, label, levels)
    check("pack:" + LEAFLET_FILE, data, label)  # and the declared shape (knowledge_schema.py) agrees
    if overlay_file is not None:
        o_label = label_of(overlay_file)
        data = _read_yaml(_read(overlay_file, o_label), o_label)
        parsed = parse_overlay(data, o_label, parsed, levels)
        check("pack:" + OVERLAY_FILE, data, o_label)
    return parsed


def route_of(title: str) -> str | None:
    """The route a leaflet's title names: "Timolol (Ophthalmic Route)" -> "ophthalmic"."""
    found = re.search(r"\(([a-z ]+?) route\)", title.lower())
    return found.group(1) if found else None


def load_knowledge(leaflet: str = DEFAULT_LEAFLET) -> Knowledge:
    """Read and validate the shared knowledge and one leaflet."""
    shared = {}
    for name in SHARED_FILES:
        shared[name] = _read_yaml(_read(_package_file(name), name), name)
    levels = parse_levels(shared["levels.yaml"], "levels.yaml")
    parsed = _load_leaflet(leaflet, levels)
    lexicon = parse_lexicon(shared["lexicon.yaml"], "lexicon.yaml", route=route_of(parsed.title))
    context = parse_context(shared["context.yaml"], "context.yaml")
    net = parse_safety_net(shared["safety-net.yaml"], "safety-net.yaml", lexicon)
    subject = parse_subject(shared["subject.yaml"], "subject.yaml")
    soundalikes = parse_soundalikes(shared["soundalikes.yaml"], "soundalikes.yaml")
    wording = parse_wording(shared["wording.yaml"], "wording.yaml", lexicon)
    explained = parse_explained(shared["explained.yaml"], "explained.yaml", lexicon)
    from .knowledge_schema import check

    for name in SHARED_FILES:  # each file's finer checks first, then its declared shape
        check(name, shared[name], name)
    # items no concept reaches are matched from their own words
    derived, links = derive(parsed, lexicon, link(lexicon, parsed), wording, keep=net.alone)
    lexicon = replace(lexicon, concepts=lexicon.concepts + derived)
    return Knowledge(levels, lexicon, context, parsed, links, net, subject, soundalikes, wording, explained,
                     origin=leaflet)
