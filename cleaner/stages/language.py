"""language: which language a document is in, into `metadata.language`.

Clear English is settled cheaply: in English prose a third or more of the words are
function words ("the", "of", "and"...); even a team sheet in a sports report has more than
15%, while French, German or Spanish text has under 10% of these English words. Everything
else goes to langdetect, seeded so the answer is the same on every run, on a bounded
sample of the text, unless a web page said what language it is in and its text has that
language's function words (justext's stop-list of it) as plainly as English prose has
English ones. The language is only recorded: stages that need English skip other
languages, and non-target languages are reported, never dropped.
"""

from __future__ import annotations

from functools import cache, lru_cache

from cleaner.document import Document
from cleaner.options import LanguageOptions
from cleaner.pipeline import Stage
from cleaner.ruleset import RuleSet
from cleaner.tokens import Tokenizer, lower

ENGLISH_FUNCTION_WORDS = frozenset(
    """a about after against all also an and are as at be been before but by can could did
    do does for from had has have he her his how i if in into is it its may more most no
    not of on one or our out over said she so some such than that the their them there
    these they this those to up was we were what when where which while who will with
    would you""".split()
)
_WORDS = Tokenizer(r"[^\W\d_]")
SAMPLE_CHARS = 1000
MIN_WORDS = 20
# Below MIN_WORDS, English only when function words are plainly frequent.
SHORT_ENGLISH_SHARE = 0.3
# Fewer letters than this and no language is guessed at all.
MIN_LETTERS = 30
# A page's own word for its language is taken when this share of the words are in the
# stop-list of that language: function words make 40% or more of prose in every language
# with spaces between words, and a related language's list falls short of it.
DECLARED_SHARE = 0.4


def sample(text: str) -> str:
    """The first SAMPLE_CHARS characters of `text` with its spacing folded, so that tidying
    a text never changes its language; only as much of the text is read as that needs."""
    window = SAMPLE_CHARS * 5 // 4  # enough for most texts in one pass
    while True:
        folded = " ".join(text[:window].split())
        if window >= len(text):
            return folded[:SAMPLE_CHARS]
        # The window may cut the last word short.
        whole = folded.rpartition(" ")[0]
        if len(whole) >= SAMPLE_CHARS:
            return whole[:SAMPLE_CHARS]
        window *= 4


def english_share(text: str) -> tuple[float, int]:
    """The share of function words among the first words of `text`, and how many were read."""
    words = _WORDS.findall(lower(text[:SAMPLE_CHARS]))
    if not words:
        return 0.0, 0
    return sum(map(ENGLISH_FUNCTION_WORDS.__contains__, words)) / len(words), len(words)


@lru_cache(maxsize=256)
def detect(text: str) -> str:
    """langdetect's answer on a bounded sample, seeded; "unknown" when it has none.
    Remembered: a later round, or spelling's paragraphs, ask again of the same text."""
    from langdetect import DetectorFactory
    from langdetect import detect as langdetect_detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return str(langdetect_detect(text[:SAMPLE_CHARS]))
    except LangDetectException:
        return "unknown"


def language_of(
    text: str,
    share_of_english: float = LanguageOptions.english_share,
    declared: str | None = None,
) -> tuple[str, str]:
    """The language of `text` and how it was told: "en" by its function words when they
    make at least `share_of_english` of its words, else the language `declared` (a web
    page's own word for it) when its function words agree, else langdetect's answer
    ("unknown" for too few letters)."""
    text = sample(text)
    share, words = english_share(text)
    if words >= MIN_WORDS:
        english = share >= share_of_english
    else:
        english = share >= SHORT_ENGLISH_SHARE and share * words >= 2
    if english:
        return "en", "function-words"
    if sum(map(str.isalpha, text[:SAMPLE_CHARS])) < MIN_LETTERS:
        # langdetect guesses wildly on a few letters, and a guess that flips when the
        # text is cleaned would make cleaning not idempotent.
        return "unknown", "too-short"
    if declared is not None and declared_share(text, declared) >= DECLARED_SHARE:
        return declared, "declared"
    return detect(text), "langdetect"


def declared_share(text: str, language: str) -> float:
    """The share of the first words of `text` in the stop-list of `language` (0 for a
    language with none, or a text of fewer than MIN_WORDS words)."""
    stop = stop_words(language)
    words = _WORDS.findall(lower(text[:SAMPLE_CHARS]))
    if not stop or len(words) < MIN_WORDS:
        return 0.0
    return sum(map(stop.__contains__, words)) / len(words)


@cache
def stop_words(language: str) -> frozenset[str]:
    """justext's stop-list of `language` (a code: "pt"), empty for one it has none of.
    justext comes with trafilatura, which made the page text that declared a language."""
    from justext import get_stoplist
    from trafilatura.settings import JUSTEXT_LANGUAGES

    name = JUSTEXT_LANGUAGES.get(language)
    return frozenset() if name is None else frozenset(get_stoplist(name))


class Language(Stage):
    name = "language"

    def __init__(self, rules: RuleSet, options: LanguageOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or LanguageOptions()

    def run(self, doc: Document) -> None:
        declared = doc.metadata.declared_language
        language, method = language_of(doc.text, self.options.english_share, declared)
        doc.metadata.language = language
        doc.metadata.language_method = method
        # Told again in a later round, from less text (see Pipeline.run_many).
        doc.metadata.non_target_language = language not in self.options.targets


STAGE = Language
