"""Other leaflets of the Mayo Clinic / Micromedex "Side Effects" family, read through the shared
lexicon: every item of the synthetic leaflets under tests/leaflets/ is linked to a lexicon
concept, and everyday phrasings reach the right item of each leaflet (two or more phrasings per
concept that other leaflets need). The leaflets are imported as `triage import` would, into a
temporary folder, and loaded by path."""

from pathlib import Path

import pytest

import triage
from triage import Level
from triage.knowledge import load_knowledge
from triage.leaflet import parse_leaflet_text
from triage.leaflet_yaml import to_yaml

LEAFLETS = Path(__file__).parent / "leaflets"
NOT_LEAFLETS = {"not-a-leaflet.txt"}  # the importer refuses it (tests/test_leaflet.py)
SYNTHETIC = sorted(p.name for p in LEAFLETS.glob("*.txt") if p.name not in NOT_LEAFLETS)

# Items of the synthetic leaflets that no concept links to, and why. Keyed by (leaflet file, item).
UNLINKED_ALLOWED: dict[tuple[str, str], str] = {}

# Concepts written for other leaflets' wordings, and the ruxolitinib items each may name: a new
# concept must not take over a ruxolitinib item unless it means that item.
OTHER_LEAFLET_CONCEPTS = {
    "stomach_pain": (), "heartburn": (), "indigestion": (), "belching": (), "bloating": (), "gas": (),
    "constipation": (), "appetite_loss": (), "appetite_increase": (), "thirst": (), "dry_mouth": (),
    "vomiting_blood": (), "dark_urine": (), "pale_stools": (), "anal_itch": (), "nosebleed": (),
    "skin_lesions": (), "skin_blisters": (), "dry_skin": (), "skin_thinning": (), "face_swelling": (),
    "flushing": (), "sun_sensitivity": (), "wheezing": (), "fast_breathing": (), "slow_breathing": (),
    "sneezing": (), "slow_heartbeat": (), "ear_pounding": (), "ringing_ears": (), "light_sensitivity": (),
    "swallowing_trouble": (), "hoarseness": (), "muscle_weakness": (), "muscle_cramps": (), "back_pain": (),
    "joint_pain": (), "tendon_pain": (), "bone_pain": (), "moving_difficulty": (), "neck_stiffness": (),
    "tremor": (), "seizures": (), "numbness_tingling": (), "drowsiness": (), "insomnia": (), "bad_dreams": (),
    "hallucinations": (), "depression": (), "suicidal_thoughts": (), "restlessness": (), "irritability": (),
    "mood_changes": (), "poor_concentration": (), "memory_problems": (),
    "orthostatic_dizziness": ("dizziness or lightheadedness",),
    "cyanosis": (), "urine_decrease": (), "incontinence": (), "vaginal_irritation": (), "injection_site": (),
    "weight_gain": (), "breath_odor": (),
}

# The items the phrasings below expect, by leaflet file.
LEVO = "levofloxacin-oral.txt"
NAPROXEN = "naproxen-oral.txt"
BACLOFEN = "baclofen-oral-numbered.txt"
HYDROCORTISONE = "hydrocortisone-topical.txt"
FLU = "influenza-vaccine.txt"
DRY = "side-effects-only.txt"

HIVE_SWELLING = ("large, hive-like swelling on the face, eyelids, lips, tongue, throat, hands, legs, "
                 "feet, or sex organs")
ORTHOSTATIC = ("dizziness, faintness, or lightheadedness when getting up suddenly from a lying or "
               "sitting position")
FLU_SWELLING = "puffiness or swelling of the eyelids or around the eyes, face, lips, or tongue"
COFFEE_GROUNDS = "vomiting of blood or material that looks like coffee grounds"

