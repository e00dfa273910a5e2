"""How an assessment looks: on a terminal (optionally in colour) and as JSON.

Text from the message is never echoed raw: control characters and escape
sequences are replaced, so a message cannot recolour or clear the terminal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from typing import TYPE_CHECKING

from .safety_net import GROUP as SAFETY_NET
from .text import is_unsafe
from .types import Assessment, Finding, Level

if TYPE_CHECKING:
    from collections.abc import Collection

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


def terminal_width(stream=None) -> int | None:
    """The columns to wrap an answer to: the terminal's (or COLUMNS), None when writing to a file or pipe."""
    stream = stream or sys.stdout
    if not os.environ.get("COLUMNS") and not (hasattr(stream, "isatty") and stream.isatty()):
        return None
    return shutil.get_terminal_size().columns


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{RESET}" if colour else text


def finding_line(finding: Finding, *, colour: bool = False) -> str:
    """One finding as a list line: the leaflet item, its level, and the words of the message that matched."""
    return _paint_levels(_finding_text(finding), colour)


def _finding_text(finding: Finding, *alike: Finding) -> str:
    """ "  - item [LEVEL] - from "words"", with the items the same words matched at the same level."""
    words = ", ".join(f'"{safe(w)}"' for w in finding.matched)
    read = [safe(why) for why in finding.why if why.startswith(_READ)]
    items = "; ".join(f.item for f in (finding, *alike))
    return f"  - {items} [{finding.level.value.upper()}] - from {words}" + (
        f" ({'; '.join(read)})" if read else "")


_LEVEL_TAG = re.compile(r"\[(" + "|".join(level.value.upper() for level in Level) + r")\]")
_QUOTE = re.compile(r'^(?P<title>.+?): the leaflet says "(?P<quote>.*)"$', re.DOTALL)  # a Precautions group's quote
_TIER = 'The leaflet says: "'  # the sentence over a tier's list
_MATCHED, _READ = "matched ", "read "  # an explanation's own words, then a correction (assess.py)
_NOT_COUNTED = "Not counted:"
_SET_ASIDE = re.compile(r"^Not counted: (?P<what>.+) - (?P<why>[^-]+)\.$", re.DOTALL)  # assess.py's note


def _paint_levels(text: str, colour: bool) -> str:
    """`[URGENT]` and the like in their level's colour."""
    if not colour:
        return text
    return _LEVEL_TAG.sub(lambda m: f"[{_paint(m.group(1), COLOURS[Level(m.group(1).lower())], True)}]", text)


