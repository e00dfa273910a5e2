"""Leaflet text -> knowledge: the importer.

The Mayo Clinic / Micromedex consumer leaflets share one "Side Effects" layout:

    Check with your doctor immediately if any of the following side effects occur:
    Less common:
    -> Black, tarry stools
    -> bladder pain
    ...
    Some side effects may occur ... Check with your health care professional if any of
    the following side effects continue or are bothersome or if you have any questions about them:
    More common:
    -> headache

An instruction sentence opens a tier, a short heading opens a frequency group, and bullet
lines are the items, kept in the leaflet's own words. `parse_leaflet_text` turns such a text
into the structure of a knowledge file (knowledge/ruxolitinib-topical.yaml); it is pure.
leaflet_yaml.py writes that structure as YAML; leaflet_cli.py is `triage import` and
`triage leaflets`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import LeafletFormatError
from .text import clean_text

SOURCE = "Mayo Clinic / Merative consumer leaflet, Side Effects section"
NO_HEADING = "Frequency not stated"  # a list right under an instruction, with no heading of its own
FALLBACK_NAME = "imported-leaflet"
MAX_BYTES = 1_000_000  # a leaflet page is tens of kilobytes; anything this big is something else
TIER_ORDER = ("emergency", "overdose", "urgent", "soon", "routine")  # most serious first
EXAMPLE_SENTENCE = "Check with your doctor immediately if any of the following side effects occur:"

# ---------------------------------------------------------------- patterns

# A list item: "-> item" (the page's bullets as saved), also "•", "*", "-" or "1." bullets.
BULLET = re.compile(r"^\s*(?:->\s*|[•·▪*–-]\s+|\d{1,3}[.)]\s+)(?P<text>.*)$")

# Page sections of this layout; only "Side Effects" holds the tiers.
SECTION_HEADING = re.compile(
    r"^(?P<name>description|before using|allergies|pediatric|geriatric|pregnancy|breastfeeding|"
    r"breast-feeding|drug interactions|other interactions|other medical problems|proper use|dosing|"
    r"missed dose|storage|precautions|side effects|advertising & sponsorship)\s*:?$",
    re.IGNORECASE)

# Where the side-effect lists end: the closing sentences and the page footer.
SECTION_END = re.compile(
    r"^(?:other side effects not listed|call your doctor for medical advice|portions of this document|"
    r"copyright\b|mayo clinic does not endorse|advertising & sponsorship)",
    re.IGNORECASE)

# Lines of the page furniture that say nothing about side effects.
NOISE = re.compile(r"^(?:drug information provided by|información sobre medicamentos)", re.IGNORECASE)

# Whom an instruction sends you to; a heading never names one.
WHO = re.compile(
    r"\b(?:doctor|nurse|health ?care professional|health ?care provider|pharmacist|"
    r"emergency (?:medical )?(?:help|care|attention)|medical help|911)\b",
    re.IGNORECASE)

# An instruction refers to the list below it.
LIST_REFERENCE = re.compile(r"\bfollowing\b", re.IGNORECASE)

# Tier words, tried in this order: the emergency sentence also says "immediately", and
# "continue" must not turn an "immediately" sentence into a routine one.
TIER_WORDS = (
    ("overdose", re.compile(r"\boverdose\b|\btoo much (?:of )?(?:this |the )?medicine\b|\babsorbed into the body\b",
                            re.IGNORECASE)),
    ("emergency", re.compile(r"\bemergency\b|\b911\b", re.IGNORECASE)),
    ("soon", re.compile(r"\bas soon as possible\b", re.IGNORECASE)),
    ("urgent", re.compile(r"\b(?:immediately|right away|at once)\b", re.IGNORECASE)),
    ("routine", re.compile(r"\b(?:bothersome|continue)\b", re.IGNORECASE)),
)
DEFAULT_TIER = "soon"  # names a doctor and a list but no urgency: contact your doctor, not now

# "After you stop using this medicine, ... check with your doctor immediately ...":
# its own tier, with the whole sentence, so the advice keeps its "after you stop".
AFTER_STOPPING = re.compile(r"\bafter (?:you stop|stopping)\b", re.IGNORECASE)

# Sentence boundary inside a paragraph: end punctuation, space, a capital (or quote/bracket).
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")

# The page title, e.g. "Ruxolitinib (topical application route)" or
# "Hydrocortisone (Rectal Route, Topical Application Route) - Side effects".
ROUTE = r"(?:[A-Za-z-]+ ){0,3}route"
TITLE_LINE = re.compile(
    rf"^(?P<drug>[A-Za-z0-9][^().:;!?]{{0,80}}?)\s*\((?P<routes>{ROUTE}(?:,\s*(?:and\s+)?{ROUTE})*)\)"
    r"\s*(?:[-–—|:].*|side effects\b.*)?$",
    re.IGNORECASE)

# "Ruxolitinib topical is used to treat ...": the drug named by the description, a fallback title.
DESCRIBED_DRUG = re.compile(r"^(?!(?:This|These|It)\b)(?P<drug>[A-Z][\w ,/-]{1,80}?) (?:is|are) used\b")

HTML = re.compile(r"<\s*(?:!doctype|html|body|div|p|li|ul)\b", re.IGNORECASE)
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width characters from web pages
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# ---------------------------------------------------------------- the text as blocks


@dataclass(frozen=True)
class Block:
    """One bullet line, or one paragraph (a line, or lines of one wrapped sentence)."""

    kind: str  # "bullet" or "text"
    line: int  # 1-based line number in the leaflet text
    text: str  # whitespace collapsed; bullet marker removed


def squash(text: str) -> str:
    """Single spaces, no zero-width characters: the page's spacing is not its wording. Escape
    sequences and control characters go as they go from messages (text.clean_text): what is
    imported is shown to the person later, and must not recolour or retitle their terminal."""
    return " ".join(clean_text(INVISIBLE.sub("", text)).split())


def blocks_of(text: str) -> list[Block]:
    """Bullet lines and paragraphs, blank lines dropped.

    A line that stops mid-sentence and is followed by one starting in lower case is the
    same sentence wrapped ("...side effects" / "occur:"), so the two are joined.
    """
    blocks: list[Block] = []
    paragraph: list[str] = []  # the lines of the paragraph being read, joined once it ends (linear)
    start = 0  # its first line's number
    joinable = False  # the paragraph stopped mid-sentence

    def end_paragraph():
        if paragraph:
            blocks.append(Block("text", start, " ".join(paragraph)))
            paragraph.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = squash(raw)
        if not line:
            joinable = False
            continue
        bullet = BULLET.match(line)
        if bullet:
            end_paragraph()
            blocks.append(Block("bullet", number, squash(bullet["text"])))
            joinable = False
            continue
        if not (joinable and line[0].islower()):
            end_paragraph()
            start = number
        paragraph.append(line)
        joinable = line[-1] not in ".:!?"
    end_paragraph()
    return blocks


def side_effect_parts(blocks: list[Block]) -> list[list[Block]]:
    """The "Side Effects" sections (a saved page may repeat the heading in its navigation),
    or, when there is no such heading, the text outside the page's other sections."""
    sections: list[tuple[str | None, list[Block]]] = [(None, [])]
    for block in blocks:
        heading = SECTION_HEADING.match(block.text) if block.kind == "text" else None
        if heading:
            sections.append((heading["name"].lower(), []))
        else:
            sections[-1][1].append(block)
    chosen = [part for name, part in sections if name == "side effects"]
    return chosen or [part for name, part in sections if name is None]


