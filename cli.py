"""The ``policykg`` command: a thin shell over the Python API.

Exit codes: 0 success, 1 the work failed (nothing built, a query failed, a check failed),
2 bad usage.
"""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="policykg")
def main() -> None:
    """Turn Chinese policy documents into a knowledge graph of who leads what."""
