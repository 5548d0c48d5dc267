"""``python -m policykg.cli``: the ``policykg`` program."""

from policykg.cli import run

run()
