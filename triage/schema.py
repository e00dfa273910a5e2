"""Knowledge files' contents -> validated, frozen objects (knowledge_types.py).

Every error names the file, the entry and what was expected, so that a typo in
a knowledge file fails loudly instead of silently weakening the triage. YAML is
read with the safe loader only.
"""

from __future__ import annotations

import re

from .errors import KnowledgeError
from .text import clean_text
from .knowledge_types import (CONTEXT_CATEGORIES, CONTEXT_DIRECTIONS, MODIFIERS, SUBJECT_LISTS, TIERS, Concept, Condition,
                              ContextRule, HeardAs, Item, Leaflet, LevelInfo, Levels, Lexicon, NetCondition, NetSign, Note,
                              Reading, Rule, SafetyNet, SoundAlikeTable, Subject, WarningGroup, Wording,
                              Explained, Explanation)
from .types import Level


# ---------------------------------------------------------------- validation helpers


class _Where:
    """Names a place in a knowledge file for error messages."""

    def __init__(self, file: str, entry: str = ""):
        self.file = file
        self.entry = entry

    def at(self, entry: str) -> "_Where":
        return _Where(self.file, f"{self.entry} > {entry}" if self.entry else entry)

    def fail(self, message: str) -> KnowledgeError:
        place = f"{self.file}: {self.entry}" if self.entry else self.file
        return KnowledgeError(f"{place}: {message}")


def _mapping(value, where: _Where, *, required=(), optional=()) -> dict:
    whole_file = not where.entry  # maybe not a knowledge file at all (a link to another file): say only its shape
    if not isinstance(value, dict):
        raise where.fail(f"expected a mapping, got {_kind(value, shown=not whole_file)}")
    missing = [key for key in required if key not in value]
    if missing and whole_file:  # before naming any of its keys
        raise where.fail(f"missing required key {missing[0]!r}")
    unknown = sorted(set(value) - set(required) - set(optional), key=str) if (required or optional) else []
    if unknown:
        allowed = ", ".join(sorted(set(required) | set(optional)))
        raise where.fail(f"unknown key {_shown(unknown[0])} (expected one of: {allowed})")
    if missing:
        raise where.fail(f"missing required key {missing[0]!r}")
    return value


def _text(value, where: _Where) -> str:
    """A non-empty string, cleaned like a message (text.clean_text): knowledge text is shown to the
    person, and an imported page or a hand-edited file may hold escape sequences."""
    text = clean_text(value).strip() if isinstance(value, str) else ""
    if not text:
        raise where.fail(f"expected a non-empty string, got {_kind(value)}")
    return text


def _texts(value, where: _Where, *, allow_empty=False) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or (not value and not allow_empty):
        raise where.fail(f"expected a list of strings, got {_kind(value)}")
    return tuple(_text(v, where.at(f"[{i}]")) for i, v in enumerate(value))


def _level(value, where: _Where) -> Level:
    try:
        return Level(value)
    except ValueError:
        allowed = ", ".join(level.value for level in Level)
        raise where.fail(f"unknown level {_shown(value)} (expected one of: {allowed})") from None


