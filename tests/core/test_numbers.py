"""Numbers written in digits, read aloud as the trigram model's context (cleaner/numbers.py).

How the spin stage weighs a swap beside a figure is in tests/core/test_spin_model.py.
"""

from __future__ import annotations

import pytest

from cleaner.numbers import NUMBER, read, said, spoken
from cleaner.trigrams import Trigrams


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
