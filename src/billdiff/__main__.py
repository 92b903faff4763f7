"""``python -m billdiff``: the same as the ``billdiff`` command."""

from billdiff.cli import run

run()