def _kind(value, *, shown: bool = True) -> str:
    """What a value is, never what a text says: a knowledge error must not print a file's
    contents. A number or a true/false is shown inside a knowledge file's entries (`shown`)."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "an empty string" if not value.strip() else f"a string of {len(value):,} characters"
    if isinstance(value, (bool, int, float)) and shown:
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, (list, dict)):
        return f"a {'list' if isinstance(value, list) else 'mapping'} of {len(value):,} entries"
    return f"a {type(value).__name__}"


def _shown(value) -> str:
    """A name from a knowledge file in an error: quoted when it is a short name ('colour', 'panic'),
    else only its shape."""
    if isinstance(value, (str, int, float)) and len(str(value)) <= 40 and "\n" not in str(value):
        return repr(value)
    return _kind(value)


_QUOTED = re.compile(r"'[^']{5,}'|\"[^\"]{5,}\"")
MAX_KNOWLEDGE_CHARS = 5_000_000  # the shipped lexicon is about 190,000; a leaflet, a few thousand


def _read_yaml(text: str, file: str):
    import yaml  # only when knowledge is read from its files: a compiled pipeline needs no YAML

    if len(text) > MAX_KNOWLEDGE_CHARS:
        raise KnowledgeError(f"{file}: over {MAX_KNOWLEDGE_CHARS:,} characters, too big to be a knowledge file")
    # libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure-Python one
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # no aliases: "*name" lets a few lines expand to gigabytes ("billion laughs"); knowledge never needs them
        for event in (yaml.parse(text, Loader=loader) if "*" in text else ()):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark is not None else "?"
                raise KnowledgeError(f"{file}: line {line}: YAML aliases (*name) are not allowed in knowledge files")
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or "unreadable"
        # the parser's words, without the file's own text it quotes (a tag, a word), a character or two at most
        problem = _QUOTED.sub("'...'", problem)
        raise KnowledgeError(f"{file}: {line}not valid YAML ({problem})") from None
    if data is None:
        raise KnowledgeError(f"{file}: the file is empty")
    return data


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces: how item texts and terms compare."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


# ---------------------------------------------------------------- parsers


def parse_levels(data, file: str) -> Levels:
    where = _Where(file)
    data = _mapping(data, where, required=("levels", "tiers", "sources", "safety", "not_counted", "not_english",
                                           "set_aside"), optional=("look_alikes", "say_more"))
    set_aside = _mapping(data["set_aside"], where.at("set_aside"), required=("none", "then"))
    set_aside = {key: _text(value, where.at(f"set_aside > {key}")) for key, value in set_aside.items()}
    if "{items}" not in set_aside["none"] or "{headline}" not in set_aside["then"]:
        raise where.at("set_aside").fail("expected {items} in 'none' and {headline} in 'then'")
    sources = {}
    for key, value in _mapping(data["sources"], where.at("sources")).items():
        sources[key] = _text(value, where.at(f"sources > {key}"))
    by_level = {}
    for key, value in _mapping(data["levels"], where.at("levels")).items():
        at = where.at(f"levels > {key}")
        level = _level(key, at)
        value = _mapping(value, at, required=("headline", "advice", "source"))
        source = _source(value["source"], sources, at)
        by_level[level] = LevelInfo(level, _text(value["headline"], at), _text(value["advice"], at), source)
    missing = [level.value for level in Level if level not in by_level]
    if missing:
        raise where.at("levels").fail(f"missing level {missing[0]!r}")
    tiers = {}
    for key, value in _mapping(data["tiers"], where.at("tiers")).items():
        at = where.at(f"tiers > {key}")
        if key not in TIERS:
            raise at.fail(f"unknown tier {_shown(key)} (expected one of: {', '.join(TIERS)})")
        value = _mapping(value, at, required=("level", "source"))
        tiers[key] = (_level(value["level"], at), _source(value["source"], sources, at))
    not_counted = {}
    for key, value in _mapping(data["not_counted"], where.at("not_counted")).items():
        not_counted[key] = _text(value, where.at(f"not_counted > {key}"))
    say_more = ("", "", ())
    if "say_more" in data:
        at = where.at("say_more")
        entry = _mapping(data["say_more"], at, required=("headline", "advice", "greetings"))
        say_more = (_text(entry["headline"], at.at("headline")), _text(entry["advice"], at.at("advice")),
                    tuple(g.lower() for g in _texts(entry["greetings"], at.at("greetings"))))
    return Levels(by_level, tiers, sources, _text(data["safety"], where.at("safety")), not_counted,
                  _text(data["not_english"], where.at("not_english")), set_aside,
                  _text(data["look_alikes"], where.at("look_alikes")) if "look_alikes" in data else "", say_more)


def _source(value, sources: dict, where: _Where) -> str:
    value = _text(value, where)
    if value not in sources:
        raise where.fail(f"unknown source {_shown(value)} (expected one of: {', '.join(sorted(sources))})")
    return value


def expand_phrases(phrases, at: _Where, sets: dict) -> tuple[str, ...]:
    """Phrases in lower case, each "@name" replaced by the phrases of that set, without repeats."""
    out = []
    for phrase in _texts(phrases, at):
        if phrase.startswith("@"):
            if phrase[1:] not in sets:
                raise at.fail(f"unknown set {_shown(phrase)} (sets are: {', '.join(sorted(sets))})")
            out.extend(sets[phrase[1:]])
        else:
            out.append(phrase)
    return tuple(dict.fromkeys(p.lower() for p in out))


def parse_lexicon(data, file: str, route: str | None = None) -> Lexicon:
    """The shared lexicon; `route` ("ophthalmic") adds that route's phrases to its sets (`routes`)."""
    where = _Where(file)
    data = _mapping(data, where, required=("sets", "modifiers", "breaks", "window", "concepts", "sites", "joiners"),
                    optional=("readings", "routes", "spread", "covered"))
    sets = {}
    for name, phrases in _mapping(data["sets"], where.at("sets")).items():
        sets[name] = _texts(phrases, where.at(f"sets > {name}"))
    for name, added in _mapping(data.get("routes", {}), where.at("routes")).items():
        for set_name, phrases in _mapping(added, where.at(f"routes > {name}")).items():
            if set_name not in sets:
                raise where.at(f"routes > {name} > {set_name}").fail(
                    f"names unknown set {_shown(set_name)} (sets are: {', '.join(sorted(sets))})")
            extra = _texts(phrases, where.at(f"routes > {name} > {set_name}"))
            if name == route:
                sets[set_name] = tuple(dict.fromkeys(sets[set_name] + extra))

    def expand(phrases, at: _Where) -> tuple[str, ...]:
        return expand_phrases(phrases, at, sets)

    modifiers = {}
    for name, phrases in _mapping(data["modifiers"], where.at("modifiers"), optional=MODIFIERS).items():
        modifiers[name] = expand(phrases, where.at(f"modifiers > {name}"))
    window = data["window"]
    if not isinstance(window, int) or window < 1:
        raise where.at("window").fail(f"expected a positive whole number, got {_kind(window)}")

    concepts, seen = [], set()
    if not isinstance(data["concepts"], list):
        raise where.at("concepts").fail(f"expected a list of concepts, got {_kind(data['concepts'])}")
    for index, entry in enumerate(data["concepts"]):
        at = where.at(f"concepts[{index}]")
        entry = _mapping(entry, at, required=("id",),
                         optional=("terms", "phrases", "patterns", "unless", "overrides", "window", "implies",
                                   "unless_said", "covers_clause"))
        cid = _text(entry["id"], at)
        at = where.at(f"concept {cid!r}")
        if cid in seen:
            raise at.fail("duplicate concept id")
        seen.add(cid)
        patterns = []
        if "phrases" in entry:
            patterns.extend((expand([p], at.at("phrases")),) for p in _texts(entry["phrases"], at.at("phrases")))
        for p_index, pattern in enumerate(entry.get("patterns", [])):
            p_at = at.at(f"patterns[{p_index}]")
            if not isinstance(pattern, list) or len(pattern) < 2:
                raise p_at.fail(f"expected a list of two or more slots, got {_kind(pattern)}")
            patterns.append(tuple(expand(slot, p_at.at(f"slot {i}")) for i, slot in enumerate(pattern)))
        if not patterns:
            raise at.fail("needs 'phrases' or 'patterns' (a concept nobody can say is never matched)")
        concept_window = entry.get("window", 0)
        if not isinstance(concept_window, int) or concept_window < 0:
            raise at.at("window").fail(f"expected a whole number, got {_kind(concept_window)}")
        concepts.append(Concept(
            id=cid,
            terms=tuple(normalise(t) for t in _texts(entry.get("terms", []), at.at("terms"), allow_empty=True)),
            patterns=tuple(patterns),
            unless=expand(entry["unless"], at.at("unless")) if "unless" in entry else (),
            overrides=_texts(entry.get("overrides", []), at.at("overrides"), allow_empty=True),
            window=concept_window,
            implies=_modifier_names(entry.get("implies", []), at.at("implies")),
            unless_said=frozenset(w.lower() for w in _texts(entry.get("unless_said", []), at.at("unless_said"),
                                                            allow_empty=True)),
            covers_clause=_flag(entry.get("covers_clause", False), at.at("covers_clause")),
        ))
    overrides = {concept.id: set(concept.overrides) for concept in concepts}
    for concept in concepts:
        for other in concept.overrides:
            if other not in seen:
                raise where.at(f"concept {concept.id!r} > overrides").fail(f"names unknown concept {_shown(other)}")
            if concept.id in overrides[other]:  # both would vanish where they meet
                raise where.at(f"concept {concept.id!r} > overrides").fail(
                    f"{other!r} also overrides {concept.id!r}; only one may override the other")
    readings = tuple(_reading(entry, where.at(f"readings[{i}]"), seen, expand)
                     for i, entry in enumerate(data.get("readings", [])))
    return Lexicon(tuple(concepts), modifiers, expand(data["breaks"], where.at("breaks")), window,
                   expand(data["sites"], where.at("sites")), expand(data["joiners"], where.at("joiners")),
                   readings, sets, expand(data["spread"], where.at("spread")) if "spread" in data else (),
                   frozenset(_known_ids(data.get("covered", []), where.at("covered"), seen)))


