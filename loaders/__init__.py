"""Reading policy documents: decoding, format readers, cleaning, document splitting, heading
structure, responsibility annotations, tasks and entity mentions."""

from pathlib import Path

from .errors import LoadError
from .text import SourceText


def load(path: str | Path) -> SourceText:
    """The cleaned text of the document at ``path``, mapped back to the file's text."""
    from .clean import clean
    from .formats import read_file

    return clean(read_file(path))


__all__ = ["LoadError", "load"]
