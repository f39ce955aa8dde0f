"""Numbers written in digits, read aloud as the trigram model's context (cleaner/numbers.py).

Texts are written for the tests: markets copy with a spinner's swap ("factors" for
"points") beside a figure, and clean copy full of figures.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from cleaner import clean
from cleaner.numbers import NUMBER, read, said, spoken
from cleaner.ruleset import SpinRule
from cleaner.sites import Lexicon
from cleaner.tokens import Words
from cleaner.trigrams import Trigrams
from tests.core.test_spin_model import SPUN, _margin


@pytest.mark.parametrize(
    ("digits", "words"),
    [
        ("0", "zero"),
        ("7", "seven"),
        ("11", "eleven"),
        ("79", "seventy nine"),
        ("120", "one hundred twenty"),
        ("2500", "two thousand five hundred"),
        ("1000000", "one million"),
        ("1990", "nineteen ninety"),
        ("1900", "nineteen hundred"),
        ("2005", "two thousand five"),
        ("2024", "twenty twenty four"),
        ("05", "oh five"),
    ],
)
def test_a_run_of_digits_is_read_as_it_is_said(digits: str, words: str) -> None:
    assert " ".join(spoken(digits)) == words


def test_every_word_a_number_is_read_as_is_one_the_model_knows() -> None:
    known = Trigrams.load().known
    text = "0 1 12 15 19 20 34 58 60 71 86 99 100 1,000 2,000,000 3,000,000,000 1066 0.5%"
    words = NUMBER.sub(read, text).split()
    assert words and all(map(known, words))


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("11.79", "eleven point seven nine"),
        ("0.16%", "zero point one six percent"),
        ("7,426.14", "seven thousand four hundred twenty six point one four"),
        ("0.05", "zero point oh five"),
    ],
)
def test_a_number_as_written_is_read_with_its_point_and_percent(written: str, words: str) -> None:
    assert NUMBER.sub(read, written) == words


@pytest.mark.parametrize("written", ["5.5bn", "1990s", "3rd", "A380", "covid19"])
def test_a_number_joined_to_letters_is_left_as_written(written: str) -> None:
    assert NUMBER.sub(read, written) == written


def test_a_run_of_a_line_is_read_by_its_word_nearest_the_swap() -> None:
    # "11.79" and "1,000" are two runs each among a line's words.
    assert said("79", last=True) == "nine" and said("79", last=False) == "seventy"
    assert said("000", last=True) == "thousand"
    assert said("2024", last=False) == "twenty"


def test_a_swap_beside_a_figure_is_weighed_in_its_context() -> None:
    # Without the figure the model has nothing before "factors" to go on; read aloud,
    # "one hundred twenty points" is far likelier than "... factors".
    gain = _margin("The Dow lost 120 factors on Monday.", "factors", "points")
    said_so = _margin("The Dow lost one hundred twenty factors on Monday.", "factors", "points")
    assert gain is not None and gain == said_so and gain > 4.0
    # A decimal point ends no sentence: the context runs through "11.79".
    gain = _margin("It fell 11.79 factors, or 0.2%, to 7,310.", "factors", "points")
    said_so = _margin("It fell eleven point seven nine factors, or 0.2%.", "factors", "points")
    assert gain is not None and gain == said_so and gain > 4.0


def test_recognition_weighs_a_swap_beside_a_figure_as_read_aloud() -> None:
    rule = SpinRule(*("factors", "points", "model", False, "spin:model:factors", "t"), 4)
    lexicon = Lexicon([replace(rule, sources=("pairs",), swapped=22, kept=0)], Trigrams.load())
    (site,), _ = lexicon.sites(Words("The FTSE 100 fell 11.79 factors to 7,310 today"))
    (spoken_site,), _ = lexicon.sites(Words("The FTSE fell eleven point seven nine factors to"))
    assert lexicon.margin(site) == lexicon.margin(spoken_site) > 4.0
    (site,), _ = lexicon.sites(Words("Shares rose by 35 factors"))
    (spoken_site,), _ = lexicon.sites(Words("Shares rose by thirty five factors"))
    assert lexicon.margin(site) == lexicon.margin(spoken_site) > 4.0


def test_a_swap_beside_a_figure_is_repaired_in_a_spun_copy() -> None:
    result = clean(SPUN + "\nThe Dow lost 120 factors on Monday.\n")
    assert result.text.endswith("\nThe Dow lost 120 points on Monday.\n")


FIGURES = (
    "The FTSE 100 closed 0.16%, or 11.79 points, higher at 7,426.14, while the pound fell "
    "1.2 cents to $1.24. Shares in the company rose 4.5% to 212p after it said profits "
    "rose 12% to 1,350m in 2023, its best year since 1998.\n"
)


def test_clean_copy_full_of_figures_keeps_every_word() -> None:
    result = clean(FIGURES)
    assert result.metadata.spin is not None and not result.metadata.spin.recognised
    assert result.text == FIGURES
    # Nor does a spun copy's repair touch it.
    assert clean(SPUN + "\n" + FIGURES).text.endswith("\n" + FIGURES)
