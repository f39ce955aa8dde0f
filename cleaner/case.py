"""Case forms: the form a word or phrase was written in, and a replacement put in it.

One place for it, so that a spin repair, the article before it and a suggested rule agree
on what "the same case" means.
"""

from __future__ import annotations


def form_of(written: str) -> str:
    """The form of `written`: "upper" in capitals (two letters or more: a lone capital
    starts a sentence as often as it is an acronym), "capital" capitalised, else "as"."""
    if written.isupper() and len(written) > 1:
        return "upper"
    if written[:1].isupper():
        return "capital"
    return "as"


def recase(text: str, form: str) -> str:
    """`text` put in `form`: "as", "capital", "title" (every word capitalised) or "upper"."""
    if form == "upper":
        return text.upper()
    if form == "capital":
        return text[:1].upper() + text[1:]
    if form == "title":
        return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))
    return text
