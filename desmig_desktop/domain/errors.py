"""Typed errors of the application, in three tiers (STYLE.md rule 13).

1. ``ValidationError`` and its kin: the user typed or imported something the
   rules refuse. The message is friendly Indonesian and names the field.
2. ``KnownEnvironmentError``: the machine is in the way (database locked,
   disk full, read-only folder, file open in Excel). The message says what
   the user can do.
3. Anything else is a bug: the GUI's excepthook logs it and shows a dialog.
"""

from __future__ import annotations


class DesmigError(Exception):
    """Base of every error the application raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class ValidationError(DesmigError):
    """Input refused by a rule. ``field`` names the field (label) at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(DesmigError):
    """A record the user referred to does not exist."""


class KnownEnvironmentError(DesmigError):
    """The environment prevents the action; the message tells the user what to do."""


class DatabaseError(KnownEnvironmentError):
    """The database file cannot be used (corrupt, foreign, too new, locked)."""


class DatabaseTooNew(DatabaseError):
    """The database was written by a newer version of the application."""


class NotADatabase(DatabaseError):
    """The file is not a Desmig database, or it is damaged."""
