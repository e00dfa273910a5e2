"""Docs and the program agree (issue 12): every command and option the help texts offer is in the
README, every command the README names exists, and the chat's commands are documented."""

import re
from pathlib import Path

import pytest

from triage import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def help_text(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        cli.main([*argv, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", cli.COMMANDS)
def test_docs_every_command_and_its_options_are_in_the_readme(capsys, command):
    assert f"triage {command}" in README, command
    options = set(OPTION.findall(help_text(capsys, command))) - {"-h", "--help"}
    missing = [option for option in sorted(options) if not re.search(rf"(?<![\w-]){re.escape(option)}\b", README)]
    assert not missing, f"triage {command} --help offers {missing}, the README does not say"


def test_docs_the_top_level_help_lists_each_command_the_readme_names(capsys):
    top = help_text(capsys)
    for command in cli.COMMANDS:
        assert re.search(rf"^\s+{command}\s", top, re.MULTILINE), command
    named = set(re.findall(r"`triage ([a-z]+)\b", README)) - {"chta"}  # the README's example of a typo
    assert named <= set(cli.COMMANDS), named - set(cli.COMMANDS)  # no command the program lacks
    assert "--version" in README and "--version" in top


def test_docs_the_chat_commands_in_help_and_readme_agree(bot):
    from triage.conversation import Conversation

    listed = set(re.findall(r"^\s+(/[a-z]+)\s", Conversation(bot).help(), re.MULTILINE))
    assert {"/summary", "/why", "/list", "/reset", "/quit"} <= listed
    chat = README[README.index("## Chat"):README.index("## Questions about using")]
    assert all(command in chat for command in listed), [c for c in listed if c not in chat]
    assert "/help" in chat


def test_docs_licence_sources_and_package_metadata():
    import tomllib

    root = Path(__file__).resolve().parents[1]
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == {"text": "MIT"}
    assert "License :: OSI Approved :: MIT License" in project["classifiers"]
    assert "Typing :: Typed" in project["classifiers"] and project["keywords"]
    sources = README[README.index("## Licence and sources"):]
    assert "Merative" in sources and "short quotes" in sources and "MIT" in sources


def test_docs_the_two_set_up_commands_stay_as_they_are():
    assert "pip install . && triage ask \"my gums bleed when I brush\"\n" in README
    assert "pip install '.[test]' && pytest -q\n" in README
    assert "pip install -e ." in README  # and the one for development
