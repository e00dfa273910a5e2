"""Any leaflet, end to end (issue 10): items the lexicon has no concept for are matched from their
own wording, overdose lists need words saying too much was used, application-site items win
over generic ones, and `triage coverage` shows how each item is reached. The leaflet below is
written here for the tests; the 25 leaflets under tests/leaflets/others/ and their blind
messages (tests/cases/leaflets/) measure the whole."""

import json
import sys
from pathlib import Path

import pytest

import triage
from triage import Level, cli
from triage.knowledge import load_knowledge
from triage.leaflet import parse_leaflet_text
from triage.leaflet_yaml import to_yaml
from triage.wording import read_item

ROOT = Path(__file__).resolve().parents[1]
OTHERS = ROOT / "tests" / "leaflets" / "others"
CASES = ROOT / "tests" / "cases" / "leaflets"

LEAFLET = """Description:
Examplozin is a tablet used in these tests.

Side Effects:
Along with its needed effects, a medicine may cause some unwanted effects.

Check with your doctor immediately if any of the following side effects occur:

More common:
-> Redness or soreness of the gums
-> hiccups
-> diarrhea, watery and severe, which may also be bloody

Check with your doctor as soon as possible if any of the following side effects occur:

Less common:
-> Burning, itching, or stinging at the application site
-> swelling at the application site
-> generalized itching

Get emergency help immediately if any of the following symptoms of overdose occur:

Symptoms of overdose:
-> shakiness
-> nausea or vomiting (severe)

Some side effects may occur that usually do not need medical attention. Check with your health care professional if any of the following side effects continue or are bothersome:

More common:
-> Diarrhea (mild)
-> nausea
-> change in taste
"""


@pytest.fixture(scope="module")
def examplozin(tmp_path_factory) -> triage.Triage:
    path = tmp_path_factory.mktemp("leaflet") / "examplozin-oral.yaml"
    path.write_text(to_yaml(parse_leaflet_text(LEAFLET, name="examplozin-oral")), encoding="utf-8")
    return triage.load(str(path))


def counted(answer) -> set:
    return {f.item for f in answer.counted}


@pytest.mark.parametrize("item, alternatives", [
    ("Redness or soreness of the gums", [("redness", "gums"), ("soreness", "gums")]),
    ("Bloody or black, tarry stools", [("bloody", "stools"), ("black", "stools"), ("tarry", "stools")]),
    ("chest pain or discomfort", [("chest", "pain"), ("chest", "discomfort")]),
    ("burning, crawling, itching, numbness, prickling, or tingling feelings",
     [("burning",), ("crawling",), ("itching",), ("numbness",), ("prickling",), ("tingling",)]),
    ("swelling of the face, fingers, feet, or lower legs",
     [("swelling", "face"), ("swelling", "fingers"), ("swelling", "feet"), ("swelling", "legs")]),
    ("unusual tiredness or weakness (continued)", [("tiredness",), ("weakness",)]),
    ("metallic taste in the mouth", [("metallic", "taste")]),
    ("feeling of something in the eye", [("something", "eye")]),
    ("thinning of the skin with easy bruising, especially when used on the face", [("thinning", "skin"), ("bruising",)]),
])
def test_any_leaflet_an_item_is_read_as_findings_and_sites(item, alternatives):
    wording = load_knowledge().wording
    assert read_item(item, wording) == (alternatives, None)


def test_any_leaflet_an_application_site_item_is_read_with_its_place():
    wording = load_knowledge().wording
    assert read_item("Burning, itching, or stinging at the application site", wording) == (
        [("burning",), ("itching",), ("stinging",)], "application")


@pytest.mark.parametrize("text, item", [
    ("my gums are sore", "Redness or soreness of the gums"),
    ("sore gums", "Redness or soreness of the gums"),
    ("the gums look red", "Redness or soreness of the gums"),
    ("I keep hiccuping", "hiccups"),
    ("everything tastes like metal", "change in taste"),
])
def test_any_leaflet_items_without_a_concept_are_reached_by_everyday_words(examplozin, text, item):
    assert item in counted(examplozin.assess(text))


