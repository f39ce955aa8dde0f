"""The stages by their one name, in the order they run: the registry key (pipeline.py), the
`[tool.cleaner.NAME]` table (config.py), the label in reports and the prefix of rule ids.
Kept apart from the pipeline, so that reading a configuration or printing a summary loads
no stage machinery."""

from __future__ import annotations

STAGES = (
    "decode",
    "html",
    "unicode",
    "language",
    "boilerplate",
    "dedupe",
    "spin",
    "spelling",
    "tidy",
)
# "unknown" (too few letters to tell) is no evidence against English, so the English stages
# run on it; whether a document is English then flips less as rounds remove text around it.
RUN_ENGLISH = frozenset({"en", "unknown"})
