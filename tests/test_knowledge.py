"""Knowledge files are validated on load; errors name the file, the entry and what was expected."""

import textwrap

import pytest
import yaml

import triage
from triage import KnowledgeError, cli
from triage.knowledge import installed_leaflets, load_knowledge
from triage.schema import parse_context, parse_leaflet, parse_lexicon, parse_overlay

LEAFLET = """\
leaflet: testdrug
title: Testdrug (oral route)
source: test
tiers:
  - tier: urgent
    sentence: Check with your doctor immediately if any of the following side effects occur
    groups:
      - group: Less common
        items: [fever, "Bloody or black, tarry stools"]
  - tier: routine
    sentence: Check with your health care professional if any of the following side effects continue or are bothersome
    groups:
      - group: More common
        items: [headache]
"""


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_knowledge_every_leaflet_item_is_in_the_knowledge(knowledge):
    """Docs and data agree: the shipped file holds every side-effect item of the leaflet."""
    texts = {item.text for item in knowledge.leaflet.items}
    for expected in ["Black, tarry stools", "cough producing mucus", "yellow skin and eyes",
                     "redness, pain, swelling of the eye, eyelid, or inner lining of the eyelid",
                     "confusion", "double vision", "fast heartbeat",
                     "inability to move arms, legs, or facial muscles"]:
        assert expected in texts
    assert sum(item.tier == "urgent" for item in knowledge.leaflet.items) == 46
    assert sum(item.tier == "routine" for item in knowledge.leaflet.items) == 15


def test_knowledge_every_item_and_rule_is_reachable(knowledge):
    linked = {text for texts in knowledge.links.values() for text in texts}
    assert linked == {item.text for item in knowledge.leaflet.items}, "an item no phrase can reach"
    for rule in knowledge.leaflet.rules:
        assert knowledge.levels.sources[rule.source]


def test_knowledge_every_level_decision_has_a_source(knowledge):
    for item in knowledge.leaflet.items:
        assert item.source in knowledge.levels.sources
    for info in knowledge.levels.by_level.values():
        assert info.source in knowledge.levels.sources


def test_knowledge_installed_leaflets_include_the_default():
    assert "ruxolitinib-topical" in installed_leaflets()


def test_knowledge_loads_a_leaflet_file_by_path(tmp_path):
    path = write(tmp_path, "testdrug.yaml", LEAFLET)
    bot = triage.load(str(path))
    answer = bot.assess("my poop is black")
    assert answer.level == "urgent"
    assert [f.item for f in answer.counted] == ["Bloody or black, tarry stools"]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(colour="red"), "unknown key 'colour'"),
    (lambda d: d.pop("title"), "missing required key 'title'"),
    (lambda d: d["tiers"][0].update(tier="sometimes"), "unknown tier 'sometimes'"),
    (lambda d: d["tiers"][1]["groups"][0]["items"].append("fever"), "duplicate item 'fever'"),
    (lambda d: d["tiers"][0]["groups"][0].update(items=[]), "expected a list of strings"),
    (lambda d: d["tiers"][0]["groups"][0].update(items=[42]), "expected a non-empty string, got int 42"),
])
def test_knowledge_leaflet_errors_name_the_entry(change, message, knowledge):
    data = yaml.safe_load(LEAFLET)
    change(data)
    with pytest.raises(KnowledgeError, match=message) as error:
        parse_leaflet(data, "testdrug.yaml", knowledge.levels)
    assert str(error.value).startswith("testdrug.yaml")


def test_knowledge_malformed_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "broken.yaml", "leaflet: x\ntiers: [unclosed\n")
    with pytest.raises(KnowledgeError, match=r"broken.yaml: line \d+: not valid YAML"):
        triage.load(str(path))


