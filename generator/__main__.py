"""`python -m generator` runs the productdocs command."""

from generator.cli import main

main()