# ---------------------------------------------------------------- instructions and headings


def sentences_of(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_BREAK.split(paragraph) if s]


def tier_of(sentence: str) -> str:
    for tier, words in TIER_WORDS:
        if words.search(sentence):
            return tier
    return DEFAULT_TIER


def instruction_in(paragraph: str, previous: str = "") -> tuple[str, str] | None:
    """(tier, sentence) when the paragraph tells you what to do about the list below it.

    The sentence is the one naming a doctor (or emergency help) and "the following"; it
    loses its final colon. In an "after you stop using this medicine" paragraph it starts
    at that clause, which may be the previous paragraph.
    """
    sentences = sentences_of(paragraph)
    candidates = [i for i, s in enumerate(sentences) if WHO.search(s) and LIST_REFERENCE.search(s)]
    if not candidates:
        return None
    # the sentence that introduces the list ends with a colon; else the last candidate
    index = next((i for i in candidates if sentences[i].endswith(":")), candidates[-1])
    start = next((i for i in range(index + 1) if AFTER_STOPPING.search(sentences[i])), index)
    sentence = " ".join(sentences[start:index + 1]).rstrip(": ").strip()
    if start == index and not AFTER_STOPPING.search(sentence) and AFTER_STOPPING.search(previous):
        sentence = f"{previous} {sentence}"
    return tier_of(sentences[index]), sentence