def _reason(why: str) -> tuple[str, str]:
    """A rule's reason and its source: "... can be a heart attack (FDA ...)" -> ("... heart attack", "FDA ...")."""
    if not why.endswith(")"):
        return why, ""
    depth = 0
    for at in range(len(why) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(why[at], 0)
        if depth == 0:
            if at > 0 and why[at - 1] == " ":
                return why[:at - 1], why[at + 1:-1]
            return why, ""
    return why, ""


def _wrap(text: str, width: int | None, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """`text` wrapped to `width` (None: one line), never inside a word or a number ("1-800-FDA-1088")."""
    subsequent = indent if subsequent is None else subsequent
    if width is None:
        return [indent + text]
    return textwrap.wrap(text, max(width, 20), initial_indent=indent, subsequent_indent=subsequent,
                         break_long_words=False, break_on_hyphens=False) or [indent]


def wrap_lines(text: str, width: int | None) -> list[str]:
    """Each line of `text` wrapped to `width`, keeping its own indent ("  - item": "    " after)."""
    lines = []
    for line in text.splitlines():
        body = line.lstrip(" ")
        indent = line[:len(line) - len(body)]
        bullet = indent + "- " if body.startswith("- ") else indent
        lines.extend(_wrap(body, width, indent=indent, subsequent=" " * len(bullet)) if body else [""])
    return lines


ROWS = 24  # one screen: an emergency answer on a terminal fits it, at 60 columns as at 120


def to_text(answer: Assessment, *, colour: bool = False, verbose: bool = False, width: int | None = None,
            more: str = "", item_notes: Collection[str] = ()) -> str:
    """The answer as a person reads it in a terminal: action first, each reason once.

    The first line is the overall level and what to do now; then what matched, each finding
    once with the words that matched; the source of the level and a Precautions quote once
    per answer. `verbose` adds the long explanation: each finding's reasons, every quote, the
    leaflet's list sentences and every note. `width` wraps the text to a terminal's columns,
    never inside a word or a number (None: not wrapped); an emergency answer then fits one
    screen (ROWS lines), with "and N more" when the findings would not. `more` is the hint
    shown when the short answer leaves something out (how to see the rest). `item_notes`: the
    leaflet's notes on what would change an item's level (`bot.knowledge.leaflet.notes`), moot
    in an emergency and so left to the long answer there.
    """
    options = dict(colour=colour, verbose=verbose, width=width, more=more, item_notes=frozenset(item_notes))
    lines = _compose(answer, **options)
    if answer.level is Level.EMERGENCY and not verbose and width is not None and len(lines) > ROWS:
        shown = len(_alike(answer.counted))
        while shown > 1 and len(lines) > ROWS:
            shown -= 1
            lines = _compose(answer, **options, shown=shown)
        if len(lines) > ROWS:  # still too tall: without the blank lines between its parts, and the questions
            lines = [line for line in _compose(answer, **options, shown=shown, tight=True) if line]
    return "\n".join(lines)


def _compose(answer: Assessment, *, colour: bool, verbose: bool, width: int | None, more: str,
             item_notes: frozenset[str], shown: int | None = None, tight: bool = False) -> list[str]:
    """The answer's lines; `shown`: how many finding lines of a short answer to show (None: all);
    `tight`: an emergency's short answer without the line naming the questions asked."""
    counted = answer.counted
    action, others, quotes, tiers = _advice_parts(answer)
    emergency = answer.level is Level.EMERGENCY
    out: list[str] = []
    left_out = False

    def paragraph(text: str, *, indent: str = "", subsequent: str | None = None, code: str = "") -> None:
        for line in _wrap(text, width, indent=indent, subsequent=subsequent):
            out.append(_paint(line, code, colour) if code else _paint_levels(line, colour))

    def blank() -> None:
        if out and out[-1] != "":
            out.append("")

    paragraph(answer.headline, code=COLOURS[answer.level])
    questions = _questions_text(answer)
    if questions and not counted:  # only a question: its answers come first
        blank()
        out.extend(wrap_lines("\n".join(questions), width))
        blank()
    reasons: dict[str, str] = {}  # a rule's reason -> its source, each once
    for finding in counted:
        for why in finding.why:
            if not why.startswith((_MATCHED, _READ)):
                reason, source = _reason(why)
                if source:
                    reasons.setdefault(reason, source)
    # advice that names where an emergency comes from ("This is an emergency whatever the medicine: it
    # comes from general emergency guidance (...)") is a reason: the short answer says it under "Why"
    said = [line for line in others if any(source in line for source in reasons.values())]
    for line in [action] + [line for line in others if line not in said or verbose]:  # what to do now first
        paragraph(line)
    left_out = any(source.partition(": ")[2] for line in said for source in reasons.values() if source in line)
    if counted:
        blank()
        # safety-net signs are not the leaflet's: say so in the heading when they are all there is
        from_net = all(f.group == SAFETY_NET for f in counted)
        paragraph("What matched (general emergency guidance, not the leaflet):" if from_net
                  else f"What matched the leaflet ({answer.leaflet}):")
        if verbose:
            for finding in counted:
                paragraph(_finding_text(finding).lstrip(" "), indent="  ", subsequent="    ")
                for why in finding.why:
                    if not why.startswith(_READ):  # a correction is on the finding's own line
                        reason = _reason(why)[0]
                        paragraph(f"why: {safe(reason if reason in reasons else why)}", indent="      ",
                                  subsequent="        ", code=DIM)
        else:
            alike = _alike(counted)
            left_out = left_out or any(len(f.why) > 1 for f in counted)
            for findings in alike[:shown]:
                paragraph(_finding_text(*findings).lstrip(" "), indent="  ", subsequent="    ")
            if shown is not None and shown < len(alike):
                paragraph(f"and {len(alike) - shown} more", indent="  ")
        by_source: dict[str, list[str]] = {}
        for reason, source in reasons.items():
            by_source.setdefault(source, []).append(reason)
        # each reason once: a source the advice names is said by that line ("This is an emergency whatever
        # the medicine: it comes from general emergency guidance (...), not from the leaflet."), shown here
        # in the short answer with the source by its name only
        by_source = {source: r for source, r in by_source.items() if not any(source in line for line in said)}
        if by_source or (said and not verbose):
            blank()
        if not verbose:
            for line in said:
                for source in reasons.values():
                    line = line.replace(source, source.partition(": ")[0])
                paragraph(safe(line))
        for source, because in by_source.items():
            if len(because) == 1 and not verbose:  # the reason, and its source by name
                paragraph(f"Why: {safe(because[0])} ({safe(source.partition(': ')[0])}).")
            else:
                paragraph(f"Why: {safe(source)}.")

    # the leaflet's Precautions quotes, once each, where they fit the answer's level: never "call your
    # doctor right away if ..." in a routine answer, and in an emergency's short answer only their names
    titles = "; ".join(m.group("title").removesuffix(" (Precautions)") for m in quotes)
    if quotes and answer.level.rank >= Level.URGENT.rank and (verbose or not emergency):
        blank()
        for match in quotes:
            paragraph(match.group(0))
    elif quotes and verbose:
        blank()
        paragraph(f"Also among the warning signs in the leaflet's Precautions section: {titles}.")
    elif quotes:
        left_out = True
    if tiers and verbose:
        blank()
        for line in tiers:
            paragraph(line)
    left_out = left_out or bool(tiers)

    # in an emergency, what would change an item's level is moot: the short answer leaves it out
    notes = [n for n in answer.notes if verbose or not emergency or n not in item_notes]
    left_out = left_out or len(notes) < len(answer.notes)
    if not verbose:
        notes = _set_aside_together(notes)
    if notes:
        blank()
        for note in notes:
            paragraph(f"Note: {safe(note)}")
    if questions and counted and emergency and not verbose:  # the action first; the answers on request
        left_out = True
        if tight:
            questions = []
    if questions and counted and emergency and not verbose:
        blank()
        titles = "; ".join(dict.fromkeys(safe(getattr(q, "title", "") or str(q)) for q in answer.questions))
        paragraph(f"You also asked about: {titles}.")
        left_out = True
    elif questions and counted:  # the symptom's level leads; the answers follow
        blank()
        out.extend(wrap_lines("\n".join(questions), width))
    blank()
    if more and left_out and not verbose:
        paragraph(more)
    paragraph(answer.safety)  # plain, never dim: it says what to do in an emergency
    return out


def _set_aside_together(notes: list[str]) -> list[str]:
    """The "Not counted: 'x' (item) - why." notes with the same why as one note, in the first one's place."""
    together: dict[str, list[str]] = {}
    for note in notes:
        if (match := _SET_ASIDE.match(note)) is not None:
            together.setdefault(match.group("why"), []).append(match.group("what"))
    out = []
    for note in notes:
        match = _SET_ASIDE.match(note)
        if match is None:
            out.append(note)
        elif match.group("why") in together:
            what = together.pop(match.group("why"))
            out.append(note if len(what) == 1 else f"{_NOT_COUNTED} {'; '.join(what)} - {match.group('why')}.")
    return out


def _alike(findings: tuple[Finding, ...]) -> list[tuple[Finding, ...]]:
    """Findings that the same words matched at the same level, together, in order: one line each."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        key = (finding.level, finding.matched, tuple(w for w in finding.why if w.startswith(_READ)))
        groups.setdefault(key, []).append(finding)
    return [tuple(group) for group in groups.values()]


def _advice_parts(answer: Assessment) -> tuple[str, list[str], list[re.Match], list[str]]:
    """The advice as (what to do, other advice, Precautions quotes, list sentences)."""
    action, *rest = answer.advice or ("",)
    others, quotes, tiers = [], [], []
    for line in rest:
        if line.startswith(_TIER):
            tiers.append(line)
        elif (match := _QUOTE.match(line)) is not None:
            quotes.append(match)
        else:
            others.append(line)
    return action, others, quotes, tiers


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
