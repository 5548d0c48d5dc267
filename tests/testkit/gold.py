"""The gold annotations (format: ``shared/gold/FORMAT.md``): the development set in
``tests/gold/`` and the shared gold kept beside the checkout (``../shared/gold``), which a clone
on another machine may not have."""

from __future__ import annotations

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
OWN_GOLD_DIR = REPOSITORY / "tests" / "gold"
SHARED_GOLD_DIR = REPOSITORY.parent / "shared" / "gold"


def shared_gold() -> list[Path]:
    """The shared gold files, sorted; empty when there are none beside the checkout."""
    return sorted(SHARED_GOLD_DIR.glob("*.json"))


def shared_gold_file(stem: str) -> Path:
    """The shared gold file of corpus document ``stem``; the calling test is skipped, with the
    reason, when it is not there."""
    path = SHARED_GOLD_DIR / f"{stem}.json"
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared gold lives beside the checkout")
    return path


needs_shared_gold = pytest.mark.skipif(
    not shared_gold(), reason=f"no shared gold in {SHARED_GOLD_DIR} (beside the checkout)")