# (concept, leaflet file, message, item the message must reach)
PHRASINGS = [
    ("stomach_pain", LEVO, "my stomach hurts", "Abdominal or stomach pain"),
    ("stomach_pain", LEVO, "I have cramps in my belly", "Abdominal or stomach pain"),
    ("stomach_pain", NAPROXEN, "my tummy is killing me", "Stomach pain (severe)"),
    ("heartburn", NAPROXEN, "I get heartburn after every meal", "Heartburn"),
    ("heartburn", NAPROXEN, "acid reflux at night", "Heartburn"),
    ("heartburn", LEVO, "acid keeps coming up after I eat", "acid or sour stomach"),
    ("indigestion", LEVO, "I have indigestion", "indigestion"),
    ("indigestion", LEVO, "food just sits there and my stomach feels sour", "indigestion"),
    ("belching", LEVO, "I keep burping", "belching"),
    ("belching", LEVO, "belching a lot after meals", "belching"),
    ("bloating", LEVO, "my belly is so bloated", "bloating"),
    ("bloating", LEVO, "my stomach feels swollen and full", "bloating"),
    ("gas", LEVO, "so much gas", "excess air or gas in the stomach or intestines"),
    ("gas", LEVO, "farting all the time", "excess air or gas in the stomach or intestines"),
    ("gas", LEVO, "I've got terrible wind", "excess air or gas in the stomach or intestines"),
    ("constipation", LEVO, "haven't pooped in 4 days", "Constipation"),
    ("constipation", LEVO, "I'm constipated", "Constipation"),
    ("constipation", LEVO, "my poops are hard like pellets", "Constipation"),
    ("appetite_loss", LEVO, "I've lost my appetite", "loss of appetite"),
    ("appetite_loss", LEVO, "I don't feel like eating", "loss of appetite"),
    ("appetite_loss", LEVO, "I'm not hungry at all", "loss of appetite"),
    ("appetite_increase", LEVO, "I'm hungry all the time", "excessive hunger"),
    ("appetite_increase", LEVO, "my appetite has gone through the roof", "excessive hunger"),
    ("thirst", HYDROCORTISONE, "I'm so thirsty all the time", "increased thirst"),
    ("thirst", LEVO, "I'm drinking water all the time", "increased thirst"),
    ("dry_mouth", DRY, "my mouth is really dry", "Dry mouth"),
    ("dry_mouth", LEVO, "cotton mouth all day", "dry mouth"),
    ("dry_mouth", LEVO, "my tongue feels dry", "dry mouth"),
    ("vomiting_blood", NAPROXEN, "I threw up blood", COFFEE_GROUNDS),
    ("vomiting_blood", NAPROXEN, "my vomit looked like coffee grounds", COFFEE_GROUNDS),
    ("vomiting_blood", LEVO, "there was blood in my vomit", "vomiting of blood"),
    ("dark_urine", LEVO, "my pee is really dark, like tea", "dark urine"),
    ("dark_urine", LEVO, "my urine is dark brown", "dark urine"),
    ("pale_stools", LEVO, "my poop is pale, almost white", "clay-colored stools"),
    ("pale_stools", LEVO, "my stool is clay colored", "clay-colored stools"),
    ("anal_itch", LEVO, "my bum is itchy", "burning or itching around the anus"),
    ("anal_itch", LEVO, "burning around my anus", "burning or itching around the anus"),
    ("nosebleed", LEVO, "my nose is bleeding", "bloody nose"),
    ("nosebleed", LEVO, "I keep getting nosebleeds", "bloody nose"),
    ("skin_lesions", LEVO, "I have red spots with purple centres on my skin", "red skin lesions, often with a purple center"),
    ("skin_lesions", LEVO, "target-like spots on my arms", "red skin lesions, often with a purple center"),
    ("skin_blisters", LEVO, "my skin is blistering", "blistering, peeling, or loosening of the skin"),
    ("skin_blisters", LEVO, "my skin is peeling off in sheets", "blistering, peeling, or loosening of the skin"),
    ("skin_blisters", HYDROCORTISONE, "I have blisters on my arm", "Blistering, burning, crusting, dryness, or flaking of the skin"),
    ("dry_skin", HYDROCORTISONE, "my skin is so dry and flaky", "dryness of the skin"),
    ("dry_skin", HYDROCORTISONE, "cracked skin on my hands", "dryness of the skin"),
    ("skin_thinning", HYDROCORTISONE, "my skin is getting thin",
     "thinning of the skin with easy bruising, especially when used on the face or where the skin folds"),
    ("skin_thinning", HYDROCORTISONE, "the skin there looks paper-thin",
     "thinning of the skin with easy bruising, especially when used on the face or where the skin folds"),
    ("face_swelling", LEVO, "my lips and tongue are swelling", HIVE_SWELLING),
    ("face_swelling", LEVO, "my throat is swelling up", HIVE_SWELLING),
    ("face_swelling", FLU, "my face is all puffy", FLU_SWELLING),
    ("face_swelling", NAPROXEN, "my face is swollen", "swelling of the face, fingers, feet, or lower legs"),
    ("flushing", LEVO, "my face is flushed and hot", "flushed, dry skin"),
    ("flushing", LEVO, "hot flashes all day", "flushed, dry skin"),
    ("sun_sensitivity", LEVO, "I burn really easily in the sun now", "increased sensitivity of the skin to sunlight"),
    ("sun_sensitivity", LEVO, "I got a bad sunburn after ten minutes outside", "increased sensitivity of the skin to sunlight"),
    ("wheezing", LEVO, "I'm wheezing", "wheezing"),
    ("wheezing", LEVO, "there's a whistling when I breathe", "wheezing"),
    ("fast_breathing", LEVO, "I'm breathing really fast", "fast or deep breathing"),
    ("fast_breathing", LEVO, "I'm hyperventilating", "fast or deep breathing"),
    ("slow_breathing", BACLOFEN, "my breathing is really slow", "slow or irregular breathing"),
    ("slow_breathing", BACLOFEN, "my breathing is shallow and irregular", "slow or irregular breathing"),
    ("sneezing", LEVO, "I keep sneezing", "sneezing"),
    ("sneezing", LEVO, "sneezing fits every morning", "sneezing"),
    ("slow_heartbeat", LEVO, "my pulse is slow", "slow heartbeat"),
    ("slow_heartbeat", LEVO, "my heart rate is only 45", "slow heartbeat"),
    ("ear_pounding", LEVO, "I can hear my heartbeat in my ears", "pounding in the ears"),
    ("ear_pounding", LEVO, "a pounding in my ears", "pounding in the ears"),
    ("ringing_ears", NAPROXEN, "my ears are ringing", "Ringing or buzzing in the ears (continued)"),
    ("ringing_ears", NAPROXEN, "buzzing in my ears all day", "Ringing or buzzing in the ears (continued)"),
    ("light_sensitivity", LEVO, "bright light hurts my eyes", "sensitivity of the eye to light"),
    ("light_sensitivity", LEVO, "I'm sensitive to light", "sensitivity of the eye to light"),
    ("swallowing_trouble", NAPROXEN, "it's hard to swallow", "Difficulty with swallowing"),
    ("swallowing_trouble", FLU, "food gets stuck when I swallow", "difficulty with swallowing"),
    ("swallowing_trouble", FLU, "I can't swallow properly", "difficulty with swallowing"),
    ("hoarseness", LEVO, "my voice is hoarse", "hoarseness"),
    ("hoarseness", LEVO, "I've lost my voice", "hoarseness"),
    ("muscle_weakness", BACLOFEN, "my legs feel weak", "muscle weakness"),
    ("muscle_weakness", LEVO, "my muscles feel like jelly", "muscle weakness"),
    ("muscle_cramps", LEVO, "my legs keep cramping", "muscle cramps, spasms, or stiffness"),
    ("muscle_cramps", LEVO, "I have muscle spasms", "muscle cramps, spasms, or stiffness"),
    ("muscle_cramps", LEVO, "my eyelid keeps twitching", "muscle cramps, spasms, or stiffness"),
    ("back_pain", HYDROCORTISONE, "my back hurts", "Backache"),
    ("back_pain", LEVO, "I have a backache", "Back pain"),
    ("back_pain", NAPROXEN, "my lower back is killing me", "pain in the lower back and/or side (severe and/or sharp)"),
    ("joint_pain", LEVO, "my joints hurt", "joint or muscle pain"),
    ("joint_pain", LEVO, "my knees are swollen and stiff", "joint or muscle pain"),
    ("tendon_pain", LEVO, "my achilles hurts", "pain, swelling, or tenderness of a tendon"),
    ("tendon_pain", LEVO, "I felt a pop in my heel", "pain, swelling, or tenderness of a tendon"),
    ("bone_pain", LEVO, "my bones ache", "muscle or bone pain"),
    ("bone_pain", LEVO, "a deep ache in my bones", "muscle or bone pain"),
    ("moving_difficulty", LEVO, "I'm so stiff it's hard to move", "difficulty with moving"),
    ("moving_difficulty", LEVO, "I can barely move this morning", "difficulty with moving"),
    ("neck_stiffness", LEVO, "I have a stiff neck", "stiff neck"),
    ("neck_stiffness", LEVO, "my neck is stiff and sore", "stiff neck"),
    ("tremor", LEVO, "my hands are shaking", "shakiness"),
    ("tremor", LEVO, "I have a tremor", "shakiness"),
    ("tremor", LEVO, "I'm shaky", "shakiness"),
    ("seizures", BACLOFEN, "I had a seizure", "Seizures"),
    ("seizures", LEVO, "I had a fit last night", "Convulsions (seizures)"),
    ("seizures", LEVO, "I was convulsing", "Convulsions (seizures)"),
    ("numbness_tingling", FLU, "pins and needles in my legs", "numbness or tingling in the arms or legs (sudden)"),
    ("numbness_tingling", LEVO, "pins and needles in my hands", "numbness or tingling in the hands, feet, or lips"),
    ("numbness_tingling", LEVO, "my lips feel tingly and my fingers are numb", "numbness or tingling in the hands, feet, or lips"),
    ("drowsiness", BACLOFEN, "I feel drowsy all day", "Drowsiness"),
    ("drowsiness", NAPROXEN, "I'm so sleepy I can't stay awake", "Drowsiness (severe)"),
    ("drowsiness", LEVO, "I keep nodding off", "drowsiness"),
    ("insomnia", LEVO, "I can't sleep", "trouble sleeping"),
    ("insomnia", LEVO, "lying awake all night", "trouble sleeping"),
    ("bad_dreams", LEVO, "I've been having nightmares", "nightmares"),
    ("bad_dreams", LEVO, "really vivid dreams every night", "nightmares"),
    ("hallucinations", BACLOFEN, "I'm seeing things that aren't there",
     "Hallucinations (seeing, hearing, or feeling things that are not there)"),
    ("hallucinations", LEVO, "I hear voices", "seeing, hearing, or feeling things that are not there"),
    ("depression", LEVO, "I feel really depressed", "mental depression"),
    ("depression", LEVO, "I feel hopeless", "mental depression"),
    ("suicidal_thoughts", LEVO, "I've been thinking about killing myself", "thoughts of killing oneself"),
    ("suicidal_thoughts", LEVO, "I want to die", "thoughts of killing oneself"),
    ("restlessness", LEVO, "I can't sit still", "restlessness"),
    ("restlessness", LEVO, "I'm so fidgety", "restlessness"),
    ("irritability", LEVO, "I've been really irritable", "Agitation"),
    ("irritability", LEVO, "I snap at everyone", "Agitation"),
    ("mood_changes", LEVO, "I've been having mood swings", "mood or mental changes"),
    ("mood_changes", LEVO, "my moods are all over the place", "mood or mental changes"),
    ("poor_concentration", LEVO, "I can't concentrate", "difficulty with concentrating"),
    ("poor_concentration", LEVO, "it's hard to focus at work", "difficulty with concentrating"),
    ("memory_problems", LEVO, "I keep forgetting things", "loss of memory"),
    ("memory_problems", LEVO, "I'm so forgetful lately", "loss of memory"),
    ("orthostatic_dizziness", LEVO, "I get dizzy when I stand up", ORTHOSTATIC),
    ("orthostatic_dizziness", LEVO, "I nearly blacked out when I stood up", ORTHOSTATIC),
    ("cyanosis", LEVO, "my lips look blue", "bluish lips or skin"),
    ("cyanosis", LEVO, "my fingernails are blue", "bluish lips or skin"),
    ("urine_decrease", LEVO, "I'm barely peeing", "decreased frequency or amount of urine"),
    ("urine_decrease", LEVO, "I've hardly peed today", "decreased frequency or amount of urine"),
    ("incontinence", LEVO, "I wet myself", "loss of bladder control"),
    ("incontinence", LEVO, "I leaked urine when I stood up", "loss of bladder control"),
    ("vaginal_irritation", LEVO, "itchy down there", "itching of the vagina or genital area"),
    ("vaginal_irritation", LEVO, "I have a yeast infection",
     "thick, white vaginal discharge with no odor or with a mild odor"),
    ("injection_site", LEVO, "the injection site is sore", "redness, swelling, or pain at the injection site"),
    ("injection_site", LEVO, "my arm hurts where they gave me the shot", "redness, swelling, or pain at the injection site"),
    ("injection_site", LEVO, "swelling where the needle went in", "redness, swelling, or pain at the injection site"),
    ("weight_gain", LEVO, "I've gained 10 pounds", "weight gain"),
    ("weight_gain", LEVO, "my jeans are tight all of a sudden", "weight gain"),
    ("breath_odor", LEVO, "my breath smells fruity", "fruit-like breath odor"),
    ("breath_odor", LEVO, "I have bad breath", "fruit-like breath odor"),
    # terms added to concepts the ruxolitinib leaflet already uses
    ("fever", BACLOFEN, "I'm burning up", "high fever"),
    ("application_site", HYDROCORTISONE, "it stings where I apply the cream",
     "Burning, itching, redness, or stinging at the application site (mild)"),
    ("skin_rash", LEVO, "I broke out in a rash", "skin rash"),
    ("fever", BACLOFEN, "I have a high fever", "high fever"),
]

