"""The obvious version of cleaner's stages, for the benchmark to measure against.

Same libraries, same rules, written the straightforward way: ftfy.fix_text and
langdetect.detect on every whole document, one regular expression per rule, pyspellchecker
asked about every word, paragraphs compared pairwise. Its output is close to the real
pipeline's but not identical; it exists to be timed, not used.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from difflib import SequenceMatcher

from cleaner.ruleset import RuleSet
from cleaner.stages.decode import decode_bytes

Step = Callable[[str], str]


def build(rules: RuleSet) -> list[tuple[str, Step]]:
    import ftfy
    from bs4 import BeautifulSoup
    from langdetect import DetectorFactory, detect
    from spellchecker import SpellChecker

    DetectorFactory.seed = 0
    spell = SpellChecker()
    line_rules = [
        re.compile(
            rf"^\W*{re.escape(r.pattern)}\W*$" if r.kind != "regex" else r.pattern,
            re.I,
        )
        for r in rules.boilerplate
    ]
    spin_rules = [(re.compile(rf"\b{re.escape(r.target)}\b"), r.replacement) for r in rules.spin]

    def html(text: str) -> str:
        if "<html" not in text[:500].lower():
            return text
        return str(BeautifulSoup(text, "html.parser").get_text("\n"))

    def unicode(text: str) -> str:
        return str(ftfy.fix_text(text))

    def language(text: str) -> str:
        with contextlib.suppress(Exception):  # langdetect raises on text without features
            detect(text)
        return text

    def boilerplate(text: str) -> str:
        lines = text.split("\n")
        return "\n".join(x for x in lines if not any(r.search(x) for r in line_rules))

    def dedupe(text: str) -> str:
        kept: list[str] = []
        for line in text.split("\n"):
            long = len(line.split()) >= 8
            if long and any(SequenceMatcher(None, line, k).ratio() > 0.9 for k in kept):
                continue
            kept.append(line)
        return "\n".join(kept)

    def spin(text: str) -> str:
        for pattern, replacement in spin_rules:
            text = pattern.sub(replacement, text)
        return text

    def spelling(text: str) -> str:
        words = re.findall(r"[a-z]+", text)
        for word in spell.unknown(words):
            for i in range(2, len(word) - 1):
                if spell.known([word[:i], word[i:]]) == {word[:i], word[i:]}:
                    text = text.replace(word, f"{word[:i]} {word[i:]}")
                    break
        return re.sub(r"([a-z])\.([A-Z])", r"\1. \2", text)

    def tidy(text: str) -> str:
        stripped = "\n".join(x.rstrip() for x in text.split("\n"))
        return re.sub(r"\n{3,}", "\n\n", stripped).strip()

    return [
        ("html", html),
        ("unicode", unicode),
        ("language", language),
        ("boilerplate", boilerplate),
        ("dedupe", dedupe),
        ("spin", spin),
        ("spelling", spelling),
        ("tidy", tidy),
    ]


def clean(data: bytes, steps: list[tuple[str, Step]], seconds: dict[str, float]) -> str:
    start = time.perf_counter()
    text = decode_bytes(data)[0].replace("\r\n", "\n")
    seconds["decode"] = seconds.get("decode", 0.0) + time.perf_counter() - start
    for name, step in steps:
        start = time.perf_counter()
        text = step(text)
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
    return text