def test_knowledge_only_safe_yaml_is_loaded(tmp_path):
    path = write(tmp_path, "evil.yaml", "leaflet: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(KnowledgeError, match="not valid YAML"):
        triage.load(str(path))


@pytest.mark.parametrize("overlay, message", [
    ({"rules": [{"id": "r", "level": "emergency", "when": [{"any": ["no such item"]}],
                 "reason": "x", "source": "leaflet"}]}, "names unknown item 'no such item'"),
    ({"rules": [{"id": "r", "level": "panic", "when": [{"any": ["fever"]}],
                 "reason": "x", "source": "leaflet"}]}, "unknown level 'panic'"),
    ({"rules": [{"id": "r", "level": "urgent", "when": [{"any": ["fever"]}], "reason": "x",
                 "source": "a blog"}]}, "unknown source 'a blog'"),
    ({"rules": [{"id": "r", "level": "urgent", "when": [{"any": ["fever"], "with": ["loud"]}],
                 "reason": "x", "source": "leaflet"}]}, "unknown modifier 'loud'"),
    ({"rules": [{"id": "r", "level": "urgent", "when": [{"any": ["fever"]}], "reason": "x", "source": "leaflet"},
                {"id": "r", "level": "urgent", "when": [{"any": ["fever"]}], "reason": "x", "source": "leaflet"}]},
     "rule 'r': duplicate rule id"),
    ({"notes": [{"items": ["headache"], "txt": "x"}]}, "unknown key 'txt'"),
    ({"leaflet": "otherdrug"}, "is for 'otherdrug'"),
])
def test_knowledge_overlay_errors_name_the_entry(overlay, message, knowledge):
    leaflet = parse_leaflet(yaml.safe_load(LEAFLET), "testdrug.yaml", knowledge.levels)
    data = {"leaflet": "testdrug", **overlay}
    with pytest.raises(KnowledgeError, match=message) as error:
        parse_overlay(data, "testdrug.safety.yaml", leaflet, knowledge.levels)
    assert str(error.value).startswith("testdrug.safety.yaml")


LEXICON = {"sets": {"eye": ["eye", "eyes"]}, "modifiers": {"sudden": ["suddenly"]}, "breaks": ["but"],
           "window": 8, "sites": ["@eye"], "joiners": ["and"], "concepts": []}


@pytest.mark.parametrize("concepts, message", [
    ([{"id": "a", "phrases": ["x"]}, {"id": "a", "phrases": ["y"]}], "concept 'a': duplicate concept id"),
    ([{"id": "a"}], "concept 'a': needs 'phrases' or 'patterns'"),
    ([{"id": "a", "patterns": [["@nose", "itchy"]]}], "unknown set '@nose'"),
    ([{"id": "a", "phrases": ["x"], "overrides": ["b"]}], "names unknown concept 'b'"),
    ([{"id": "a", "phrases": ["x"], "implies": ["loud"]}], "unknown modifier 'loud'"),
    ([{"id": "a", "phrases": ["x"], "synonyms": ["y"]}], "unknown key 'synonyms'"),
    ([{"id": "a", "patterns": [["itchy"]]}], "two or more slots"),
    ([{"id": "a", "phrases": [False]}], "expected a non-empty string, got bool False"),
    ([{"id": "a", "phrases": ["x"], "covers_clause": "yes"}], "concept 'a' > covers_clause: expected true or false"),
])
def test_knowledge_lexicon_errors_name_the_concept(concepts, message):
    with pytest.raises(KnowledgeError, match=message) as error:
        parse_lexicon({**LEXICON, "concepts": concepts}, "lexicon.yaml")
    assert str(error.value).startswith("lexicon.yaml")


@pytest.mark.parametrize("extra, message", [
    ({"covered": ["no_such_concept"]}, "covered: names unknown concept 'no_such_concept'"),
    ({"routes": {"ophthalmic": {"nose": ["the drops"]}}}, "routes > ophthalmic > nose: names unknown set 'nose'"),
])
def test_knowledge_lexicon_route_and_cover_errors_name_the_entry(extra, message):
    with pytest.raises(KnowledgeError, match=message):
        parse_lexicon({**LEXICON, "concepts": [{"id": "a", "phrases": ["x"]}], **extra}, "lexicon.yaml")


def test_knowledge_a_route_adds_its_phrases_only_to_its_leaflets():
    data = {**LEXICON, "concepts": [{"id": "a", "patterns": [["@eye", "red"]]}],
            "routes": {"ophthalmic": {"eye": ["the drops"]}}}
    assert "the drops" in parse_lexicon(data, "lexicon.yaml", route="ophthalmic").sets["eye"]
    assert "the drops" not in parse_lexicon(data, "lexicon.yaml", route="topical").sets["eye"]


@pytest.mark.parametrize("rule, message", [
    ({"literal": "no", "category": "NEGATED", "direction": "FORWARD"}, "unknown category 'NEGATED'"),
    ({"literal": "no", "category": "FAMILY", "direction": "SIDEWAYS"}, "unknown direction 'SIDEWAYS'"),
    ({"literal": "no", "category": "FAMILY"}, "missing required key 'direction'"),
    ({"literal": "no", "category": "FAMILY", "direction": "FORWARD", "max_scope": 0}, "positive whole number"),
])
def test_knowledge_context_errors_name_the_rule(rule, message):
    with pytest.raises(KnowledgeError, match=message):
        parse_context({"rules": [rule]}, "context.yaml")


def test_knowledge_context_refuses_two_rules_on_the_same_words():
    rules = [{"literal": "ruled out", "category": "NEGATED_EXISTENCE", "direction": "BACKWARD"},
             {"literal": "Ruled  out", "category": "NEGATED_EXISTENCE", "direction": "FORWARD"}]
    with pytest.raises(KnowledgeError, match=r"rule 'Ruled  out': the same words as rules\[0\]"):
        parse_context({"rules": rules}, "context.yaml")


def test_cli_broken_knowledge_exits_4_with_a_message_not_a_traceback(tmp_path, capsys):
    path = write(tmp_path, "testdrug.yaml", LEAFLET.replace("tier: routine", "tier: whenever"))
    code = cli.main(["ask", "--leaflet", str(path), "fever"])
    out, err = capsys.readouterr()
    assert code == 4 and out == ""
    assert "testdrug.yaml: tiers[1]: unknown tier 'whenever'" in err
    assert "Traceback" not in err


def test_knowledge_context_token_pattern_is_validated():
    rule = {"literal": "but not", "category": "HISTORICAL", "direction": "BACKWARD",
            "pattern": [{"LOWER": "but"}, {"LOWER": {"IN": ["not", False]}}]}
    with pytest.raises(KnowledgeError, match="rule 'but not' > pattern: not a valid spaCy token pattern"):
        parse_context({"rules": [rule]}, "context.yaml")


def test_knowledge_lexicon_refuses_concepts_that_override_each_other():
    concepts = [{"id": "a", "phrases": ["x"], "overrides": ["b"]}, {"id": "b", "phrases": ["y"], "overrides": ["a"]}]
    with pytest.raises(KnowledgeError, match="concept 'a' > overrides: 'b' also overrides 'a'"):
        parse_lexicon({**LEXICON, "concepts": concepts}, "lexicon.yaml")


@pytest.mark.parametrize("reading, message", [
    ({"concept": "nope", "after": ["temp"], "at_least": 38}, "names unknown concept 'nope'"),
    ({"concept": "a", "after": ["temp"], "at_least": "high"}, "expected a number"),
    ({"concept": "a", "after": ["temp"]}, "missing required key 'at_least'"),
])
def test_knowledge_readings_are_validated(reading, message):
    data = {**LEXICON, "concepts": [{"id": "a", "phrases": ["x"]}], "readings": [reading]}
    with pytest.raises(KnowledgeError, match=message):
        parse_lexicon(data, "lexicon.yaml")


def test_knowledge_yaml_aliases_are_refused_quickly_with_one_line(tmp_path, capsys):
    """A "billion laughs" file given with --leaflet: exit 4, one line, no expansion (issue 14)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f'{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},'
              f'*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]' for i in range(8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = cli.main(["ask", "--leaflet", str(path), "fever"])
    err = capsys.readouterr().err
    assert code == 4 and err.count("\n") == 1
    assert "bomb.yaml: line 2: YAML aliases (*name) are not allowed" in err


def test_knowledge_a_safety_net_sign_says_whoever_as_true_or_false(knowledge):
    from triage.knowledge import _package_file
    from triage.schema import parse_safety_net

    data = yaml.safe_load(_package_file("safety-net.yaml").read_text(encoding="utf-8"))
    assert {s.id for s in parse_safety_net(data, "safety-net.yaml", knowledge.lexicon).signs if s.whoever} >= {
        "unresponsive", "seizure", "anaphylaxis"}
    data["signs"][0]["whoever"] = "yes"
    with pytest.raises(KnowledgeError, match=r"safety-net.yaml: sign 'unresponsive' > whoever: expected true or false"):
        parse_safety_net(data, "safety-net.yaml", knowledge.lexicon)