def _known_ids(values, where: _Where, known: set) -> tuple[str, ...]:
    ids = _texts(values, where, allow_empty=True)
    for cid in ids:
        if cid not in known:
            raise where.fail(f"names unknown concept {_shown(cid)}")
    return ids


def _flag(value, where: _Where) -> bool:
    if not isinstance(value, bool):
        raise where.fail(f"expected true or false, got {_kind(value)}")
    return value


def parse_explained(data, file: str, lexicon: Lexicon) -> Explained:
    """Causes that explain a symptom away, and words that say it is over (triage/explained.py)."""
    where = _Where(file)
    data = _mapping(data, where, required=("explanations", "resolved"))
    known = {concept.id for concept in lexicon.concepts}

    def entry(value, at: _Where, key: str) -> Explanation:
        value = _mapping(value, at, required=("concepts", key, "unless"))
        concepts = _texts(value["concepts"], at.at("concepts"))
        for cid in concepts:
            if cid not in known:
                raise at.at("concepts").fail(f"names unknown concept {_shown(cid)}")
        return Explanation(frozenset(concepts), tuple(p.lower() for p in _texts(value[key], at.at(key))),
                           tuple(p.lower() for p in _texts(value["unless"], at.at("unless"))))

    if not isinstance(data["explanations"], list):
        raise where.at("explanations").fail(f"expected a list, got {_kind(data['explanations'])}")
    explanations = tuple(entry(value, where.at(f"explanations[{i}]"), "because")
                         for i, value in enumerate(data["explanations"]))
    return Explained(explanations, entry(data["resolved"], where.at("resolved"), "phrases"))


