"""The importer's structure (leaflet.py) written as a knowledge file: YAML a person can read and edit,
that reads back as exactly what was written."""

from __future__ import annotations

import re

import yaml

from .leaflet import Repeat


def to_yaml(data: dict, *, notes: tuple[str, ...] = ()) -> str:
    """The knowledge file: a comment header, then the data in the layout of the shipped file.

    Each string is written plain when YAML reads it back unchanged, else double-quoted;
    `notes` become extra header comment lines.
    """
    name = data["leaflet"]
    lines = [
        "# Imported from the leaflet's \"Side Effects\" section (triage import). Items keep the",
        f"# leaflet's exact wording; hand-written additions live in {name}.safety.yaml.",
        *(f"# {note}" for note in notes),
        f"leaflet: {scalar(name)}",
        f"title: {scalar(data['title'])}",
        f"source: {scalar(data['source'])}",
        "tiers:",
    ]
    for tier in data["tiers"]:
        lines.append(f"  - tier: {scalar(tier['tier'])}")
        lines.append(f"    sentence: {scalar(tier['sentence'])}")
        lines.append("    groups:")
        for group in tier["groups"]:
            lines.append(f"      - group: {scalar(group['group'])}")
            lines.append("        items:")
            lines.extend(f"          - {scalar(item)}" for item in group["items"])
    return "\n".join(lines) + "\n"


# Words and punctuation YAML always reads back as the same string when plain: starting with a letter,
# no ':', '#', quotes of YAML's own or flow brackets; the only such words that read as something else
# are YAML 1.1's booleans and null. Anything else is checked by reading it back.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()/'-]*[A-Za-z0-9.)]|[A-Za-z]")
_NOT_STRINGS = {"yes", "no", "true", "false", "on", "off", "null"}


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain if it reads back as itself, else double-quoted."""
    if text and text.isprintable() and _reads_back(text):
        return text
    return quoted(text)


def _reads_back(text: str) -> bool:
    if _PLAIN.fullmatch(text) and text.lower() not in _NOT_STRINGS:
        return True  # the common case, without a YAML parse per item (a large page has thousands)
    # libyaml's loader when PyYAML has it, as the knowledge files are read (schema._read_yaml)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:  # as a mapping value and as a list item, the two places the file uses
        return yaml.load(f"k: {text}", Loader=loader) == {"k": text} and yaml.load(f"- {text}", Loader=loader) == [text]
    except yaml.YAMLError:
        return False


def quoted(text: str) -> str:
    """A YAML double-quoted scalar; characters YAML would not keep as written are escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() or char == " ":
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def repeat_notes(repeats: tuple[Repeat, ...]) -> tuple[str, ...]:
    """Header comment lines naming the items the leaflet listed more than once."""
    if not repeats:
        return ()
    lines = ["Listed more than once in the leaflet, kept once under the most serious instruction:"]
    for repeat in repeats:
        lines.append(f"  {repeat.item!r}: kept {repeat.kept[0]} ({repeat.kept[1]}); "
                     f"also {repeat.dropped[0]} ({repeat.dropped[1]})")
    return tuple(lines)