def is_instruction(block: Block) -> bool:
    return block.kind == "text" and instruction_in(block.text) is not None


def heading_of(paragraph: str, *, before_list: bool) -> str | None:
    """The frequency-group name when the paragraph is a heading ("Less common or rare:")."""
    if len(paragraph) > 120 or paragraph.endswith(".") or SENTENCE_BREAK.search(paragraph):
        return None
    if WHO.search(paragraph):  # names a doctor: an instruction, not a heading
        return None
    if not (paragraph.endswith(":") or before_list):
        return None
    return paragraph.rstrip(":").strip() or None


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Repeat:
    """An item the leaflet lists twice: kept once, under the more serious instruction."""

    item: str
    kept: tuple[str, str]  # (tier, group)
    dropped: tuple[str, str]


@dataclass(frozen=True)
class Imported:
    data: dict  # the knowledge-file structure
    repeats: tuple[Repeat, ...] = field(default=())


def parse_leaflet_text(text: str, *, name: str | None = None) -> dict:
    """The knowledge-file structure of a leaflet text: leaflet, title, source, tiers.

    Raises LeafletFormatError, saying what was expected, for a text of another kind.
    """
    return read_leaflet(text, name=name).data


def read_leaflet(text: str, *, name: str | None = None) -> Imported:
    """parse_leaflet_text, plus the items the leaflet listed more than once."""
    if not isinstance(text, str):
        raise LeafletFormatError(f"a leaflet must be text (str), not {type(text).__name__}")
    if not text.strip():
        raise LeafletFormatError("the leaflet text is empty")
    if len(text) > MAX_BYTES:
        raise LeafletFormatError(f"the leaflet text is {len(text):,} characters long, over {MAX_BYTES:,}: "
                                 "too big to be a leaflet page")
    if HTML.search(text[:5000]):
        raise LeafletFormatError(
            "this looks like an HTML page; save the leaflet page as plain text "
            "(its lists as '-> item' lines) and import that")
    parts = side_effect_parts(blocks_of(text))
    # a part with no instruction at all (navigation, page furniture) says nothing about side effects
    parts = [part for part in parts if any(is_instruction(b) for b in part)] or parts[:1]
    tiers, repeats = keep_most_serious([tier for part in parts for tier in tiers_of(part)])
    title = title_of(text)
    name = name or (name_from_title(title) if title else FALLBACK_NAME)
    data = {"leaflet": name, "title": title or name, "source": SOURCE, "tiers": tiers}
    return Imported(data, repeats)


def tiers_of(blocks: list[Block]) -> list[dict]:
    """Tiers with their groups and items, in page order; empty groups and tiers left out."""
    tiers: list[dict] = []
    tier: dict | None = None
    group: dict | None = None
    instructions: list[Block] = []
    orphan: Block | None = None  # the first item before any instruction
    previous_text = ""  # the prose paragraph just before, for "After you stop ..."
    for index, block in enumerate(blocks):
        if block.kind == "bullet":
            previous_text = ""
            if tier is None:
                orphan = orphan or block
                continue
            if group is None:  # a list right under its instruction
                group = {"group": NO_HEADING, "items": []}
                tier["groups"].append(group)
            if block.text:
                group["items"].append(block.text)
            continue
        if SECTION_END.match(block.text):
            break
        if NOISE.match(block.text):
            continue
        before_list = _next_kind(blocks, index) == "bullet"
        instruction = instruction_in(block.text, previous_text)
        previous_text = ""
        if instruction:
            tier = {"tier": instruction[0], "sentence": instruction[1], "groups": []}
            tiers.append(tier)
            group = None
            instructions.append(block)
        elif (heading := heading_of(block.text, before_list=before_list)) and tier is not None:
            if tier_of(heading) == "overdose" and tier["tier"] != "overdose":
                # "Signs and symptoms of too much medicine being absorbed into the body": its own list
                tier = {"tier": "overdose", "sentence": heading, "groups": []}
                tiers.append(tier)
            group = {"group": heading, "items": []}
            tier["groups"].append(group)
        elif before_list and WHO.search(block.text):
            raise LeafletFormatError(
                f"line {block.line}: a list follows a sentence this importer does not understand: "
                f"{block.text!r} (expected an instruction such as {EXAMPLE_SENTENCE!r})")
        elif AFTER_STOPPING.search(block.text):
            previous_text = block.text
    kept = [_without_empty_groups(t) for t in tiers]
    kept = [t for t in kept if t["groups"]]
    if not kept:
        raise LeafletFormatError(_nothing_found(instructions))
    if orphan is not None:  # a list nobody said what to do about: refuse rather than drop it
        raise LeafletFormatError(
            f"line {orphan.line}: the list item {orphan.text!r} comes before any sentence saying "
            f"what to do about side effects (expected e.g. {EXAMPLE_SENTENCE!r})")
    return kept


