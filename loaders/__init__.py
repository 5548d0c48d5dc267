"""Reading policy documents: decoding, format readers, cleaning, document splitting, heading
structure, responsibility annotations, tasks and entity mentions."""

from pathlib import Path

from .errors import LoadError
from .limits import DEFAULT_LIMITS, Limits
from .text import SourceText

# Characters in one cleaned paragraph. The longest in the sample corpus has 1,283; a text with a
# longer one has no line breaks to read headings and items from (a dump, a binary read as text),
# and reading it costs seconds per megabyte for nothing.
MAX_PARAGRAPH = 100_000


def load(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> SourceText:
    """The cleaned text of the document at ``path``, mapped back to the file's text.

    LoadError if the file can't be read or decoded, is over one of ``limits``, or if a
    paragraph is longer than MAX_PARAGRAPH characters."""
    from .clean import clean
    from .formats import read_file

    source = clean(read_file(path, limits))
    longest = max(map(len, source.text.split("\n")))
    if longest > MAX_PARAGRAPH:
        raise LoadError(path, f"a paragraph of {longest:,} characters (limit {MAX_PARAGRAPH:,}): "
                              "no line breaks to read headings and items from")
    return source


__all__ = ["MAX_PARAGRAPH", "Limits", "LoadError", "load"]
