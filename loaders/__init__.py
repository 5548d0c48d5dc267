"""Reading policy documents: decoding, format readers, cleaning, document splitting, heading
structure, responsibility annotations, tasks and entity mentions."""

from .errors import LoadError

__all__ = ["LoadError"]
