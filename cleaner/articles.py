"""The indefinite article before a repaired phrase: a repair can change the sound its
phrase starts with ("an information conference" -> "a news conference")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.case import form_of, recase
from cleaner.phrases import Match

# "a" or "an" as a word, then the space before the phrase: one line break at most, as
# between the words of a rule's target.
_ARTICLE = re.compile(r"(?<![\w'’-])(an?)([ \t]*\n?[ \t]*)\Z", re.IGNORECASE)
_LOOK_BACK = 16  # room for the article and a few spaces
# Spellings whose first sound the first letter does not give: a vowel read as a consonant
# ("a European", "a one-off") or a silent h ("an hour"). A word in "u" is "an" only before
# "un", "up", "ug", "ul" or "um" ("an unusual", "an upper"), and left alone otherwise
# ("a union" but "an uninformed", "a usual" but "an urgent").
_CONSONANT_SOUND = re.compile(r"eu|ewe|one\b|once\b")
_VOWEL_SOUND = ("heir", "honest", "honor", "honour", "hour")
_U_VOWEL = re.compile(r"u(?!ni)(?:n|p|g|l|m)")


def article_for(word: str) -> str | None:
    """The article, "a" or "an", before `word`; None when the spelling cannot say: a
    digit, an acronym ("an FBI", "a NATO"), most words in "u"."""
    if not word[:1].isalpha() or (len(word) > 1 and word.isupper()):
        return None
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND):
        return "an"
    if _CONSONANT_SOUND.match(lower):
        return "a"
    if lower[0] == "u":
        return "an" if _U_VOWEL.match(lower) else None
    return "an" if lower[0] in "aeio" else "a"


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
                new = recase(after, _form(article, m.replacement))
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


def _form(written: str, following: str) -> str:
    """The case form of the article `written`: a lone "A" is in capitals when the words
    after it are ("A" -> "An"; "A HOUSE" -> "AN HOUSE")."""
    form = form_of(written)
    if form == "capital" and written.isupper() and following.partition(" ")[0].isupper():
        return "upper"
    return form
