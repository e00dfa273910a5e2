"""The library's own exception types; only the CLI turns them into exit codes."""


class TriageError(Exception):
    """Base class for every error triage raises on purpose."""


class KnowledgeError(TriageError):
    """A knowledge file is missing, unreadable or does not follow its schema."""


class InputError(TriageError):
    """A message cannot be assessed as given (wrong type, too long)."""


class LeafletFormatError(TriageError):
    """A text given to the importer is not a leaflet of the supported layout."""
