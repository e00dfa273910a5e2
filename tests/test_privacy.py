"""Privacy and isolation: no network, no files, no message text in logs or error output."""

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
