"""Errors a user can fix: reported as one line on stderr with exit status 2."""


class AnalysisError(Exception):
    """A bad study, parameter, database or command line; the message is one line."""
