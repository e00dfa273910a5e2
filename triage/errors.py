"""The library's own exception types; only the CLI turns them into exit codes."""


class TriageError(Exception):
    """Base class for every error triage raises on purpose."""


class KnowledgeError(TriageError):
    """A knowledge file is missing, unreadable or does not follow its schema."""


class InputError(TriageError):
    """A message cannot be assessed as given (wrong type, too long)."""


class LeafletFormatError(TriageError):
    """A text given to the importer is not a leaflet of the supported layout."""


# Exit codes of every command: 0 answered (whatever the level), 1 standard output closed, 2 bad
# usage, 3 unreadable input (not UTF-8, too long), 4 broken or missing knowledge, 130 interrupted.
EXIT_OK = 0
EXIT_OUTPUT = 1  # standard output is closed: nothing could be said
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_KNOWLEDGE = 4
EXIT_INTERRUPTED = 130
