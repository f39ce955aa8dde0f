"""`cleaner suggest`: mine candidate spin rules from texts (an optional wing: `pip install
'cleaner[suggest]'`). The cleaning core never imports it."""

from cleaner.suggest.bigrams import Bigrams
from cleaner.suggest.mine import format_suggestion, suggest
from cleaner.suggest.suggestion import Suggestion

__all__ = ["Bigrams", "Suggestion", "format_suggestion", "suggest"]
