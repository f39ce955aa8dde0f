"""The `cleaner` command, a thin layer over the library: its parser and `main` (main),
the sub-commands (commands), and what it prints besides reports (console)."""

from cleaner.cli.main import main

__all__ = ["main"]
