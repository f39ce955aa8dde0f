"""The indefinite article before a repaired phrase: a repair can change the sound its
phrase starts with ("an information conference" -> "a news conference")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.phrases import Match

# "a" or "an" as a word, then the space before the phrase: one line break at most, as
# between the words of a rule's target.
_ARTICLE = re.compile(r"(?<![\w'’-])(an?)([ \t]*\n?[ \t]*)\Z", re.IGNORECASE)
_LOOK_BACK = 16
# Words spelt with a vowel that start with a consonant sound ("a union", "a one-off") and
# words spelt with a consonant that start with a vowel sound ("an hour").
_CONSONANT_SOUND = ("eu", "ewe", "one", "once", "uni", "use", "usu", "uti", "ura", "uk")
_VOWEL_SOUND = ("heir", "honest", "honor", "honour", "hour")


def article_for(word: str) -> str | None:
    """The article, "a" or "an", before `word`; None when the spelling cannot say (a
    digit, or an acronym such as "an FBI" or "a NATO")."""
    if not word[:1].isalpha() or (len(word) > 1 and word.isupper()):
        return None
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND):
        return "an"
    if lower.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def agree(text: str, matches: Sequence[Match]) -> list[Match]:
    """`matches` (in order, not overlapping) with each one whose replacement needs the
    other article widened to take in the "a" or "an" before it. An article that was
    already wrong for the words replaced is left as it was: the repair did not break it."""
    out: list[Match] = []
    last = 0
    for m in matches:
        start = max(last, m.start - _LOOK_BACK)
        found = _ARTICLE.search(text, start, m.start)
        if found is not None:
            article = found.group(1)
            # The rule as written says which sounds the words start with: the text may be
            # in capitals, where a word cannot be told from an acronym.
            before = article_for(m.phrase.target.partition(" ")[0])
            after = article_for(m.phrase.replacement.partition(" ")[0])
            if before is not None and after is not None and article.lower() == before != after:
                new = _recase(after, article, m.replacement)
                m = Match(
                    found.start(),
                    m.end,
                    text[found.start() : m.end],
                    new + found.group(2) + m.replacement,
                    m.phrase,
                )
        out.append(m)
        last = m.end
    return out


def _recase(article: str, written: str, following: str) -> str:
    """`article` in the case `written` was in ("A" -> "An"; "A" before upper case -> "AN")."""
    if written.isupper() and (len(written) > 1 or following.partition(" ")[0].isupper()):
        return article.upper()
    if written[0].isupper():
        return article.capitalize()
    return article
