"""What a runtime install brings in (issue 12): light, nothing downloaded at run time, nothing for
the tests or benchmarks, and the lemma tables triage reads shipped with their licences."""

import hashlib
import re
import subprocess
import sys
import tempfile
import tomllib
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# spacy-lookups-data 1.0.5's English tables, unchanged: the same lemmas as when the whole package
# was installed (every case message's JSON and lemmas compared when they moved here)
TABLES = {
    "en_lemma_lookup.json.gz": "8b5c845960584fdf72291e4f70f0a5e4401568492f4e090c013eec00d67bda05",
    "en_lemma_index.json.gz": "bba7b2b304d27a2e855f41d2681441fbd34a96e71d07c972148d82f497d3d1da",
}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


def test_package_a_runtime_install_brings_no_test_tools_nltk_cython_or_all_languages_tables():
    runtime = _names(PROJECT["project"]["dependencies"]) | _names(PROJECT["build-system"]["requires"])
    assert not runtime & {"pytest", "pytest-xdist", "hypothesis", "pexpect", "mypy", "jsonschema", "nltk",
                          "cython", "medspacy", "spacy-lookups-data"}, runtime
    extras = PROJECT["project"]["optional-dependencies"]
    assert _names(extras["bench"]) == {"medspacy"}  # medspaCy, which brings NLTK and Cython, for benchmarks only
    assert {"pytest", "pytest-xdist"} <= _names(extras["test"])


def test_package_the_lemma_tables_ship_in_the_package_unchanged_with_their_licences():
    folder = resources.files("triage").joinpath("lookups")
    for name, digest in TABLES.items():
        assert hashlib.sha256(folder.joinpath(name).read_bytes()).hexdigest() == digest, name
    assert folder.joinpath("SPACY-LOOKUPS-DATA-LICENSE.txt").read_text(encoding="utf-8").startswith("MIT License")
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in folder.joinpath("WORDNET-LICENSE.txt").read_text(
        encoding="utf-8")
    shipped = PROJECT["tool"]["setuptools"]["package-data"]["triage"]
    assert {"lookups/*.json.gz", "lookups/*.txt"} <= set(shipped)


def test_package_the_pipeline_is_built_without_spacy_lookups_data():
    """Built from the knowledge files (not the compiled pipeline) with spacy_lookups_data made
    unimportable: the tables come from the package, and the lemmas are the leaflet's."""
    probe = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'spacy_lookups_data':\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from triage.engine import Triage\n"
        "from triage.knowledge import load_knowledge\n"
        "bot = Triage(load_knowledge('ruxolitinib-topical'))\n"
        "print([t.lemma_ for t in bot.nlp('my gums were bleeding and feaver')], bot.assess('my gums bleed').level)\n"
        "print('spacy_lookups_data' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300,
                          cwd=tempfile.gettempdir())
    assert done.returncode == 0, done.stderr
    lemmas, loaded = done.stdout.strip().splitlines()
    assert lemmas == "['my', 'gum', 'be', 'bleed', 'and', 'fever'] urgent" and loaded == "False"


def test_package_says_which_pythons_it_supports():
    """Checked on 3.11, 3.12 and 3.13 (.ci/run adds a smoke check on the later two where the machine has them)."""
    assert PROJECT["project"]["requires-python"] == ">=3.11"
    classifiers = set(PROJECT["project"]["classifiers"])
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (11, 12, 13)} <= classifiers
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install '.[test]' && pytest -q\n" in ci and "for version in 3.12 3.13" in ci