def test_any_leaflet_overdose_items_need_words_saying_too_much_was_taken(examplozin):
    plain = examplozin.assess("I'm really shaky")
    assert counted(plain) == {"shakiness"} and plain.level == "urgent"  # contact the doctor now, not 911
    taken = examplozin.assess("I took my tablets twice by mistake and now I'm really shaky")
    assert "shakiness" in counted(taken) and taken.level == "emergency"
    asked = examplozin.assess("what if I took too much? I'm really shaky")
    assert asked.level == "urgent"  # a hypothetical overdose is not one


def test_any_leaflet_a_child_who_swallowed_the_medicine_is_the_one_it_affects(examplozin):
    answer = examplozin.assess("my toddler swallowed some of my tablets and now he is shaky")
    assert answer.level == "emergency" and "shakiness" in counted(answer)


def test_any_leaflet_an_overdose_item_is_not_meant_when_an_ordinary_one_fits(examplozin):
    answer = examplozin.assess("I feel a bit queasy after my dose")
    assert counted(answer) == {"nausea"} and answer.level == "routine"


def test_any_leaflet_a_severe_form_is_meant_only_when_the_words_say_so(examplozin):
    mild = examplozin.assess("bit of loose poo")
    assert counted(mild) == {"Diarrhea (mild)"} and mild.level == "routine"
    severe = examplozin.assess("watery diarrhea eight times a day and there was blood in it")
    assert "diarrhea, watery and severe, which may also be bloody" in counted(severe)
    assert severe.level == "urgent"


def test_any_leaflet_irritation_where_it_was_put_goes_to_the_application_site_item(examplozin):
    there = examplozin.assess("it's itchy where I put the gel")
    assert counted(there) == {"Burning, itching, or stinging at the application site"} and there.level == "soon"
    swollen = examplozin.assess("the spot where I rub it in is swollen")
    assert counted(swollen) == {"swelling at the application site"}
    elsewhere = examplozin.assess("I'm itchy all over")
    assert counted(elsewhere) == {"generalized itching"}


def test_any_leaflet_the_safety_net_still_answers(examplozin):
    answer = examplozin.assess("crushing chest pain and I'm sweating buckets")
    assert answer.level == "emergency"


def test_any_leaflet_a_place_never_hides_an_emergency(examplozin):
    # the application-site items override the lexicon's readings of the same words, but not
    # a sign that is an emergency on its own: a swelling tongue is anaphylaxis wherever it was put
    answer = examplozin.assess("my lips and tongue are swelling up and my throat feels like it's closing where I put the gel")
    assert answer.level == "emergency"
    assert examplozin.assess("the spot where I rub it in is swollen").level == "soon"


def test_any_leaflet_medicine_gone_from_the_pack_is_a_sign_it_was_swallowed(examplozin):
    # "4 pills are gone" is not an illness that is over ("the rash is gone")
    answer = examplozin.assess("my 3 year old got into my bottle, maybe 4 tablets are gone, and now he's really shaky")
    assert answer.level == "emergency" and "shakiness" in counted(answer)


def test_any_leaflet_someone_who_can_barely_be_woken_is_an_emergency(examplozin):
    assert examplozin.assess("I can barely wake him and his pupils are tiny").level == "emergency"


def test_any_leaflet_overdose_tier_is_imported(tmp_path):
    data = parse_leaflet_text(LEAFLET, name="x")
    assert [t["tier"] for t in data["tiers"]] == ["urgent", "soon", "overdose", "routine"]


