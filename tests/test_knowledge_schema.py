"""The declared shape of the knowledge files (triage/knowledge_schema.py) and its JSON Schemas,
as an editor and a person adding a leaflet meet them."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from triage.errors import KnowledgeError
from triage.knowledge_schema import MODELS, check, json_schemas, schema_text
from triage.leaflet import parse_leaflet_text
from triage.leaflet_yaml import to_yaml

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
SCHEMAS = KNOWLEDGE / "schemas"
OTHER_LEAFLETS = sorted((REPO / "tests" / "leaflets" / "others").glob("*.txt"))


def shipped_files() -> dict[Path, str]:
    """Every shipped knowledge file -> its kind (a key of MODELS)."""
    files = {path: path.name for path in KNOWLEDGE.glob("*.yaml")}
    files.update({path: f"pack:{path.name}" for path in KNOWLEDGE.glob("*/*.yaml")})
    return files


def schema_name(kind: str) -> str:
    return kind.replace("pack:", "pack-").removesuffix(".yaml") + ".schema.json"


def test_schema_every_shipped_file_kind_has_a_model():
    assert {kind for kind in shipped_files().values()} <= set(MODELS)


def test_schema_exported_json_schemas_are_the_models_own():
    generated = json_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(generated)
    for name, schema in generated.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == schema_text(schema), (
            f"{name} is stale: regenerate with python -m triage.knowledge_schema knowledge/schemas")


@pytest.mark.parametrize("path", sorted(shipped_files()), ids=lambda p: str(p.relative_to(KNOWLEDGE)))
def test_schema_shipped_file_has_its_declared_shape_for_triage_and_for_an_editor(path):
    kind = shipped_files()[path]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    check(kind, data, path.name)  # what triage checks on load
    schema = json.loads((SCHEMAS / schema_name(kind)).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)  # what an editor's YAML language server checks


@pytest.mark.parametrize("path", sorted(shipped_files()), ids=lambda p: str(p.relative_to(KNOWLEDGE)))
def test_schema_shipped_file_names_its_schema_on_its_first_line(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("$schema=", 1)[1]).resolve() == (SCHEMAS / schema_name(shipped_files()[path]))


@pytest.mark.parametrize("page", OTHER_LEAFLETS, ids=lambda p: p.stem)
def test_schema_an_imported_leaflet_has_the_pack_shape(page):
    data = yaml.safe_load(to_yaml(parse_leaflet_text(page.read_text(encoding="utf-8"), name=page.stem)))
    check("pack:leaflet.yaml", data, page.name)
    jsonschema.validate(data, json.loads((SCHEMAS / "pack-leaflet.schema.json").read_text(encoding="utf-8")))


def lexicon():
    return yaml.safe_load((KNOWLEDGE / "lexicon.yaml").read_text(encoding="utf-8"))


def test_schema_a_misspelt_key_is_named_with_its_entry_and_never_quotes_the_file():
    data = lexicon()
    data["concepts"][0]["phrazes"] = ["a secret phrase"]
    with pytest.raises(KnowledgeError) as caught:
        check("lexicon.yaml", data, "lexicon.yaml")
    message = str(caught.value)
    concept = data["concepts"][0]["id"]
    assert message == f"lexicon.yaml: concepts[0] {concept!r} > phrazes: unknown key (a misspelling?)"
    assert "secret" not in message


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.pop("window"), "lexicon.yaml: window: required, missing"),
    (lambda d: d.update(window="eight"), "lexicon.yaml: window: input should be a valid integer"),
    (lambda d: d["concepts"][1].update(implies=["suddenly"]), "implies[0]: input should be 'sudden', 'severe' or 'current'"),
    (lambda d: d["concepts"][2].update(patterns=[[["a"], 3]]), "patterns[0][1]"),
])
def test_schema_a_wrong_value_says_where_and_what_was_expected(change, expected):
    data = copy.deepcopy(lexicon())
    change(data)
    with pytest.raises(KnowledgeError, match="^lexicon.yaml: ") as caught:
        check("lexicon.yaml", data, "lexicon.yaml")
    assert expected in str(caught.value)


def test_schema_an_editor_flags_the_same_mistake():
    data = lexicon()
    data["concepts"][0]["phrazes"] = ["x"]
    schema = json.loads((SCHEMAS / "lexicon.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="phrazes"):
        jsonschema.validate(data, schema)
