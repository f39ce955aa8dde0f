"""Clean scraped news articles and explain every change.

    import cleaner

    cleaned = cleaner.clean(text)            # shipped rules, default settings
    cleaned.text, cleaned.changes

    worker = cleaner.Cleaner(disable=["spelling"], settings={"spin": {"gate": 5.0}})
    for result in worker.clean_many(texts):  # batched; never raises for one text
        ...

Heavy modules load on first use, so `import cleaner` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner.lazy import names

__version__ = "0.1.0"

__all__ = [
    "Change",
    "Cleaned",
    "Cleaner",
    "CleanerError",
    "ConfigError",
    "RuleError",
    "__version__",
    "clean",
]

if TYPE_CHECKING:
    from cleaner.api import Cleaned, Cleaner, clean
    from cleaner.document import Change
    from cleaner.errors import CleanerError, ConfigError, RuleError

_HOMES = {
    "Change": "cleaner.document",
    "Cleaned": "cleaner.api",
    "Cleaner": "cleaner.api",
    "clean": "cleaner.api",
    "CleanerError": "cleaner.errors",
    "ConfigError": "cleaner.errors",
    "RuleError": "cleaner.errors",
}


# The CLI imports `cleaner` for its version; the API's modules load only when asked for.
__getattr__ = names("cleaner", _HOMES)