def test_any_leaflet_coverage_lists_every_item_and_the_gaps(tmp_path, capsys):
    path = tmp_path / "examplozin-oral.yaml"
    path.write_text(to_yaml(parse_leaflet_text(LEAFLET, name="examplozin-oral")), encoding="utf-8")
    assert cli.main(["coverage", "--leaflet", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Coverage of" in out and "11 side-effect items" in out
    assert "Reached only by their own words" in out and "- hiccups" in out
    assert cli.main(["coverage", "--leaflet", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_item = {entry["item"]: entry for entry in data["items"]}
    assert by_item["hiccups"]["reached_by"] == "own wording" and by_item["hiccups"]["examples"]
    assert by_item["nausea"]["reached_by"] == "concepts"


def test_any_leaflet_coverage_of_an_unknown_leaflet_is_one_line(capsys):
    assert cli.main(["coverage", "--leaflet", "no-such-leaflet"]) == 4
    err = capsys.readouterr().err
    assert "unknown leaflet" in err and "Traceback" not in err


def test_any_leaflet_blind_messages_keep_their_floor():
    """The 25 leaflets the lexicon was not written for, on their blind messages (two tuning sets
    and three fresh sets, each fixed on after its first run); the figures are printed by
    benchmarks/accuracy.py and must not fall below these floors."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from accuracy import Bots, score

    cases = [json.loads(line) for name in ("tune.jsonl", "tune2.jsonl", "final.jsonl", "final2.jsonl", "final3.jsonl")
             for line in (CASES / name).read_text(encoding="utf-8").splitlines() if line]
    figures, _errors = score(Bots(OTHERS), cases)
    assert len(cases) >= 560
    assert figures["act_now_sensitivity"] >= 0.98
    assert figures["emergency_recall"] >= 0.97
    assert figures["soon_recall"] >= 0.93
    assert figures["false_alarm_rate"] <= 0.05
    assert figures["level_accuracy"] >= 0.89
    assert figures["item_recall"] >= 0.91


@pytest.fixture(scope="module")
def others():
    """The blind leaflets of tests/leaflets/others, imported as `triage import` would."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from accuracy import Bots

    return Bots(OTHERS)


# Concepts written for the blind leaflets of tests/leaflets/others (tune4 onward, after their first runs):
# (concept, leaflet, a lay message, the item it must reach); two phrasings each at least
EVERYDAY = [
    # eye drops list eye pain, red eyes and swollen eyelids apart: a red eye is not eye pain
    ("eye_pain", "bimatoprost-ophthalmic", "my eye really hurts", "eye pain"),
    ("eye_pain", "timolol-ophthalmic", "sore eyeball since yesterday", "eye pain"),
    ("eye_red", "bimatoprost-ophthalmic", "my eyes are a bit pink", "eye redness (mild)"),
    ("eye_red", "timolol-ophthalmic", "the white of my eye looks bloodshot", "redness of the eye or inside of the eyelid"),
    ("eyelid_swelling", "bimatoprost-ophthalmic", "my eyelids are puffy", "swelling of the eyelids"),
    ("eyelid_swelling", "dorzolamide-ophthalmic", "my lid is swollen", "swelling of the eyelid"),
    ("eye_movements", "gabapentin-oral", "my eyes keep flicking side to side on their own",
     "continuous, uncontrolled, back-and-forth, or rolling eye movements"),
    ("eye_movements", "gabapentin-oral", "his eyes are darting back and forth", 
     "continuous, uncontrolled, back-and-forth, or rolling eye movements"),
    ("hematoma", "enoxaparin-subcutaneous", "a hard lump under my skin where i did the shot, like blood pooled in there",
     "Collection of blood under the skin"),
    ("hematoma", "enoxaparin-subcutaneous", "there's a haematoma on my tummy", "Collection of blood under the skin"),
    ("cold_intolerance", "lithium-oral", "I feel the cold terribly", "sensitivity to cold"),
    ("cold_intolerance", "lithium-oral", "always freezing even in summer", "sensitivity to cold"),
    ("blue_fingers", "lithium-oral", "fingers blue and sore", "Blue color and pain in fingers and toes"),
    ("blue_fingers", "lithium-oral", "my toes turn blue in the cold", "Blue color and pain in fingers and toes"),
    ("iris_color_change", "latanoprost-ophthalmic", "her green eye is turning browner in the middle",
     "increased brown color in the colored part of the eye"),
    ("iris_color_change", "latanoprost-ophthalmic", "my eye colour is changing", 
     "increased brown color in the colored part of the eye"),
    ("skin_darkening", "tretinoin-topical", "dark patches are coming on my cheeks", "Darkening of the skin"),
    ("skin_darkening", "tretinoin-topical", "my skin is getting darker on my forehead", "Darkening of the skin"),
    ("floaters_flashes", "pilocarpine-ophthalmic", "sudden shower of black dots in my right eye",
     "sudden appearance of spots or floaters in the vision"),
    ("floaters_flashes", "pilocarpine-ophthalmic", "seeing little flashes at the edge of my vision", "seeing flashes of light"),
    ("halos", "bimatoprost-ophthalmic", "I see rings around the streetlights at night", "halos around lights"),
    ("halos", "bimatoprost-ophthalmic", "halos around lights when I drive", "halos around lights"),
    ("night_vision", "isotretinoin-oral", "driving in the night I cannot see good anymore, after sunset everything is too dark",
     "decreased vision after sunset or before sunrise (sudden or may continue after treatment is stopped)"),
    ("night_vision", "isotretinoin-oral", "I can't see in the dark any more",
     "decreased vision after sunset or before sunrise (sudden or may continue after treatment is stopped)"),
    ("tongue_movements", "risperidone-oral", "she keeps poking her tongue in and out really fast",
     "rapid or worm-like movements of the tongue"),
    ("tongue_movements", "risperidone-oral", "my tongue keeps darting about", "rapid or worm-like movements of the tongue"),
    ("periods_missed", "risperidone-oral", "I haven't had a period in three months", "missed or irregular menstrual periods"),
    ("periods_missed", "risperidone-oral", "my periods have stopped", "missed or irregular menstrual periods"),
    ("milk_secretion", "risperidone-oral", "there's milky stuff leaking from my nipples", "unusual secretion of milk"),
    ("milk_secretion", "risperidone-oral", "discharge from my nipples", "unusual secretion of milk"),
    ("hair_growth", "minoxidil-topical", "I'm growing fine dark hairs on my forehead and cheeks",
     "unwanted hair growth on the face or other areas of the body"),
    ("hair_growth", "minoxidil-topical", "more hair on my face than before",
     "unwanted hair growth on the face or other areas of the body"),
    ("erection_trouble", "lisinopril-oral", "Reports ED since starting", "inability to have or keep an erection"),
    ("erection_trouble", "lisinopril-oral", "since starting it I cannot maintain an erection",
     "inability to have or keep an erection"),
    ("libido_loss", "sertraline-oral", "my sex drive is gone", "decreased interest in sexual intercourse"),
    ("libido_loss", "sertraline-oral", "reports reduced libido since starting", "decreased interest in sexual intercourse"),
    ("sleepwalking", "montelukast-oral", "she's been wandering around the house fast asleep", "sleepwalking"),
    ("sleepwalking", "montelukast-oral", "my son has started sleepwalking", "sleepwalking"),
    ("toothache", "montelukast-oral", "my back tooth has been aching on and off", "toothache"),
    ("toothache", "montelukast-oral", "I've got a toothache", "toothache"),
    ("tongue_discoloration", "doxycycline-oral", "my tongue is going black colour", "discolored tongue"),
    ("tongue_discoloration", "doxycycline-oral", "black hairy tongue since the antibiotic", "discolored tongue"),
    ("sleep_apnea", "testosterone-topical", "he stops breathing for several seconds at a time in his sleep",
     "Breathing stops for short periods during sleep"),
    ("sleep_apnea", "testosterone-topical", "I think I have sleep apnea now", "Breathing stops for short periods during sleep"),
    ("priapism", "testosterone-topical", "erection 4+ hrs, painful", "Painful or prolonged erection of the penis"),
    ("priapism", "testosterone-topical", "an erection that won't go away", "Painful or prolonged erection of the penis"),
    ("tics", "methylphenidate-oral", "he keeps blinking hard and clearing his throat over and over",
     "uncontrolled vocal outbursts or tics"),
    ("tics", "methylphenidate-oral", "she has developed tics", "uncontrolled vocal outbursts or tics"),
    ("excitability", "hydroxychloroquine-oral", "now im super wound up and hyper", "increased excitability"),
    ("excitability", "hydroxychloroquine-oral", "I feel really overexcited", "increased excitability"),
    ("reading_difficulty", "hydroxychloroquine-oral", "I can hardly read the paper", "Difficulty in reading"),
    ("reading_difficulty", "hydroxychloroquine-oral", "trouble reading my book", "Difficulty in reading"),
    ("saliva_increase", "pilocarpine-ophthalmic", "I am drooling a ton since the drops", "unusual increase in saliva"),
    ("saliva_increase", "pilocarpine-ophthalmic", "too much saliva in my mouth", "unusual increase in saliva"),
    ("heat_intolerance", "levothyroxine-oral", "I am always too warm when everyone else wants a cardigan on", "feeling hot"),
    ("heat_intolerance", "levothyroxine-oral", "I can't stand the heat any more", "feeling hot"),
    ("suicidal_thoughts", "montelukast-oral",
     "my 14 yo son on singulair told me he keeps thinking everyone would be better off if he was dead",
     "thoughts of killing oneself"),
    # words added to concepts that were there
    ("taste_change", "metformin-oral", "everything tastes like I'm sucking on a coin", "metallic taste in the mouth"),
    ("vaginal_irritation", "amoxicillin-oral", "so itchy down there", "itching of the vagina or genital area"),
    ("poor_concentration", "gabapentin-oral", "he keeps getting into fights and his grades are tanking",
     "concentration problems and change in school performance"),
    ("mood_changes", "gabapentin-oral", "i cry over nothing lately", "depression, irritability, or other mood or mental changes"),
    ("hair_loss", "enoxaparin-subcutaneous", "so much more hair in my brush since the injections",
     "Hair loss or thinning of the hair"),
    ("pinpoint_spots", "enoxaparin-subcutaneous", "big bruises he can't explain and tiny red dots on his shins",
     "pinpoint red or purple spots on the skin"),
    ("ringing_ears", "lithium-oral", "ears ringing all day", "noises in the ears"),
    ("eye_irritation", "ciprofloxacin-ophthalmic",
     "the white of my eye is redder and itchier than it was before I started the drops",
     "Itching, redness, swelling, or other signs of eye or eyelid irritation not present before therapy began"),
    ("urine_decrease", "omeprazole-oral", "I am passing hardly any water",
     "greatly decreased frequency of urination or amount of urine"),
    ("sun_sensitivity", "tretinoin-topical", "I went to beach one hour only and my face is burn very bad", "severe sunburn"),
    ("suicidal_thoughts", "isotretinoin-oral", "i keep thinking everyone would be better off if i killed myself",
     "thoughts of killing oneself"),
    ("suicidal_thoughts", "carbamazepine-oral", "everyone would be better off if i just ended it",
     "thoughts of killing oneself"),
    ("stretch_marks", "mometasone-topical", "purple stretch marks on my thighs",
     "reddish purple lines on the arms, face, legs, trunk, or groin"),
    ("stretch_marks", "fluocinonide-topical", "there are purplish streaks on my inner thighs",
     "reddish purple lines on the arms, face, legs, trunk, or groin"),
    ("period_pain", "valacyclovir-oral", "my period cramps are worse than usual", "painful menstrual periods"),
    ("period_pain", "valacyclovir-oral", "periods are so painful lately", "painful menstrual periods"),
    ("lash_crusting", "erythromycin-ophthalmic", "my lashes are glued together in the morning",
     "crusting or stickiness of the eyelids or eyelashes"),
    ("lash_crusting", "ketorolac-ophthalmic", "crusty bits on my eyelashes every morning",
     "Crusting on the eyelashes or eyelid margins"),
    ("drunk_behavior", "glipizide-oral", "my dad is acting drunk but he doesn't drink",
     "Behavior change similar to drunkenness"),
    ("drunk_behavior", "glipizide-oral", "she seems drunk this afternoon", "Behavior change similar to drunkenness"),
    ("ejaculation_problems", "tamsulosin-oral", "when I climax almost nothing comes out", "Abnormal ejaculation"),
    ("ejaculation_problems", "tamsulosin-oral", "I keep having dry orgasms", "Abnormal ejaculation"),
    ("delayed_healing", "dexamethasone-ophthalmic", "my eye operation wound is still not closed after a month",
     "Delayed healing of the eye after surgery"),
    ("delayed_healing", "dexamethasone-ophthalmic", "the cut from my eye surgery is taking ages to heal",
     "Delayed healing of the eye after surgery"),
]
NEW_CONCEPTS = ("eye_movements", "hematoma", "cold_intolerance", "blue_fingers", "iris_color_change", "skin_darkening",
                "floaters_flashes", "halos", "night_vision", "tongue_movements", "periods_missed", "milk_secretion",
                "hair_growth", "erection_trouble", "libido_loss", "sleepwalking", "toothache", "tongue_discoloration",
                "sleep_apnea", "priapism", "tics", "excitability", "reading_difficulty", "saliva_increase", "heat_intolerance",
                "eye_pain", "eye_red", "eyelid_swelling", "stretch_marks", "period_pain", "lash_crusting", "drunk_behavior",
                "ejaculation_problems", "delayed_healing")


@pytest.mark.parametrize("concept, leaflet, text, item", EVERYDAY, ids=[f"{c}-{t[:30]}" for c, _l, t, _i in EVERYDAY])
def test_any_leaflet_everyday_words_reach_items_the_lexicon_was_not_written_for(others, concept, leaflet, text, item):
    answer = others(leaflet).assess(text)
    assert item in {f.item for f in answer.findings}, [f.item for f in answer.heard]


def test_any_leaflet_new_concepts_have_two_phrasings_and_take_no_ruxolitinib_item():
    counts = {cid: sum(c == cid for c, *_rest in EVERYDAY) for cid in NEW_CONCEPTS}
    assert min(counts.values()) >= 2, counts
    links = load_knowledge().links
    assert not {cid: links[cid] for cid in NEW_CONCEPTS if cid in links}


def test_any_leaflet_a_red_eye_is_not_eye_pain(others):
    answer = others("timolol-ophthalmic").assess("my eyes are a bit pink")
    assert {f.item for f in answer.findings} == {"redness of the eye or inside of the eyelid"}


def test_any_leaflet_eye_drops_said_without_the_eye_are_the_eye(others):
    # "the drops sting going in": for eye drops, where they go is the eye
    tobramycin = others("tobramycin-ophthalmic")
    assert "Burning or stinging of the eyes" in {f.item for f in tobramycin.assess("drops sting going in").findings}
    # the same words on a cream's leaflet name no eye
    assert not tobramycin.assess("my blood pressure drops when I stand").findings


def test_any_leaflet_a_leading_qualifier_is_not_a_word_to_say(others):
    # "severe headache" on a leaflet with no plain headache item: a bad headache still reaches it
    answer = others("atropine-ophthalmic").assess("bad headache since the drops")
    assert "severe headache" in {f.item for f in answer.findings} and answer.level is Level.URGENT


def test_any_leaflet_weakness_of_both_legs_is_no_stroke_sign(others):
    # a stroke weakens one side; "legs", "hands", "arms" as written say both (lemmas would make them one)
    lisinopril = others("lisinopril-oral")
    both = lisinopril.assess("legs heavy, pins and needles in hands")
    assert both.level is Level.URGENT and "stroke warning signs" not in {f.item for f in both.findings}
    assert lisinopril.assess("my left leg is suddenly weak and heavy").level is Level.EMERGENCY
    assert lisinopril.assess("my legs gave way").level is Level.EMERGENCY  # said as a whole, not composed


def test_any_leaflet_a_tight_chest_with_wheezing_is_the_airways(others):
    timolol = others("timolol-ophthalmic")
    wheezy = timolol.assess("since the drops I'm wheezing, my chest feels tight and I get short of breath on the stairs")
    assert wheezy.level is Level.URGENT and "heart attack warning signs" not in {f.item for f in wheezy.findings}
    assert timolol.assess("my chest feels tight and I am short of breath").level is Level.EMERGENCY
    assert timolol.assess("chest tight, sweating and feel sick").level is Level.EMERGENCY


def test_any_leaflet_taken_again_by_mistake_or_spread_far_too_widely_is_an_overdose(others):
    tofacitinib = others("tofacitinib-oral")
    again = tofacitinib.assess("mum took her tablet this morning, then again an hour later by mistake and now her gums bleed")
    assert again.level is Level.EMERGENCY
    calcipotriene = others("calcipotriene-topical")
    spread = calcipotriene.assess("he has been slathering it over most of his body and now keeps throwing up")
    assert spread.level is Level.EMERGENCY
    assert calcipotriene.assess("keeps throwing up").level is Level.URGENT


def test_any_leaflet_what_is_said_of_the_injection_spot_is_the_injection_site_item(others):
    dupilumab = others("dupilumab-subcutaneous")
    spot = dupilumab.assess("The spot on my thigh where I injected is red, swollen and itchy.")
    assert spot.level is Level.ROUTINE
    assert {f.item for f in spot.findings} == {"Bruising, itching, pain, redness, or swelling at the injection site"}
    # hives that spread beyond it are the allergic item, whatever the place
    assert dupilumab.assess("where I injected is red and now I have itchy hives all over").level is Level.URGENT


def test_any_leaflet_every_time_it_goes_on_is_where_it_goes_on(others):
    calcipotriene = others("calcipotriene-topical")
    answer = calcipotriene.assess("It stings and burns for a few minutes every time I put it on my elbows.")
    assert "Burning, itching, or stinging at the application site" in {f.item for f in answer.findings}
    patch = others("buprenorphine-transdermal").assess("The skin under the patch is red and itchy every time I peel it off.")
    assert "itching, redness, or rash at the application site" in {f.item for f in patch.findings}


def test_any_leaflet_of_one_concepts_items_the_one_in_the_persons_words_is_meant(others):
    # puffy ankles and feet are the leaflet's swelling of the ankles and feet, not its arm-or-leg clot item
    tofacitinib = others("tofacitinib-oral")
    feet = tofacitinib.assess("my ankles and feet have become quite puffy over the past week")
    assert {f.item for f in feet.findings} == {"swelling of the hands, ankles, feet, or lower legs"}
    # a leg names both, and the clot item stays
    assert tofacitinib.assess("my leg is swollen").level is Level.URGENT


def test_any_leaflet_blue_fingers_alone_are_the_leaflets_item_not_an_emergency(others):
    # fingers or toes that go blue and hurt are the leaflet's own item; blue lips stay an emergency
    lithium = others("lithium-oral")
    answer = lithium.assess("fingers blue and sore")
    assert answer.level is Level.SOON and "Blue color and pain in fingers and toes" in {f.item for f in answer.findings}
    assert lithium.assess("my lips and fingertips look bluish").level is Level.EMERGENCY


def test_any_leaflet_a_condition_the_medicine_treats_is_no_seizure_now(others):
    gabapentin = others("gabapentin-oral")
    assert gabapentin.assess("my son is on gabapentin for his seizures and is doing well").level is Level.NONE
    assert gabapentin.assess("he is on gabapentin for his seizures and just had a seizure").level is Level.EMERGENCY


def test_any_leaflet_a_finding_at_several_sites_is_reached_at_each(others):
    # "swelling of the face, fingers, or lower legs" is linked to face swelling by its words; fingers and
    # ankles reach it too
    glipizide = others("glipizide-oral")
    for text in ("my fingers are swollen", "my ankles are puffy"):
        assert "swelling of the face, fingers, or lower legs" in {f.item for f in glipizide.assess(text).findings}


def test_any_leaflet_a_tail_that_would_leave_one_word_says_what_it_is_of():
    wording = load_knowledge().wording
    assert read_item("pain during sexual intercourse", wording) == ([("pain", "intercourse")], None)
    assert read_item("increased hair growth at the application site", wording) == ([("increased", "growth")], "application")


def test_any_leaflet_pain_is_not_pain_during_intercourse(others):
    ixekizumab = others("ixekizumab-subcutaneous")
    answer = ixekizumab.assess("injection spot red and sore")
    assert {f.item for f in answer.findings} == {"Redness, pain, swelling, or bruising at the injection site"}


def test_any_leaflet_far_more_than_told_over_months_is_too_much_absorbed(others):
    mometasone = others("mometasone-topical")
    toddler = mometasone.assess("I've been putting lots of mometasone all over my toddler every day for two months, way "
                                "more than we were told, and now her face is round and she's always thirsty")
    assert toddler.level is Level.EMERGENCY
    assert {"filling or rounding out of the face", "increased thirst"} <= {f.item for f in toddler.findings}
    assert mometasone.assess("my face is round and I'm always thirsty").level is Level.URGENT


def test_any_leaflet_someone_who_talks_to_people_who_are_not_there_is_hallucinating(others):
    valacyclovir = others("valacyclovir-oral")
    answer = valacyclovir.assess("My father started valacyclovir for shingles and now he is confused and talking "
                                 "to people who aren't there.")
    assert {"confusion", "Seeing, hearing, or feeling things that are not there"} <= counted(answer)
    assert answer.level is Level.URGENT


def test_any_leaflet_someone_who_can_barely_be_woken_is_the_leaflets_gravest_drowsiness(others):
    answer = others("trazodone-oral").assess("My mom took a whole handful of her trazodone and now I can barely wake her up.")
    assert answer.level is Level.EMERGENCY
    assert {"Change in consciousness", "drowsiness (severe)"} <= counted(answer)


def test_any_leaflet_asking_to_treat_a_childs_rash_raises_nothing(others):
    fluocinonide = others("fluocinonide-topical")
    for text in ("Is it safe to use on my baby's diaper rash?", "Can I use this cream on my son's rash?"):
        assert fluocinonide.assess(text).level is Level.NONE, text
    assert fluocinonide.assess("my son has a new rash all over").level is Level.URGENT


def test_any_leaflet_an_emergency_happening_now_counts_whoever_it_happens_to(others):
    erythromycin = others("erythromycin-ophthalmic")
    toddler = erythromycin.assess("I put the eye ointment in my toddler's eyes and now his lips and face are swelling up "
                                  "and he's wheezing.")
    assert toddler.level is Level.EMERGENCY
    assert erythromycin.assess("my friend's lips are swelling and she can't breathe").level is Level.EMERGENCY
    assert erythromycin.assess("my baby is having a seizure").level is Level.EMERGENCY
    # a history is not happening now
    assert erythromycin.assess("my friend had a seizure at school last year").level is Level.NONE


def test_any_leaflet_pauses_in_breathing_in_sleep_are_not_someone_who_stopped_breathing(others):
    testosterone = others("testosterone-topical")
    apnea = testosterone.assess("he stops breathing for several seconds at a time in his sleep")
    assert apnea.level is Level.URGENT
    assert testosterone.assess("my husband collapsed and is not breathing").level is Level.EMERGENCY


def test_any_leaflet_dictations_unmarked_possessives_name_the_child(others):
    # "my sons eyes ... hes stumbling": dictation drops the apostrophes; the son is still the one it was put in
    cyclopentolate = others("cyclopentolate-ophthalmic")
    answer = cyclopentolate.assess("i think i put way too many of the dilating drops in my sons eyes i did it three times "
                                   "instead of once and now hes stumbling around and talking nonsense")
    assert answer.level is Level.EMERGENCY and "confusion" in counted(answer)


def test_any_leaflet_a_voice_almost_gone_is_no_illness_that_is_over(others):
    answer = others("tamsulosin-oral").assess("been coughing a lot and my voice is almost gone since last week")
    assert {"cough", "loss of voice"} <= counted(answer)


def test_any_leaflet_a_place_item_that_names_no_irritation_takes_none(others):
    # "temporary darkening ... at the application site" is the leaflet's only place item, but a sting is not it
    hydroquinone = others("hydroquinone-topical")
    answer = hydroquinone.assess("it stings a little every time i put it on")
    assert "temporary darkening of the skin at the application site" not in counted(answer)
    # a cream "stings when it goes on": where it goes on is the application site
    fluocinonide = others("fluocinonide-topical")
    assert counted(fluocinonide.assess("it stings a bit when it goes on")) == {
        "Burning, itching, redness, or stinging at the application site (mild)"}


def test_any_leaflet_pus_at_the_hair_roots_where_it_went_is_still_folliculitis(others):
    clobetasol = others("clobetasol-topical")
    answer = clobetasol.assess("There are little bumps with pus at every hair on my arm where I put the ointment, they burn")
    assert answer.level is Level.URGENT
    assert "burning, itching, and pain in hairy areas, pus at the root of the hair" in counted(answer)


def test_any_leaflet_another_persons_effect_beside_the_writers_own_is_theirs(others):
    clobetasol = others("clobetasol-topical")
    assert clobetasol.assess("My husband's skin got thin from his steroid cream, but mine looks normal so far.").level is Level.NONE
    assert clobetasol.assess("My husband's skin got thin from the cream").level is Level.URGENT


def test_any_leaflet_a_steroid_under_a_nappy_is_too_much_absorbed(others):
    halobetasol = others("halobetasol-topical")
    toddler = halobetasol.assess("I used my halobetasol ointment on my 3 year old's eczema every day for a month, under "
                                 "his nappy too, and now he's thirsty all the time and weeing loads")
    assert toddler.level is Level.EMERGENCY
    assert halobetasol.assess("I'm thirsty all the time and weeing loads").level is Level.URGENT