def _next_kind(blocks: list[Block], index: int) -> str | None:
    return blocks[index + 1].kind if index + 1 < len(blocks) else None


def _without_empty_groups(tier: dict) -> dict:
    return {**tier, "groups": [g for g in tier["groups"] if g["items"]]}


def _nothing_found(instructions: list[Block]) -> str:
    if instructions:
        first = instructions[0]
        return (f"line {first.line}: found {first.text[:80]!r} but no side-effect items after it "
                "(items are lines starting with '-> ')")
    return ("not a leaflet of the Mayo Clinic / Micromedex layout: found no sentence saying what to do "
            f"about side effects (expected e.g. {EXAMPLE_SENTENCE!r} followed by '-> item' lines)")


def keep_most_serious(tiers: list[dict]) -> tuple[list[dict], tuple[Repeat, ...]]:
    """Each item once: a knowledge file names an item once, so a repeat ("Seizures" here,
    "seizures" there) keeps the most serious instruction (the first on the page among
    equals), as the triage does."""
    best: dict[str, tuple[int, int, int]] = {}  # item key -> (tier rank, tier index, group index)
    for t_index, tier in enumerate(tiers):
        rank = TIER_ORDER.index(tier["tier"])
        for g_index, group in enumerate(tier["groups"]):
            for item in group["items"]:
                place = (rank, t_index, g_index)
                if item.casefold() not in best or place < best[item.casefold()]:
                    best[item.casefold()] = place
    repeats, kept_tiers, seen = [], [], set()
    for t_index, tier in enumerate(tiers):
        groups = []
        for g_index, group in enumerate(tier["groups"]):
            items = []
            for item in group["items"]:
                _, best_tier, best_group = best[item.casefold()]
                if (best_tier, best_group) == (t_index, g_index) and item.casefold() not in seen:
                    items.append(item)
                    seen.add(item.casefold())
                else:
                    kept = (tiers[best_tier]["tier"], tiers[best_tier]["groups"][best_group]["group"])
                    repeats.append(Repeat(item, kept, (tier["tier"], group["group"])))
            if items:
                groups.append({"group": group["group"], "items": items})
        if groups:
            kept_tiers.append({**tier, "groups": groups})
    return kept_tiers, tuple(repeats)


# ---------------------------------------------------------------- title and name


def title_of(text: str) -> str | None:
    """The page title ("Ruxolitinib (topical application route)"), else the drug the
    description names ("Ruxolitinib topical is used to ..."), else None."""
    lines = [squash(BULLET.sub(r"\g<text>", line)) for line in text.splitlines()]
    for line in lines:
        match = TITLE_LINE.match(line)
        if match:
            return f"{match['drug'].strip()} ({match['routes']})"
    after_description = False  # the line before was a "Description" heading
    for line in filter(None, lines):
        match = DESCRIBED_DRUG.match(line) if after_description else None
        if match:
            return match["drug"].strip()
        after_description = line.lower().rstrip(":") == "description"
    return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def name_from_title(title: str) -> str:
    """"Ruxolitinib (topical application route)" -> "ruxolitinib-topical"."""
    match = TITLE_LINE.match(title)
    if match:
        first_route = match["routes"].split(",")[0].split()[0]
        return slug(f"{match['drug']} {first_route}") or FALLBACK_NAME
    return slug(title) or FALLBACK_NAME