# Messages that must not reach an item: the words mean something else here.
NOT_FOUND = [
    (LEVO, "I can't stomach spicy food", "Abdominal or stomach pain"),
    (LEVO, "should I take it on a full stomach?", "bloating"),
    (LEVO, "I stopped at the gas station on the way", "excess air or gas in the stomach or intestines"),
    (LEVO, "it's been a nightmare getting a refill", "nightmares"),
    (LEVO, "the pain came back", "Back pain"),
    (LEVO, "I forgot to take it yesterday", "loss of memory"),
    (LEVO, "my heart won't slow down", "slow heartbeat"),
    (LEVO, "I shook my head", "shakiness"),
    (LEVO, "the ring on my finger is tight", "muscle cramps, spasms, or stiffness"),
    (LEVO, "my poop is pale", "cool, pale skin"),
    (LEVO, "I can't put weight on my ankle", "weight gain"),
    (LEVO, "my arm is red and swollen where I got the injection", HIVE_SWELLING),
    (BACLOFEN, "I try to take slow deep breaths", "slow or irregular breathing"),
    (FLU, "I have swollen glands in my throat", FLU_SWELLING),
    (NAPROXEN, "I threw up twice", COFFEE_GROUNDS),  # plain vomiting is not vomiting of blood
]

# Reported but not counted: negated, someone else's.
NOT_COUNTED = [
    (LEVO, "I'm not constipated", "Constipation", "negated"),
    (LEVO, "no blood in my vomit", "vomiting of blood", "negated"),
    (LEVO, "my skin is not dry", "flushed, dry skin", "negated"),
    (LEVO, "I take the tablets and my dad has depression", "mental depression", "someone_else"),
]


