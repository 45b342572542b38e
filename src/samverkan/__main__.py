"""Run the command line: ``python -m samverkan``."""

from samverkan.cli import main

main()