def parse_wording(data, file: str, lexicon: Lexicon) -> Wording:
    """How a leaflet item is said from its own words (triage/wording.py); "@set"s name lexicon sets."""
    where = _Where(file)
    lists = ("qualifiers", "tails", "carriers", "links", "ignore")
    data = _mapping(data, where, required=("window", "placed", "endings", "findings", "sites", *lists),
                    optional=("with_links", "irritation"))
    window = data["window"]
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise where.at("window").fail(f"expected a positive whole number, got {_kind(window)}")
    words = {name: tuple(p.lower() for p in _texts(data[name], where.at(name))) for name in lists}

    def table(name: str) -> dict:
        return {key.lower(): expand_phrases(value, where.at(f"{name} > {key}"), lexicon.sets)
                for key, value in _mapping(data[name], where.at(name)).items()}

    placed = {}
    for key, value in _mapping(data["placed"], where.at("placed")).items():
        at = where.at(f"placed > {key}")
        value = _mapping(value, at, required=("item", "said"))
        if not isinstance(value["said"], list) or not value["said"]:
            raise at.at("said").fail(f"expected a list of patterns (lists of slots), got {_kind(value['said'])}")
        said = []
        for index, pattern in enumerate(value["said"]):
            p_at = at.at(f"said[{index}]")
            if not isinstance(pattern, list) or not pattern:
                raise p_at.fail(f"expected a list of slots, got {_kind(pattern)}")
            slots = [pattern] if all(isinstance(slot, str) for slot in pattern) else pattern
            said.append(tuple(expand_phrases(slot, p_at.at(f"slot {i}"), lexicon.sets) for i, slot in enumerate(slots)))
        placed[str(key)] = (tuple(p.lower() for p in _texts(value["item"], at.at("item"))), tuple(said))
    endings = {}
    for key, value in _mapping(data["endings"], where.at("endings")).items():
        if not isinstance(value, str):
            raise where.at(f"endings > {key}").fail(f"expected a string (may be empty), got {_kind(value)}")
        endings[str(key)] = value
    return Wording(window, frozenset(words["qualifiers"]), words["tails"], placed, endings,
                   frozenset(words["carriers"]), frozenset(words["links"]), frozenset(words["ignore"]),
                   table("findings"), table("sites"),
                   frozenset(p.lower() for p in _texts(data.get("with_links", []), where.at("with_links"), allow_empty=True)),
                   frozenset(p.lower() for p in _texts(data.get("irritation", []), where.at("irritation"), allow_empty=True)))


