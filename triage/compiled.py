"""A leaflet's pipeline compiled once, so that a one-shot `triage ask` builds almost nothing.

Building the pipeline from the knowledge files (YAML parsing and validation,
tokenising some 10,000 lexicon phrases, the lemma and English-word tables) takes
about a second; loading what it built takes a few hundredths. The compiled file
holds the validated knowledge and spaCy's own serialisation of the pipeline
(`nlp.to_bytes`; each triage component implements `to_bytes`/`from_bytes`).

It is written only when asked: by `triage compile`, and when the package is
built (setup.py). It is used only when its fingerprint (the knowledge files,
the triage source and lemma tables, and the spaCy and Python versions) matches what is
installed now; otherwise the pipeline is built in memory and nothing is written.
So a knowledge edit in an editable install takes effect at once, and only
costs the start-up time until `triage compile` is run again.
"""

import gc
import hashlib
import pickle
import platform
from importlib import metadata, resources
from pathlib import Path

from .errors import EXIT_OK, KnowledgeError
from .files import write_whole
from .knowledge import (DEFAULT_LEAFLET, LEAFLET_FILE, OVERLAY_FILE, QUESTIONS_FILE, SHARED_FILES, _package_file,
                        installed_leaflets)
from .knowledge_types import Knowledge

FORMAT = b"triage-pipeline 2"
PIPELINE_FILE = "leaflet.pipeline"  # in the leaflet's pack folder
# spacy.blank("en") makes these already, and no triage component keeps a string hash in the vocab
BLANK_PARTS = ["tokenizer", "vocab"]
VERSIONED = ("spacy", "rapidfuzz", "jellyfish")


def fingerprint(leaflet: str) -> str:
    """What a compiled pipeline for `leaflet` was made from; any change means it is stale."""
    digest = hashlib.sha256(FORMAT)
    digest.update(platform.python_version().encode())
    for name in VERSIONED:
        digest.update(f"{name}={_version(name)}".encode())
    for file in sorted(resources.files("triage").iterdir(), key=lambda f: f.name):
        if file.name.endswith(".py"):
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    # the lemma tables (pipeline.LOOKUPS; named here so that checking a fingerprint imports no spaCy)
    for file in sorted(resources.files("triage").joinpath("lookups").iterdir(), key=lambda f: f.name):
        if file.name.endswith(".json.gz"):
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    names = (*SHARED_FILES, QUESTIONS_FILE, *(f"{leaflet}/{n}" for n in (LEAFLET_FILE, OVERLAY_FILE, QUESTIONS_FILE)))
    for name in names:
        file = _package_file(name)
        digest.update(name.encode() + b"\0" + (file.read_bytes() if file.is_file() else b"(none)"))
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def path_of(leaflet: str, folder=None) -> Path:
    """Where `leaflet`'s compiled pipeline lives: in its pack folder in the package (or in `folder`)."""
    if folder is not None:
        return Path(folder) / f"{leaflet}.pipeline"
    return Path(str(_package_file(f"{leaflet}/{PIPELINE_FILE}")))


def load(leaflet: str = DEFAULT_LEAFLET, folder=None):
    """The Triage for an installed leaflet from its compiled pipeline, or None when there is none
    that matches the installed knowledge and code (then the caller builds it)."""
    if leaflet not in _installed():
        return None  # a leaflet given as a path to a YAML file is always read from that file
    data = _read_fresh(leaflet, folder)
    if data is None:
        return None
    from .engine import Triage
    from .pipeline import assemble

    nlp = assemble()
    # some 200,000 small objects are made at once, none of them garbage: the collector's
    # passes over them would take as long as the loading itself
    collecting = gc.isenabled()
    gc.disable()
    try:
        knowledge, pipeline = pickle.loads(data)
        nlp.from_bytes(pipeline, exclude=BLANK_PARTS)
    except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, KeyError):
        return None  # damaged: building in memory gives the same answers
    finally:
        if collecting:
            gc.enable()
    return Triage(knowledge, nlp)


def is_fresh(leaflet: str = DEFAULT_LEAFLET, folder=None) -> bool:
    """True when `leaflet` has a compiled pipeline made from the knowledge and code installed now."""
    return leaflet in _installed() and _read_fresh(leaflet, folder, header_only=True) is not None


def _read_fresh(leaflet: str, folder=None, *, header_only: bool = False) -> bytes | None:
    """The compiled pipeline's data after its header, or None when there is none or it is stale."""
    try:
        with path_of(leaflet, folder).open("rb") as handle:
            if handle.readline().rstrip(b"\n") != FORMAT + b" " + fingerprint(leaflet).encode():
                return None
            return b"" if header_only else handle.read()
    except OSError:
        return None  # none compiled: building in memory gives the same answers


def save(leaflet: str = DEFAULT_LEAFLET, folder=None) -> Path:
    """Builds `leaflet`'s pipeline from its knowledge files and writes it compiled; returns the path."""
    from .engine import Triage
    from .knowledge import load_knowledge

    if leaflet not in _installed():
        raise KnowledgeError(f"{leaflet}: only an installed leaflet is compiled (installed: "
                             f"{', '.join(_installed())})")
    knowledge: Knowledge = load_knowledge(leaflet)
    bot = Triage(knowledge)
    path = path_of(leaflet, folder)
    data = pickle.dumps((knowledge, bot.nlp.to_bytes(exclude=BLANK_PARTS)), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_whole(path, FORMAT + b" " + fingerprint(leaflet).encode() + b"\n" + data)
    except OSError as error:
        raise KnowledgeError(f"{path}: cannot write the compiled pipeline ({error.strerror or error})") from None
    return path


def _installed() -> list[str]:
    try:
        return installed_leaflets()
    except KnowledgeError:
        return []


def run(args) -> int:
    """`triage compile`: write each installed leaflet's compiled pipeline (or the one named)."""
    import time

    names = [args.leaflet] if args.leaflet else _installed()
    for name in names:
        started = time.perf_counter()
        path = save(name)
        print(f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def add_arguments(parser) -> None:
    parser.add_argument("--leaflet", default=None, metavar="NAME", help="one installed leaflet (default: all)")


__all__ = ["fingerprint", "is_fresh", "load", "path_of", "save"]
