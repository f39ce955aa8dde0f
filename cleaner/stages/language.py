"""language: which language a document is in, into `metadata.language`.

Clear English is settled cheaply: in English prose a third or more of the words are
function words ("the", "of", "and"...); even a team sheet in a sports report has more than
15%, while French, German or Spanish text has under 10% of these English words. Everything
else goes to langdetect, seeded so the answer is the same on every run, on a bounded
sample of the text. The language is only recorded: stages that need English skip other
languages, and non-target languages are reported, never dropped.
"""

from __future__ import annotations

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


def detect(text: str) -> str:
    """langdetect's answer on a bounded sample, seeded; "unknown" when it has none."""
    from langdetect import DetectorFactory
    from langdetect import detect as langdetect_detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return str(langdetect_detect(text[:SAMPLE_CHARS]))
    except LangDetectException:
        return "unknown"


def language_of(
    text: str, share_of_english: float = LanguageOptions.english_share
) -> tuple[str, str]:
    """The language of `text` and how it was told: "en" by its function words when they
    make at least `share_of_english` of its words, else langdetect's answer ("unknown" for
    too few letters)."""
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
    return detect(text), "langdetect"


class Language(Stage):
    name = "language"

    def __init__(self, rules: RuleSet, options: LanguageOptions | None = None) -> None:
        super().__init__(rules)
        self.options = options or LanguageOptions()

    def run(self, doc: Document) -> None:
        language, method = language_of(doc.text, self.options.english_share)
        doc.metadata.language = language
        doc.metadata.language_method = method
        # Told again in a later round, from less text (see Pipeline.run_many).
        doc.metadata.non_target_language = language not in self.options.targets


STAGE = Language