def _reading(entry, where: _Where, concepts: set, expand) -> Reading:
    entry = _mapping(entry, where, required=("concept", "after", "at_least"), optional=("at_least_f",))
    concept = _text(entry["concept"], where.at("concept"))
    if concept not in concepts:
        raise where.at("concept").fail(f"names unknown concept {_shown(concept)}")
    for key in ("at_least", "at_least_f"):
        if key in entry and (isinstance(entry[key], bool) or not isinstance(entry[key], (int, float))):
            raise where.at(key).fail(f"expected a number, got {_kind(entry[key])}")
    return Reading(concept, expand(entry["after"], where.at("after")), float(entry["at_least"]),
                   float(entry["at_least_f"]) if "at_least_f" in entry else None)


def _modifier_names(value, where: _Where) -> tuple[str, ...]:
    names = _texts(value, where, allow_empty=True)
    for name in names:
        if name not in MODIFIERS:
            raise where.fail(f"unknown modifier {_shown(name)} (expected one of: {', '.join(MODIFIERS)})")
    return names


def parse_context(data, file: str) -> tuple[ContextRule, ...]:
    where = _Where(file)
    data = _mapping(data, where, required=("rules",))
    if not isinstance(data["rules"], list) or not data["rules"]:
        raise where.at("rules").fail(f"expected a list of rules, got {_kind(data['rules'])}")
    rules = []
    literals: dict[str, int] = {}
    for index, entry in enumerate(data["rules"]):
        at = where.at(f"rules[{index}]")
        entry = _mapping(entry, at, required=("literal", "category", "direction"),
                         optional=("pattern", "max_scope", "fillers"))
        literal = _text(entry["literal"], at.at("literal"))
        at = where.at(f"rule {literal!r}")
        if entry.get("pattern") is None:
            # two rules on the same words: which one ConText keeps would be an accident of ordering
            words = " ".join(literal.lower().split())
            if words in literals:
                raise at.fail(f"the same words as rules[{literals[words]}]; keep one rule per literal")
            literals[words] = index
        if entry["category"] not in CONTEXT_CATEGORIES:
            raise at.fail(f"unknown category {_shown(entry['category'])} (expected one of: {', '.join(CONTEXT_CATEGORIES)})")
        if entry["direction"] not in CONTEXT_DIRECTIONS:
            raise at.fail(f"unknown direction {_shown(entry['direction'])} (expected one of: {', '.join(CONTEXT_DIRECTIONS)})")
        pattern = entry.get("pattern")
        if pattern is not None and not (isinstance(pattern, list) and all(isinstance(t, dict) for t in pattern)):
            raise at.at("pattern").fail("expected a list of spaCy token patterns (mappings)")
        if pattern is not None:
            from spacy.schemas import validate_token_pattern  # only when knowledge is read from YAML

            problems = validate_token_pattern(pattern)
            if problems:  # e.g. an unquoted `no` read by YAML as false
                raise at.at("pattern").fail(f"not a valid spaCy token pattern: {problems[0]}")
        max_scope = entry.get("max_scope")
        if max_scope is not None and (not isinstance(max_scope, int) or max_scope < 1):
            raise at.at("max_scope").fail(f"expected a positive whole number, got {_kind(max_scope)}")
        fillers = entry.get("fillers")
        if fillers is not None and entry["direction"] != "ALONE":
            raise at.at("fillers").fail("only a rule of direction ALONE has fillers")
        fillers = tuple(f.lower() for f in _texts(fillers, at.at("fillers"))) if fillers is not None else ()
        rules.append(ContextRule(literal, entry["category"], entry["direction"],
                                 tuple(pattern) if pattern else None, max_scope, frozenset(fillers)))
    return tuple(rules)


