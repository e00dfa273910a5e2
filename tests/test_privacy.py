"""Privacy and isolation: no network, no files, no message text in logs or error output."""

import json
import logging
import os
import socket

import pytest

import triage
from triage import cli

SECRET = "my secret gums bleed xyzzy"


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("triage tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_privacy_the_whole_flow_runs_with_the_network_blocked(no_network, capsys):
    bot = triage.load()
    assert bot.assess("my gums bleed").level == "urgent"
    assert cli.main(["ask", "--json", "chest pain"]) == 0
    assert '"emergency"' in capsys.readouterr().out


def test_privacy_nothing_is_written_to_disk(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    before = sorted(os.walk(tmp_path))
    cli.main(["ask", SECRET])
    cli.main(["ask", "--json", SECRET])
    capsys.readouterr()
    assert sorted(os.walk(tmp_path)) == before


def test_privacy_message_text_never_reaches_logs(bot, caplog):
    with caplog.at_level(logging.DEBUG):
        bot.assess(SECRET)
        bot.assess_many([SECRET, SECRET])
    assert "xyzzy" not in caplog.text


def test_privacy_error_output_does_not_repeat_the_message(capsys):
    code = cli.main(["ask", SECRET + " " + "x" * triage.MAX_CHARS])
    out, err = capsys.readouterr()
    assert code == 3 and out == ""
    assert "limit is" in err and "xyzzy" not in err


# ---------------------------------------------------------------- knowledge files (issue 14)

SYSTEM_FILE = "root:x:0:0:SECRET-xyzzy:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


@pytest.mark.parametrize("content", [
    SYSTEM_FILE,                                                # a passwd-like file: one long string
    "api_token: SECRET-xyzzy\npassword: SECRET-xyzzy\n",         # a config file: a mapping of other keys
    "- SECRET-xyzzy\n- SECRET-xyzzy\n",                          # a list
    "key: !SECRET-xyzzy value\n",                               # a tag YAML does not know
    "leaflet: x\ntitle: x\nsource: x\ntiers: SECRET-xyzzy\n",     # shaped like a leaflet, a bad value
    "leaflet: x\ntitle: x\nsource: x\ntiers: [{tier: SECRET-xyzzy-and-more-words-than-a-tier-name, "
    "sentence: x, groups: []}]\n",
])
def test_privacy_a_knowledge_error_never_quotes_the_file(tmp_path, capsys, content):
    """A leaflet path may be a link to a file that is none of triage's: the error says where and
    what shape was expected, never what the file says."""
    target = tmp_path / "system-file"
    target.write_text(content, encoding="utf-8")
    link = tmp_path / "leaflet.yaml"
    link.symlink_to(target)
    code = cli.main(["ask", "--leaflet", str(link), "fever"])
    out, err = capsys.readouterr()
    assert code == 4 and out == "" and err.count("\n") == 1
    assert "xyzzy" not in err and "root" not in err and "api_token" not in err, err


def test_privacy_a_device_given_as_a_leaflet_is_refused_without_reading_it(capsys):
    code = cli.main(["ask", "--leaflet", "/dev/zero", "fever"])  # reading it would never end
    assert code == 4 and "/dev/zero: not a regular file" in capsys.readouterr().err


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x9b2J\x07"


def test_privacy_knowledge_text_never_reaches_the_terminal_raw(tmp_path, capsys):
    """A leaflet file holding escape sequences (a page saved with them, a hand edit) is cleaned when it
    is loaded, as messages are: no answer, list or JSON can recolour, clear or retitle the terminal."""
    path = tmp_path / "escapes.yaml"
    path.write_text(
        "leaflet: escapes\n"
        f"title: {json.dumps('Testdrug ' + ESCAPES + '(oral route)')}\n"
        "source: test\n"
        "tiers:\n"
        "  - tier: urgent\n"
        f"    sentence: {json.dumps('Check with your doctor ' + ESCAPES + 'immediately if any of the following occur')}\n"
        "    groups:\n"
        f"      - group: {json.dumps('Less ' + ESCAPES + 'common')}\n"
        f"        items: [fever, {json.dumps('Bloody or black, ' + ESCAPES + 'tarry stools')}]\n",
        encoding="utf-8")
    outputs = []
    for argv in (["ask", "my poop is black and I have a fever"], ["ask", "--json", "my poop is black"],
                 ["coverage"]):
        assert cli.main([*argv, "--leaflet", str(path)]) == 0
        outputs.append(capsys.readouterr().out)
    for out in outputs:
        assert not set(out) & {"\x1b", "\x07", "\x9b"}
    assert "tarry stools" in outputs[0]
    leaflet = triage.load(str(path)).knowledge.leaflet
    assert leaflet.title.startswith("Testdrug") and not set(leaflet.title) & {"\x1b", "\x07", "\x9b"}
