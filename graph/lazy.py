"""Functions a registry names as ``"module:function"``, imported the first time they are
called, so that registering a format or an engine imports none of what it needs."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def resolve(target: Callable[..., Any] | str) -> Callable[..., Any]:
    """``target`` itself, or the function a ``"module:function"`` string names."""
    if callable(target):
        return target
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)
