"""The package's own exceptions: one base class, one message a person can act on.

Every error raised for a user's mistake (a bad file, a wrong parameter) is a
:class:`JejakError`. Its message names the file (and sheet and row when known),
says what is wrong and what to do about it, in Indonesian by default and in
English on request. The ``jejak`` command prints that one line and exits
non-zero; it never shows a traceback for a user's mistake.
"""

from __future__ import annotations

from pathlib import Path

from jejak_analysis.messages import message


class JejakError(Exception):
    """Base class of every error the package raises for bad input.

    Parameters
    ----------
    key:
        The message's key in ``reference/pesan.csv`` (the text in both languages).
    path, sheet, row:
        Where the problem is: the file, the sheet and the 1-based row a person sees in Excel.
    **details:
        Values the message template fills in.
    """

    def __init__(self, key: str, path: str | Path | None = None, sheet: str | None = None,
                 row: int | None = None, **details: object) -> None:
        self.key = key
        self.path = None if path is None else Path(path)
        self.sheet = sheet
        self.row = row
        self.details = details
        super().__init__(self.describe("id"))

    def where(self, lang: str = "id") -> str:
        """The location part of the message: file, sheet, row."""
        parts = []
        if self.path is not None:
            parts.append(f"{self.path.name}")
        if self.sheet is not None:
            parts.append(("sheet " if lang == "en" else "sheet ") + f"'{self.sheet}'")
        if self.row is not None:
            parts.append(("row " if lang == "en" else "baris ") + str(self.row))
        return ", ".join(parts)

    def describe(self, lang: str = "id") -> str:
        """The whole message in one line: where, what is wrong, what to do."""
        text = message(self.key, lang, **self.details)
        where = self.where(lang)
        return f"{where}: {text}" if where else text


class UnreadableFileError(JejakError):
    """The file cannot be read at all: empty, corrupt, encrypted, or not what its extension says."""


class HeaderNotFoundError(JejakError):
    """A sheet holds data but no row looks like a header."""


class UnknownTableError(JejakError):
    """A table's headers match neither a school list nor a questionnaire."""


class InvalidDataError(JejakError):
    """A file was read but breaks an assumption (a duplicate key, a negative count, a bad code)."""


class InvalidParameterError(JejakError):
    """A parameter given by the user is not valid (a month not in YYYY-MM form, an unknown option)."""