def parse_safety_net(data, file: str, lexicon: Lexicon) -> SafetyNet:
    """The emergencies answered for every leaflet, each with the guidance it comes from."""
    where = _Where(file)
    data = _mapping(data, where, required=("sources", "note", "signs"))
    sources = {key: _text(value, where.at(f"sources > {key}"))
               for key, value in _mapping(data["sources"], where.at("sources")).items()}
    note = _text(data["note"], where.at("note"))
    if "{source}" not in note:
        raise where.at("note").fail("expected the placeholder {source} in the note")
    concepts = {c.id for c in lexicon.concepts}
    if not isinstance(data["signs"], list) or not data["signs"]:
        raise where.at("signs").fail(f"expected a list of signs, got {_kind(data['signs'])}")
    signs, seen = [], set()
    for index, entry in enumerate(data["signs"]):
        at = where.at(f"signs[{index}]")
        entry = _mapping(entry, at, required=("id", "title", "source", "when"), optional=("advice", "whoever"))
        sid = _text(entry["id"], at.at("id"))
        at = where.at(f"sign {sid!r}")
        if sid in seen:
            raise at.fail("duplicate sign id")
        seen.add(sid)
        source = _text(entry["source"], at.at("source"))
        if source not in sources:
            raise at.at("source").fail(f"unknown source {_shown(source)} (expected one of: {', '.join(sorted(sources))})")
        if not isinstance(entry["when"], list) or not entry["when"]:
            raise at.at("when").fail(f"expected a list of ways, each a list of conditions, got {_kind(entry['when'])}")
        ways = []
        for w_index, way in enumerate(entry["when"]):
            w_at = at.at(f"when[{w_index}]")
            if not isinstance(way, list) or not way:
                raise w_at.fail(f"expected a list of conditions, got {_kind(way)}")
            conditions = []
            for c_index, cond in enumerate(way):
                c_at = w_at.at(f"[{c_index}]")
                cond = _mapping(cond, c_at, required=("any",), optional=("with", "unless"))
                names = _texts(cond["any"], c_at.at("any"))
                unless = _texts(cond.get("unless", []), c_at.at("unless"), allow_empty=True)
                for key, listed in (("any", names), ("unless", unless)):
                    for name in listed:
                        if name not in concepts:
                            raise c_at.at(key).fail(f"names unknown lexicon concept {_shown(name)}")
                conditions.append(NetCondition(names, _modifier_names(cond.get("with", []), c_at.at("with")), unless))
            ways.append(tuple(conditions))
        advice = _text(entry["advice"], at.at("advice")) if "advice" in entry else ""
        signs.append(NetSign(sid, _text(entry["title"], at.at("title")), sources[source], tuple(ways), advice,
                             _flag(entry.get("whoever", False), at.at("whoever"))))
    # a condition's `unless` concepts must be in the pool the signs are read from, too
    concepts = frozenset(c for sign in signs for way in sign.ways for cond in way for c in cond.concepts + cond.unless)
    return SafetyNet(note, tuple(signs), concepts)


def parse_subject(data, file: str) -> Subject:
    where = _Where(file)
    texts = ("unknown_note", "chat_question", "chat_not_user", "chat_unsure")
    data = _mapping(data, where, required=SUBJECT_LISTS + texts)
    lists = {name: tuple(t.lower() for t in _texts(data[name], where.at(name))) for name in SUBJECT_LISTS}
    return Subject(lists, *(_text(data[name], where.at(name)) for name in texts))


