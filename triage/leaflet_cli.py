"""`triage import` (a leaflet text -> a knowledge file) and `triage leaflets` (what is installed)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .errors import EXIT_KNOWLEDGE, EXIT_OK, EXIT_USAGE, InputError, KnowledgeError, LeafletFormatError, TriageError
from .files import write_whole
from .knowledge import LEAFLET_FILE
from .leaflet import MAX_BYTES, NAME, read_leaflet, slug
from .leaflet_yaml import repeat_notes, to_yaml


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `triage import` (`triage leaflets` takes none)."""
    if parser.get_default("list_leaflets"):
        return
    parser.add_argument("leaflet", metavar="LEAFLET",
                        help="the leaflet page saved as text (- reads standard input)")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write a leaflet pack folder (knowledge/NAME: its leaflet.yaml, beside which "
                             "safety.yaml, questions.yaml and followups.yaml may go) or one file NAME.yaml "
                             "(default: print it)")
    parser.add_argument("--name", type=_leaflet_name, metavar="NAME",
                        help="the leaflet's name (default: from the output or leaflet file name, "
                             "else from the page title)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _leaflet_name(value: str) -> str:
    if not NAME.match(value) or value.endswith((".yaml", ".yml")):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a leaflet name (letters, digits, '-', '_' and '.', without .yaml)")
    return value


def run(args) -> int:
    if getattr(args, "list_leaflets", False):
        return list_leaflets()
    return import_leaflet(args)


def import_leaflet(args) -> int:
    text = _read_leaflet_text(args.leaflet)
    imported = read_leaflet(text, name=args.name or _name_from_files(args))
    document = to_yaml(imported.data, notes=repeat_notes(imported.repeats))
    for repeat in imported.repeats:
        print(f"triage: note: {repeat.item!r} is listed twice; kept under {repeat.kept[0]} "
              f"({repeat.kept[1]})", file=sys.stderr)
    if args.output in (None, "-"):
        sys.stdout.write(document)
        return EXIT_OK
    output = Path(args.output)
    wrong = _wrong_output(output)
    if wrong:
        print(f"triage: {output} {wrong}; -o takes a leaflet pack folder (made if missing) or a file NAME.yaml",
              file=sys.stderr)
        return EXIT_USAGE
    if output.is_dir() or not output.name.endswith((".yaml", ".yml")):  # a leaflet pack
        output = output / LEAFLET_FILE
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise TriageError(f"cannot make the folder {output.parent}: {error.strerror or error}") from None
    if output.exists() and not args.force:
        print(f"triage: {output} already exists; use --force to replace it", file=sys.stderr)
        return EXIT_USAGE
    try:
        write_whole(output, document.encode("utf-8"))
    except OSError as error:
        raise TriageError(f"cannot write {output}: {error.strerror or error}") from None
    count = sum(len(g["items"]) for t in imported.data["tiers"] for g in t["groups"])
    tiers = ", ".join(dict.fromkeys(t["tier"] for t in imported.data["tiers"]))
    pack = output.parent if output.name == LEAFLET_FILE else output
    print(f"triage: wrote {output}: {count} items ({tiers}); "
          f"try: triage ask --leaflet {pack} \"...\"", file=sys.stderr)
    return EXIT_OK


def _wrong_output(output: Path) -> str | None:
    """Why `output` cannot be written (a device, a pipe, a plain file where a pack folder is meant),
    or None. Replacing a device (/dev/full) with a file would be worse than refusing."""
    if not output.exists() or output.is_dir():
        return None
    if not output.is_file():
        return "is not a file or a folder (a device or a pipe)"
    if not output.name.endswith((".yaml", ".yml")):
        return "is a file, not a folder"
    return None


def _name_from_files(args) -> str | None:
    """The output file's name (what `--leaflet NAME` will use), else the leaflet file's."""
    for path in (args.output, None if args.leaflet == "-" else args.leaflet):
        if path:
            name = Path(path).name
            if name == LEAFLET_FILE:  # a pack's leaflet file: the pack folder names the leaflet
                name = Path(path).parent.name
            stem = re.sub(r"\.(?:txt|text|yaml|yml)$", "", name, flags=re.IGNORECASE)
            if slug(stem):
                return slug(stem)
    return None


def _read_leaflet_text(path: str) -> str:
    label = "standard input" if path == "-" else path
    try:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1) if path == "-" else _read_bytes(Path(path))
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a directory, not a leaflet text file") from None
    except OSError as error:
        raise InputError(f"{label}: cannot read ({error.strerror or error})") from None
    if len(raw) > MAX_BYTES:
        raise LeafletFormatError(f"{label}: over {MAX_BYTES:,} bytes, too big to be a leaflet page")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{label} is not UTF-8 text (bad byte at position {error.start}); "
                         "save the leaflet as UTF-8 text") from None


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def list_leaflets() -> int:
    """`triage leaflets`: each installed leaflet's name, title and number of side-effect items."""
    # the leaflet file only: listing needs no NLP, so neither the lexicon nor spaCy
    from .knowledge import DEFAULT_LEAFLET, installed_leaflets, load_leaflet
    from .knowledge_types import TIERS

    rows, status = [], EXIT_OK
    for name in installed_leaflets():
        label = f"{name} (default)" if name == DEFAULT_LEAFLET else name
        try:
            leaflet = load_leaflet(name)
        except KnowledgeError as error:
            rows.append((label, f"cannot load: {error}"))
            status = EXIT_KNOWLEDGE
            continue
        count = sum(1 for item in leaflet.items if item.tier in TIERS)  # Precautions-only signs not counted
        rows.append((label, f"{leaflet.title} ({count} side-effect items)"))
    if not rows:
        print("no leaflets installed")
    width = max((len(label) for label, _ in rows), default=0)
    for label, about in rows:
        print(f"{label:<{width}}  {about}")
    return status
