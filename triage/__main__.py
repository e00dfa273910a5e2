"""python -m triage: the same as the `triage` command."""

from .cli import run

run()
