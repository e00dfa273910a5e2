"""A fast start: what needs no NLP does not import spaCy (issue 11)."""

import subprocess
import sys
from pathlib import Path

import pytest

SEED = str(Path(__file__).parent / "leaflets" / "hydrocortisone-topical.txt")


def _imports_spacy(code: str) -> bool:
    probe = code + "\nimport sys\nprint('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
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