def _imported(name: str, folder: Path) -> Path:
    path = folder / name.replace(".txt", ".yaml")
    path.write_text(to_yaml(parse_leaflet_text((LEAFLETS / name).read_text(encoding="utf-8"))), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict:
    """Each synthetic leaflet imported once, as a knowledge file: file name -> path."""
    folder = tmp_path_factory.mktemp("other-leaflets")
    return {name: _imported(name, folder) for name in SYNTHETIC}


@pytest.fixture(scope="module")
def bots(imported):
    """Loaded bots by leaflet file name, built on first use (about a second each)."""
    loaded = {}

    def get(name: str) -> triage.Triage:
        if name not in loaded:
            loaded[name] = triage.load(str(imported[name]))
        return loaded[name]

    return get


def _found(answer) -> set:
    return {f.item for f in answer.counted}


@pytest.mark.parametrize("name", SYNTHETIC)
def test_other_leaflets_every_item_is_linked_to_a_concept(name, imported):
    knowledge = load_knowledge(str(imported[name]))
    linked = {text for texts in knowledge.links.values() for text in texts}
    unlinked = sorted(item.text for item in knowledge.leaflet.items
                      if item.text not in linked and (name, item.text) not in UNLINKED_ALLOWED)
    assert not unlinked, f"{name}: items no lexicon concept links to: {unlinked}"


def test_other_leaflets_allowlist_names_real_unlinked_items(imported):
    for (name, text), reason in UNLINKED_ALLOWED.items():
        assert reason, (name, text)
        knowledge = load_knowledge(str(imported[name]))
        assert text in {item.text for item in knowledge.leaflet.items}, (name, text)
        assert not any(text in texts for texts in knowledge.links.values()), f"{text!r} is linked now: drop it"


@pytest.mark.parametrize("concept, name, text, item", PHRASINGS,
                         ids=[f"{c}-{i}" for i, (c, *_rest) in enumerate(PHRASINGS)])
def test_other_leaflets_lay_phrasing_reaches_the_item(bots, concept, name, text, item):
    bot = bots(name)
    assert item in {i.text for i in bot.knowledge.leaflet.items}, f"{name} has no item {item!r}"
    assert item in bot.knowledge.links.get(concept, ()), f"{concept} does not link {item!r} in {name}"
    answer = bot.assess(text)
    assert item in _found(answer), f"{name}: {text!r} found {sorted(_found(answer))}, not {item!r}"
    listed = bot.knowledge.leaflet.item(item)
    # an overdose list's item is an emergency only when the message says too much was used
    level = Level.URGENT if listed.tier == "overdose" else listed.level
    assert answer.level.rank >= level.rank


def test_other_leaflets_each_new_concept_has_two_phrasings():
    counts = {cid: 0 for cid in OTHER_LEAFLET_CONCEPTS}
    for concept, *_rest in PHRASINGS:
        if concept in counts:
            counts[concept] += 1
    assert not [cid for cid, n in counts.items() if n < 2], counts


@pytest.mark.parametrize("name, text, item", NOT_FOUND, ids=[t for _n, t, _i in NOT_FOUND])
def test_other_leaflets_other_meanings_do_not_reach_the_item(bots, name, text, item):
    assert item not in _found(bots(name).assess(text))


@pytest.mark.parametrize("name, text, item, flag", NOT_COUNTED, ids=[t for _n, t, *_r in NOT_COUNTED])
def test_other_leaflets_negated_or_someone_elses_is_not_counted(bots, name, text, item, flag):
    answer = bots(name).assess(text)
    assert item not in _found(answer)
    assert any(f.item == item and flag in f.flags for f in answer.not_counted)


def test_other_leaflets_new_concepts_leave_ruxolitinib_items_alone(bot):
    """Concepts written for other leaflets name no ruxolitinib item they do not mean."""
    lexicon = {c.id for c in bot.knowledge.lexicon.concepts}
    assert set(OTHER_LEAFLET_CONCEPTS) <= lexicon, sorted(set(OTHER_LEAFLET_CONCEPTS) - lexicon)
    for cid, allowed in OTHER_LEAFLET_CONCEPTS.items():
        assert set(bot.knowledge.links.get(cid, ())) == set(allowed), cid
        concept = next(c for c in bot.knowledge.lexicon.concepts if c.id == cid)
        if cid not in PLACE_CONCEPTS:
            assert not concept.overrides, f"{cid} overrides {concept.overrides}: it would hide findings of every leaflet"


# Where the product was put: irritation there is the leaflet's injection-site item, over a generic rash item
# of the same leaflet (issue 10); the override applies only where the leaflet lists such an item.
PLACE_CONCEPTS = {"injection_site"}
