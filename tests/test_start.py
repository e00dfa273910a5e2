"""A fast start: what needs no NLP does not import spaCy (issue 11)."""

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SEED = str(Path(__file__).parent / "leaflets" / "hydrocortisone-topical.txt")


def _imports_spacy(code: str) -> bool:
    probe = code + "\nimport sys\nprint('spacy' in sys.modules)"
    # outside the source folder, so that the installed package is the one imported
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            cwd=tempfile.gettempdir())
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] == "True"


def test_import_triage_does_not_import_spacy():
    assert not _imports_spacy("import triage; triage.Level, triage.installed_leaflets()")


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["leaflets"], ["import", "--help"],
                                  ["ask", "--help"]])
def test_commands_that_need_no_nlp_do_not_import_spacy(argv):
    code = f"import triage.cli, contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n" \
           f"    try:\n        triage.cli.main({argv!r})\n    except SystemExit:\n        pass"
    assert not _imports_spacy(code)


def test_importing_a_leaflet_does_not_import_spacy(tmp_path):
    out = tmp_path / "hc.yaml"
    code = f"import triage.cli\nassert triage.cli.main(['import', {SEED!r}, '-o', {str(out)!r}]) == 0"
    assert not _imports_spacy(code)
    assert out.read_text(encoding="utf-8").startswith("#") or "tiers:" in out.read_text(encoding="utf-8")


def test_loading_imports_spacy_so_the_probe_can_tell():
    # the probe must be able to fail: loading a leaflet does need spaCy
    assert _imports_spacy("import triage; triage.load().assess('fever')")


# ---------------------------------------------------------------- the compiled pipeline

MESSAGES = [
    "my gums bleed when I brush", "no fever but my eyes itch", "my calf is swollen and hot",
    "My dad had a stroke last year", "feels like an elephant is sitting on my chest",
    "i have a feaver and chils", "shortness of bread when I walk", "what if I get a fever?",
    "I forgot to put the cream on yesterday, should I double up?", "tengo fiebre y dolor",
]


@pytest.fixture(scope="module")
def compiled_folder(tmp_path_factory):
    from triage import compiled

    folder = tmp_path_factory.mktemp("compiled")
    compiled.save("ruxolitinib-topical", folder)
    return folder


def test_a_compiled_pipeline_gives_the_built_pipelines_answers(compiled_folder, bot):
    from triage import compiled

    loaded = compiled.load("ruxolitinib-topical", compiled_folder)
    assert loaded is not None
    assert loaded.nlp.pipe_names == bot.nlp.pipe_names
    assert [a.to_dict() for a in loaded.assess_many(MESSAGES)] == [a.to_dict() for a in bot.assess_many(MESSAGES)]


def test_a_stale_compiled_pipeline_is_not_used(compiled_folder, tmp_path):
    from triage import compiled

    path = compiled.path_of("ruxolitinib-topical", compiled_folder)
    stale = tmp_path / path.name
    header, _, data = path.read_bytes().partition(b"\n")
    stale.write_bytes(header[:-8] + b"00000000\n" + data)  # made from other knowledge or code
    assert not compiled.is_fresh("ruxolitinib-topical", tmp_path)
    assert compiled.load("ruxolitinib-topical", tmp_path) is None


def test_a_damaged_or_missing_compiled_pipeline_is_not_used(compiled_folder, tmp_path):
    from triage import compiled

    path = compiled.path_of("ruxolitinib-topical", compiled_folder)
    header, _, data = path.read_bytes().partition(b"\n")
    (tmp_path / path.name).write_bytes(header + b"\n" + data[: len(data) // 2])
    assert compiled.load("ruxolitinib-topical", tmp_path) is None
    assert compiled.load("ruxolitinib-topical", tmp_path / "nowhere") is None


def test_the_fingerprint_changes_with_any_knowledge_file(monkeypatch, tmp_path):
    from triage import compiled, knowledge

    import shutil

    shutil.copytree(Path(str(knowledge._package_root())), tmp_path, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.pipeline", "__pycache__"))
    monkeypatch.setattr(compiled, "_package_file", lambda name: tmp_path / name)
    before = compiled.fingerprint("ruxolitinib-topical")
    for name in ("lexicon.yaml", "context.yaml", "questions.yaml", "explained.yaml", "wording.yaml",
                 "ruxolitinib-topical/leaflet.yaml", "ruxolitinib-topical/safety.yaml",
                 "ruxolitinib-topical/questions.yaml"):
        original = (tmp_path / name).read_bytes()
        (tmp_path / name).write_bytes(original + b"\n# edited\n")
        assert compiled.fingerprint("ruxolitinib-topical") != before, name
        (tmp_path / name).write_bytes(original)
    assert compiled.fingerprint("ruxolitinib-topical") == before


def test_only_installed_leaflets_are_compiled(tmp_path):
    from triage import KnowledgeError, compiled

    with pytest.raises(KnowledgeError, match="only an installed leaflet is compiled"):
        compiled.save(str(tmp_path / "other.yaml"), tmp_path)
    assert compiled.load(str(tmp_path / "other.yaml"), tmp_path) is None


def test_cli_compile_writes_each_installed_leaflet_and_says_where(monkeypatch, tmp_path, capsys):
    from triage import cli, compiled

    real = compiled.path_of
    monkeypatch.setattr(compiled, "path_of", lambda leaflet, folder=None: real(leaflet, folder or tmp_path))
    assert cli.main(["compile"]) == 0
    out = capsys.readouterr().out
    assert f"ruxolitinib-topical: {tmp_path / 'ruxolitinib-topical.pipeline'}" in out
    assert compiled.is_fresh("ruxolitinib-topical", tmp_path)


def test_cli_compile_an_unknown_leaflet_exits_4_with_a_message(capsys):
    from triage import cli

    assert cli.main(["compile", "--leaflet", "nonesuch"]) == 4
    assert "only an installed leaflet is compiled" in capsys.readouterr().err


def test_cli_ask_leaves_the_garbage_collector_as_it_found_it(capsys):
    import gc

    from triage import cli

    assert gc.isenabled()
    assert cli.main(["ask", "my gums bleed when I brush"]) == 0
    assert gc.isenabled()
    assert "URGENT" in capsys.readouterr().out.upper()
