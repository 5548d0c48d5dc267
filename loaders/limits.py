"""Limits on what reading one file may cost, checked before the cost is paid.

A reader looks before it inflates or allocates: the size of a file before it is read, the
sizes and compression ratios of an archive's members (.docx, OFD) before one is opened, the
inflated size of a PDF's streams as pypdf decodes them. A file over a limit is refused with a
:class:`LoadError` naming the file and the limit. ``memory_mb`` bounds the address space of each
process that reads files (see :mod:`policykg.graph.build`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import LoadError

MB = 1_000_000
RATIO_FLOOR = MB  # members that inflate to less than this are not checked for their ratio


@dataclass(frozen=True)
class Limits:
    """What one file may cost. The defaults are far above any policy document seen (the
    largest file of the sample corpus has 0.67 MB; saved as .docx, its document.xml is
    compressed 3.5 to 1 and python-docx's default styles 30 to 1) and far below what takes a
    machine down (the zip bomb of issue 13: 1.5 GB from 3.6 MB, 417 to 1)."""

    file_mb: float = 200  # bytes of one file
    inflated_mb: float = 500  # an archive's members together, or one PDF stream, inflated
    ratio: float = 100  # inflated / compressed size of one archive member
    memory_mb: float = 4000  # address space of one reading process

    def check_size(self, path: Path) -> int:
        """The size of ``path`` in bytes; LoadError if it is over ``file_mb``."""
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise LoadError(path, f"cannot read: {exc.strerror or exc}") from exc
        if size > self.file_mb * MB:
            raise LoadError(path, f"file of {size / MB:,.0f} MB is over the limit of "
                                  f"{self.file_mb:,.0f} MB (--max-file-mb)")
        return size

    def check_archive(self, path: Path) -> None:
        """Refuse a zip archive whose members would inflate past ``inflated_mb`` together, or
        one of which is compressed more than ``ratio`` to 1 (a zip bomb). The sizes are those
        the archive declares; :mod:`zipfile` never inflates a member past its declared size."""
        self.check_size(path)
        try:
            with zipfile.ZipFile(path) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise LoadError(path, f"not a readable {path.suffix} file: {exc}") from exc
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FLOOR and ratio > self.ratio:
                raise LoadError(path, f"{member.filename} would inflate from "
                                      f"{member.compress_size / MB:,.1f} MB to "
                                      f"{member.file_size / MB:,.0f} MB (ratio {ratio:,.0f}, "
                                      f"limit {self.ratio:,.0f}, --max-ratio): refused as a "
                                      f"zip bomb")
            if total > self.inflated_mb * MB:
                raise LoadError(path, f"its members would inflate to more than "
                                      f"{self.inflated_mb:,.0f} MB (--max-inflated-mb)")


DEFAULT_LIMITS = Limits()