def parse_soundalikes(data, file: str) -> SoundAlikeTable:
    where = _Where(file)
    data = _mapping(data, where, required=("window", "heard_as"))
    window = data["window"]
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 10:
        raise where.at("window").fail(f"expected a whole number from 1 to 10, got {_kind(window)}")
    if not isinstance(data["heard_as"], list):
        raise where.at("heard_as").fail(f"expected a list of entries, got {_kind(data['heard_as'])}")
    entries, seen = [], set()
    for index, entry in enumerate(data["heard_as"]):
        at = where.at(f"heard_as[{index}]")
        entry = _mapping(entry, at, required=("heard", "meant"), optional=("near", "unless_near", "unless_next"))
        heard = tuple(w.lower() for w in _texts(entry["heard"], at.at("heard")))
        for word in heard:
            if word in seen:
                raise at.at("heard").fail(f"{word!r} is heard as two different words")
            seen.add(word)
        lists = {key: tuple(w.lower() for w in _texts(entry.get(key, []), at.at(key), allow_empty=True))
                 for key in ("near", "unless_near", "unless_next")}
        entries.append(HeardAs(heard, _text(entry["meant"], at.at("meant")).lower(), **lists))
    return SoundAlikeTable(window, tuple(entries))


def parse_leaflet(data, file: str, levels: Levels) -> Leaflet:
    """The imported part of a leaflet: its side-effect items, tiers and frequency groups."""
    where = _Where(file)
    data = _mapping(data, where, required=("leaflet", "title", "source", "tiers"))
    items, seen = [], set()
    tier_sentences = {}
    if not isinstance(data["tiers"], list) or not data["tiers"]:
        raise where.at("tiers").fail(f"expected a list of tiers, got {_kind(data['tiers'])}")
    for t_index, tier in enumerate(data["tiers"]):
        at = where.at(f"tiers[{t_index}]")
        tier = _mapping(tier, at, required=("tier", "sentence", "groups"))
        name = tier["tier"]
        if name not in levels.tiers:
            raise at.fail(f"unknown tier {_shown(name)} (expected one of: {', '.join(levels.tiers)})")
        # the first sentence of a tier is its main one ("After you stop..." lists come later)
        tier_sentences.setdefault(name, _text(tier["sentence"], at.at("sentence")))
        level, source = levels.tiers[name]
        if not isinstance(tier["groups"], list):
            raise at.at("groups").fail(f"expected a list of groups, got {_kind(tier['groups'])}")
        for g_index, group in enumerate(tier["groups"]):
            g_at = at.at(f"groups[{g_index}]")
            group = _mapping(group, g_at, required=("group", "items"))
            group_name = _text(group["group"], g_at.at("group"))
            for text in _texts(group["items"], g_at.at("items")):
                if text in seen:
                    raise g_at.fail(f"duplicate item {_shown(text)}")
                seen.add(text)
                items.append(Item(text, name, group_name, level, source))
    return Leaflet(
        name=_text(data["leaflet"], where.at("leaflet")),
        title=_text(data["title"], where.at("title")),
        source=_text(data["source"], where.at("source")),
        tier_sentences=tier_sentences,
        items=tuple(items),
    )


