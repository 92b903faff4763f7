"""The exceptions billdiff raises: one base class, a small tree under it.

Third-party errors (lxml, OSError, json) are translated at the boundary, so
callers and the CLI only ever see these. Each message is one line a user can
act on; the CLI prints it and exits 2.
"""

from __future__ import annotations


class BilldiffError(Exception):
    """Base class of every error billdiff raises on purpose."""


class InputError(BilldiffError):
    """A file could not be read: missing, a directory, unreadable, too large."""


class XMLError(InputError):
    """The file is not well-formed XML, or is hostile (DTD, entities, too deep)."""


class FormatError(InputError):
    """The file is XML but not a legislation format billdiff reads."""


class AnnotationError(BilldiffError):
    """An annotation file is corrupt, of a newer schema, or cannot be saved."""


class ConflictError(AnnotationError):
    """The annotation file changed on disk since it was loaded."""


class UsageError(BilldiffError):
    """The command line asks for something that cannot be done."""
