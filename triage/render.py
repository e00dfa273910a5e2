"""How an assessment looks: on a terminal (optionally in colour) and as JSON.

Text from the message is never echoed raw: control characters and escape
sequences are replaced, so a message cannot recolour or clear the terminal.
"""

from __future__ import annotations

import json
import os
import sys

from .safety_net import GROUP as SAFETY_NET
from .text import is_unsafe
from .types import Assessment, Finding, Level

# How each level looks, the one table for both faces: (ANSI code for printed answers,
# prompt-toolkit style for the chat's status bar)
LEVEL_STYLES = {
    Level.EMERGENCY: ("\x1b[1;97;41m", "bg:ansired fg:ansiwhite bold"),  # bold white on red
    Level.URGENT: ("\x1b[1;31m", "fg:ansired bold"),
    Level.SOON: ("\x1b[1;33m", "fg:ansiyellow bold"),
    Level.ROUTINE: ("\x1b[1;32m", "fg:ansigreen bold"),
    Level.NONE: ("\x1b[1m", "bold"),
}
COLOURS = {level: ansi for level, (ansi, _toolkit) in LEVEL_STYLES.items()}
DIM = "\x1b[2m"
RESET = "\x1b[0m"


def is_utf8(stream) -> bool:
    """True when `stream` takes any character (its encoding is UTF-8, or it has none of its own)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def use_colour(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def safe(text: str) -> str:
    """`text` with control and format characters (ESC, NUL, bidi overrides) made visible and harmless."""
    out = []
    for ch in text:
        if ch in "\n\t":
            out.append(" ")
        elif is_unsafe(ch):
            out.append("\N{REPLACEMENT CHARACTER}" if ch not in "\r" else " ")
        else:
            out.append(ch)
    return "".join(out)


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{RESET}" if colour else text


def finding_line(finding: Finding, *, colour: bool = False) -> str:
    words = ", ".join(f'"{safe(w)}"' for w in finding.matched)
    level = _paint(finding.level.value.upper(), COLOURS[finding.level], colour)
    return f"  - {finding.item} [{level}] - from {words}"


def to_text(answer: Assessment, *, colour: bool = False) -> str:
    """The answer as a person reads it in a terminal."""
    lines = [_paint(answer.headline, COLOURS[answer.level], colour)]
    counted = answer.counted
    questions = _questions_text(answer)
    if questions and not counted:  # only a question: its answers come first
        lines.append("")
        lines.extend(questions)
    if counted:
        lines.append("")
        # safety-net signs are not the leaflet's: say so in the heading when they are all there is
        from_net = all(f.group == SAFETY_NET for f in counted)
        lines.append("What matched (general emergency guidance, not the leaflet):" if from_net
                     else f"What matched the leaflet ({answer.leaflet}):")
        for finding in counted:
            lines.append(finding_line(finding, colour=colour))
            for why in finding.why:
                lines.append(_paint(f"      why: {safe(why)}", DIM, colour))
    lines.append("")
    lines.extend(answer.advice)
    if answer.notes:
        lines.append("")
        lines.extend(f"Note: {safe(note)}" for note in answer.notes)
    if questions and counted:  # the symptom's level leads; the answers follow
        lines.append("")
        lines.extend(questions)
    lines.append("")
    lines.append(_paint(answer.safety, DIM, colour))
    return "\n".join(lines)


def _questions_text(answer: Assessment) -> list[str]:
    """Each question's answer, a blank line between; words from the message made harmless."""
    lines = []
    for question in answer.questions:
        if lines:
            lines.append("")
        render = getattr(question, "to_text", None)
        lines.extend(safe(line) for line in (render().splitlines() if render else [str(question)]))
    return lines


def to_json(answer: Assessment, *, ascii_only: bool = False) -> str:
    """One JSON object on one line; control and format characters escaped, so none reach a terminal raw.

    `ascii_only`: every non-ASCII character escaped too, for an output that is not UTF-8.
    """
    text = json.dumps(answer.to_dict(), ensure_ascii=ascii_only)
    if text.isprintable():  # the usual case, checked at C speed: no control or format character
        return text
    return "".join(_json_escape(ch) if is_unsafe(ch) else ch for ch in text)


def _json_escape(ch: str) -> str:
    """`ch` as a JSON \\u escape (a surrogate pair beyond the Basic Multilingual Plane)."""
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