def parse_overlay(data, file: str, leaflet: Leaflet, levels: Levels) -> Leaflet:
    """Hand-written additions: Precautions warning groups, escalation rules, notes."""
    where = _Where(file)
    data = _mapping(data, where, required=("leaflet",), optional=("groups", "rules", "notes"))
    name = _text(data["leaflet"], where.at("leaflet"))
    if name != leaflet.name:
        raise where.at("leaflet").fail(f"is for {_shown(name)}, not {leaflet.name!r}")
    items = {item.text: item for item in leaflet.items}
    groups = []
    for index, entry in enumerate(data.get("groups", [])):
        at = where.at(f"groups[{index}]")
        entry = _mapping(entry, at, required=("id", "title", "advice", "quote", "level", "source", "signs"))
        gid = _text(entry["id"], at)
        at = where.at(f"group {gid!r}")
        if any(group.id == gid for group in groups):
            raise at.fail("duplicate group id")
        level = _level(entry["level"], at.at("level"))
        source = _source(entry["source"], levels.sources, at.at("source"))
        signs = _texts(entry["signs"], at.at("signs"))
        for sign in signs:
            if sign in items:
                old = items[sign]
                items[sign] = Item(old.text, old.tier, old.group, old.level, old.source, old.groups + (gid,))
            else:  # a warning sign named only in Precautions becomes an item of its own
                items[sign] = Item(sign, "precautions", _text(entry["title"], at), level, source, (gid,))
        groups.append(WarningGroup(gid, _text(entry["title"], at), _text(entry["advice"], at),
                                   _text(entry["quote"], at), signs))

    def known(texts, at: _Where) -> tuple[str, ...]:
        for text in texts:
            if text not in items:
                raise at.fail(f"names unknown item {_shown(text)}")
        return texts

    rules, seen = [], set()
    for index, entry in enumerate(data.get("rules", [])):
        at = where.at(f"rules[{index}]")
        entry = _mapping(entry, at, required=("id", "level", "when", "reason", "source"))
        rid = _text(entry["id"], at)
        at = where.at(f"rule {rid!r}")
        if rid in seen:
            raise at.fail("duplicate rule id")
        seen.add(rid)
        if not isinstance(entry["when"], list) or not entry["when"]:
            raise at.at("when").fail(f"expected a list of conditions, got {_kind(entry['when'])}")
        conditions = []
        for c_index, cond in enumerate(entry["when"]):
            c_at = at.at(f"when[{c_index}]")
            cond = _mapping(cond, c_at, required=("any",), optional=("with",))
            mods = _modifier_names(cond.get("with", []), c_at.at("with"))
            conditions.append(Condition(known(_texts(cond["any"], c_at.at("any")), c_at.at("any")), mods))
        rules.append(Rule(rid, _level(entry["level"], at.at("level")), tuple(conditions),
                          _text(entry["reason"], at.at("reason")),
                          _source(entry["source"], levels.sources, at.at("source"))))
    notes = []
    for index, entry in enumerate(data.get("notes", [])):
        at = where.at(f"notes[{index}]")
        entry = _mapping(entry, at, required=("items", "text"))
        notes.append(Note(known(_texts(entry["items"], at.at("items")), at.at("items")), _text(entry["text"], at)))
    return Leaflet(leaflet.name, leaflet.title, leaflet.source, leaflet.tier_sentences,
                   tuple(items.values()), tuple(groups), tuple(rules), tuple(notes))


_QUALIFIER = re.compile(r"\((?:severe|continued|continuing|mild|sudden|painful|rare|in some patients)\)", re.I)


_LEADING_QUALIFIER = re.compile(r"^(?:severe|mild|continuing|continued|sudden|painful|unusual|persistent|extreme) ")


def link(lexicon: Lexicon, leaflet: Leaflet) -> dict:
    """Concept id -> the leaflet items whose wording contains one of the concept's terms.

    Linking by wording is what lets another leaflet's "bloody or black, tarry
    stools" reuse the same lay phrases as this one's "Black, tarry stools".
    """
    # "Confusion (severe)" and "headache (continued)" are still confusion and headache
    normalised = [(item.text, {f" {normalise(item.text)} ", f" {normalise(_QUALIFIER.sub(' ', item.text))} "})
                  for item in leaflet.items]

    def names(term: str, norms: set) -> bool:
        # a one-word term must be the whole item: "cough" is not "cough producing mucus"
        if " " not in term:
            return f" {term} " in norms
        return any(f" {term} " in norm for norm in norms)

    links = {}
    for concept in lexicon.concepts:
        texts = tuple(text for text, norms in normalised if any(names(t, norms) for t in concept.terms))
        if texts:
            links[concept.id] = texts
    # "severe headache" on a leaflet that lists no plain headache is still where a headache goes: a
    # leading qualifier says how bad, it is not a word the person must use
    plain = [(text, {f" {_LEADING_QUALIFIER.sub('', normalise(text))} "}) for text, _norms in normalised
             if _LEADING_QUALIFIER.match(normalise(text))]
    for concept in lexicon.concepts:
        if concept.id not in links:
            texts = tuple(text for text, norms in plain if any(names(t, norms) for t in concept.terms))
            if texts:
                links[concept.id] = texts
    return links
