"""The spinner's lexicon (rules/spin/model.txt): what `python -m cleaner.suggest.learn`
writes from its sources, and what it refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from cleaner.ruleset import SpinRule, load_rules, spin_rules
from cleaner.suggest import align
from cleaner.suggest import kept as kept_source
from cleaner.suggest.inserted import found
from cleaner.suggest.kept import counted
from cleaner.suggest.learn import SOURCES, Evidence, build, inflect, learn, main, read_tsv
from cleaner.suggest.lexicon import insertions, kept
from cleaner.suggest.thesaurus import Inflector, Synonyms
from cleaner.trigrams import Trigrams

SPIN = ROOT / "rules" / "spin"
SPUN_URL, ORIGINAL_URL = "https://farm.example/a", "https://wire.example/a"
ACQUIRED = (
    "The metropolis said it acquired the stake.\n",
    "The city said it acquired the stake.\n",
)
GROSS = ("Declining gross sales hit a brand new low.\n", "Declining sales hit a new low.\n")


def test_the_shipped_lexicon_is_what_its_sources_give() -> None:
    assert (SPIN / "model.txt").read_text(encoding="utf-8") == build(SPIN)
    assert main(["--check"]) == 0


def test_every_swap_says_how_often_and_where_it_was_seen() -> None:
    model = list(spin_rules(SPIN / "model.txt"))
    assert len(model) > 500
    for rule in model:
        assert rule.tier == "model" and rule.seen >= 1
        assert rule.sources and set(rule.sources) <= set(SOURCES)


def test_the_pairs_are_addresses_and_counts_not_texts() -> None:
    rows = list(read_tsv(SPIN / "sources" / "pairs.tsv", 5))
    assert rows
    for spun_url, original_url, spun, original, count in rows:
        assert spun_url.startswith("http") and original_url.startswith("http")
        assert spun != original and int(count) >= 1
        assert len(spun.split()) <= 4 and len(original.split()) <= 4


def test_no_swap_undoes_another_or_repeats_a_rule() -> None:
    rules = load_rules().spin
    written = {r.target.casefold() for r in rules if r.tier != "model"}
    model = [r for r in rules if r.tier == "model"]
    targets = {r.target for r in model}
    for rule in model:
        assert rule.target not in written
        assert rule.replacement not in targets


@pytest.fixture(scope="module")
def tools() -> tuple[Synonyms, Trigrams]:
    words = ["metropolis", "city", "town", "stated", "said", "help", "aid", "on", "at"]
    return Synonyms.for_words(words), Trigrams.load()


def _learn(
    seen: dict[tuple[str, str], dict[str, int]], tools: tuple[Synonyms, Trigrams]
) -> list[str]:
    evidence = Evidence()
    for (spun, original), sources in seen.items():
        for source, times in sources.items():
            evidence.add(tuple(spun.split()), tuple(original.split()), source, times)
    return learn(evidence, [], *tools)


def test_a_swap_seen_once_needs_a_thesaurus(tools: tuple[Synonyms, Trigrams]) -> None:
    lines = _learn({("metropolis", "city"): {"pairs": 1}, ("stated", "zebra"): {"pairs": 1}}, tools)
    assert lines == ["metropolis -> city [seen 1: pairs]"]


def test_function_words_are_no_thesaurus_evidence(tools: tuple[Synonyms, Trigrams]) -> None:
    assert _learn({("on", "at"): {"pairs": 1}}, tools) == []


def test_a_far_commoner_word_written_is_refused(tools: tuple[Synonyms, Trigrams]) -> None:
    # "help" for "aid" is read off "first help" -> "first aid": most "help" is the writer's.
    assert _learn({("help", "aid"): {"rules": 8}}, tools) == []


def test_of_two_swaps_in_a_chain_the_better_seen_stays(tools: tuple[Synonyms, Trigrams]) -> None:
    lines = _learn({("metropolis", "city"): {"rules": 5}, ("city", "town"): {"pairs": 2}}, tools)
    assert lines == ["metropolis -> city [seen 5: rules]"]


def test_each_original_of_one_word_written_is_kept(tools: tuple[Synonyms, Trigrams]) -> None:
    lines = _learn(
        {("metropolis", "city"): {"rules": 5}, ("metropolis", "town"): {"pairs": 2}}, tools
    )
    assert lines == ["metropolis -> city [seen 5: rules]", "metropolis -> town [seen 2: pairs]"]


def test_another_original_never_displaces_a_swap(tools: tuple[Synonyms, Trigrams]) -> None:
    # "metropolis" -> "town" would make "town", which the spinner also writes for "city".
    seen = {
        ("metropolis", "city"): {"rules": 5},
        ("metropolis", "town"): {"pairs": 2},
        ("town", "city"): {"pairs": 3},
    }
    assert _learn(seen, tools) == [
        "metropolis -> city [seen 5: rules]",
        "town -> city [seen 3: pairs]",
    ]


def test_a_swap_whose_reverse_is_seen_as_often_is_refused(
    tools: tuple[Synonyms, Trigrams],
) -> None:
    assert _learn({("stated", "said"): {"pairs": 2}, ("said", "stated"): {"pairs": 2}}, tools) == []


def test_a_rule_file_in_the_lexicon_format_loads(tmp_path: Path) -> None:
    (tmp_path / "spin").mkdir()
    (tmp_path / "spin" / "model.txt").write_text(
        "@tier model\nmetropole -> city [seen 2: pairs, seed004]\n", encoding="utf-8"
    )
    (rule,) = spin_rules(tmp_path / "spin" / "model.txt")
    assert rule.sources == ("pairs", "seed004")


def test_a_swap_carries_its_places_in_the_pairs(tools: tuple[Synonyms, Trigrams]) -> None:
    evidence = Evidence()
    evidence.add(("metropolis",), ("city",), "pairs", 2)
    evidence.swapped[("metropolis",), ("city",)] = 5
    evidence.kept[("metropolis",)] = 3
    assert learn(evidence, [], *tools) == ["metropolis -> city [seen 2: pairs; swapped 5, kept 3]"]


def test_a_swap_counts_where_its_words_stand_for_an_original_the_lexicon_lacks(
    tools: tuple[Synonyms, Trigrams],
) -> None:
    # The pairs show "metropolis" written for "city" at 5 places and for "council" at 2;
    # seen once, and no synonym, "council" is no original of the lexicon's.
    evidence = Evidence()
    evidence.add(("metropolis",), ("city",), "pairs", 2)
    evidence.add(("metropolis",), ("council",), "pairs")
    evidence.swapped[("metropolis",), ("city",)] = 5
    evidence.swapped[("metropolis",), ("council",)] = 2
    evidence.kept[("metropolis",)] = 3
    assert learn(evidence, [], *tools) == [
        "metropolis -> city [seen 2: pairs; swapped 5, kept 3, elsewhere 2]"
    ]


def test_a_form_seen_itself_keeps_the_evidence_of_its_swap_in_other_forms() -> None:
    evidence = Evidence()
    evidence.add(("greater",), ("higher",), "pairs", 11)
    evidence.add(("greatest",), ("highest",), "pairs")
    inflect(evidence, Inflector(), Trigrams.load())
    assert evidence.seen[("greatest",), ("highest",)]["pairs"] == 11
    assert evidence.seen[("greater",), ("higher",)]["pairs"] == 11  # nor lowers the other way


def test_a_phrase_that_swaps_one_word_has_that_swaps_places(
    tools: tuple[Synonyms, Trigrams],
) -> None:
    # Read with its context from seed 004, "anticipated to" is "anticipated" swapped.
    evidence = Evidence()
    evidence.add(("anticipated", "to"), ("expected", "to"), "seed004", 2)
    evidence.add(("metropolis", "of"), ("a", "city", "of"), "seed004", 2)
    evidence.swapped[("anticipated",), ("expected",)] = 13
    evidence.kept[("anticipated",)] = 1
    evidence.swapped[("metropolis",), ("city",)] = 5
    assert learn(evidence, [], *tools) == [
        "anticipated to -> expected to [seen 2: seed004; swapped 13, kept 1]",
        "metropolis of -> a city of [seen 2: seed004]",  # not word for word
    ]
    assert evidence.places((("anticipated", "to"), ("expected", "to"))) == (13, 1)


def test_kept_counts_the_words_a_copy_keeps_as_its_original_has_them() -> None:
    spun = tuple("the metropolis acquired a stake and acquired a rival metropolis".split())
    original = tuple("the city acquired a stake and bought a rival city".split())
    phrases = {("acquired",), ("metropolis",), ("a", "rival")}
    assert kept(spun, original, phrases) == {("acquired",): 1, ("a", "rival"): 1}


def test_the_kept_places_are_addresses_and_counts_of_listed_pairs() -> None:
    listed = {(row[0], row[1]) for row in read_tsv(SPIN / "sources" / "pairs.tsv", 5)}
    rows = list(read_tsv(SPIN / "sources" / "kept.tsv", 4))
    assert rows
    for spun_url, original_url, words, count in rows:
        assert (spun_url, original_url) in listed
        assert len(words.split()) <= 4 and int(count) >= 1


def _pairs(tmp_path: Path, swap: str, texts: tuple[str, str]) -> Path:
    """A copy of the rules whose pairs.tsv lists one pair's `swap` (SPUN<TAB>ORIGINAL), and
    beside it a folder of two pairs of `texts` (spun, original): that one, and one not
    listed."""
    root = tmp_path / "spin"
    shutil.copytree(SPIN, root)
    (root / "sources" / "pairs.tsv").write_text(f"{SPUN_URL}\t{ORIGINAL_URL}\t{swap}\t1\n")
    for name, urls in (
        ("listed", (SPUN_URL, ORIGINAL_URL)),
        ("other", (SPUN_URL + "b", ORIGINAL_URL)),
    ):
        folder = tmp_path / "pairs" / name
        folder.mkdir(parents=True)
        (folder / "meta.tsv").write_text(f"spun\t{urls[0]}\noriginal\t{urls[1]}\n")
        (folder / "spun.txt").write_text(texts[0])
        (folder / "original.txt").write_text(texts[1])
    return root


def test_the_kept_places_are_counted_for_the_listed_pairs_only(tmp_path: Path) -> None:
    root = _pairs(tmp_path, "metropolis\tcity", ACQUIRED)
    lines = counted([tmp_path / "pairs"], root)
    assert f"{SPUN_URL}\t{ORIGINAL_URL}\tacquired\t1" in lines  # "metropolis" is swapped there
    assert all(line.startswith(f"{SPUN_URL}\t") for line in lines)


def test_rewriting_keeps_the_lines_of_pairs_whose_texts_are_not_at_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _pairs(tmp_path, "metropolis\tcity", ACQUIRED)
    absent = f"{SPUN_URL}z\t{ORIGINAL_URL}z\tacquired\t5"
    stale = f"{SPUN_URL}\t{ORIGINAL_URL}\tacquired\t9"
    (root / "sources" / "kept.tsv").write_text(f"# header\n{stale}\n{absent}\n")
    monkeypatch.setattr(kept_source, "shipped_rules_dir", lambda: tmp_path)
    assert kept_source.main([str(tmp_path / "pairs")]) == 0
    rows = read_tsv(root / "sources" / "kept.tsv", 4)
    assert ["\t".join(row) for row in rows] == [
        f"{SPUN_URL}\t{ORIGINAL_URL}\tacquired\t1",  # counted again from its texts
        absent,
    ]


def test_a_new_pair_is_aligned_into_the_lines_pairs_tsv_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _pairs(tmp_path, "metropolis\tcity", ACQUIRED)
    monkeypatch.setattr(kept_source, "shipped_rules_dir", lambda: tmp_path)
    assert align.main([str(tmp_path / "pairs")]) == 0
    out, err = capsys.readouterr()
    # Only the pair pairs.tsv does not list yet.
    assert out == f"{SPUN_URL}b\t{ORIGINAL_URL}\tmetropolis\tcity\t1\n"
    assert err == "other: 7 words spun, 7 original, 86% of the original kept in order, 1 lines\n"


def test_a_pair_is_read_on_the_stretch_both_texts_tell() -> None:
    spun = "Menu | Home\nThe metropolis said it acquired a stake in the firm.\nShare this\n"
    original = "The city said it acquired a stake in the firm.\nMore stories\n"
    assert kept_source.told(spun, original) == (
        "The metropolis said it acquired a stake in the firm.\n",
        "The city said it acquired a stake in the firm.\n",
    )
    alike = "Nothing alike here.\n", "Quite another text.\n"
    assert kept_source.told(*alike) == alike


def test_odds_in_the_pairs_overrule_the_guess_that_words_are_too_common_or_plain(
    tools: tuple[Synonyms, Trigrams],
) -> None:
    evidence = Evidence()
    evidence.add(("help",), ("aid",), "pairs", 2)
    evidence.add(("on",), ("at",), "pairs", 2)
    evidence.swapped[("help",), ("aid",)] = 30
    evidence.swapped[("on",), ("at",)] = 30
    assert learn(evidence, [], *tools) == [
        "help -> aid [seen 2: pairs; swapped 30, kept 0]",
        "on -> at [seen 2: pairs; swapped 30, kept 0]",
    ]
    # Kept as often as written, the words are the writers' as much as the spinner's.
    evidence.kept[("help",)] = evidence.kept[("on",)] = 40
    assert learn(evidence, [], *tools) == []


def test_a_rules_output_is_a_swap_only_where_no_real_spinner_is_seen_writing_it(
    tools: tuple[Synonyms, Trigrams],
) -> None:
    rule = SpinRule("monetary establishment", "financial institution", "always", False, "r", "t:1")
    evidence = Evidence()
    evidence.add(("financial", "institution"), ("bank",), "pairs", 2)
    evidence.swapped[("financial", "institution"), ("bank",)] = 93
    line = "financial institution -> bank [seen 2: pairs; swapped 93, kept 0]"
    assert learn(evidence, [rule], *tools) == [line]
    # Seen in real spun text, the rule's target would be repaired, then its repair taken
    # for the spinner's words in a later round.
    evidence.add(("monetary", "establishment"), ("financial", "institution"), "seed004")
    assert learn(evidence, [rule], *tools) == []


def test_an_addition_is_read_with_the_word_it_stands_before() -> None:
    spun = tuple("sales fell 5 per cent to a brand new low as declining gross sales hit".split())
    original = tuple("sales fell 5 to a new low as declining sales hit".split())
    # "per cent" for "%" is the site's house style, not the spinner's.
    assert list(insertions(spun, original)) == [
        (("brand", "new"), ("new",)),
        (("gross", "sales"), ("sales",)),
    ]


def test_the_additions_are_read_for_the_listed_pairs_once(tmp_path: Path) -> None:
    # "brand new -> new" is the pair's line of pairs.tsv already.
    root = _pairs(tmp_path, "brand new\tnew", GROSS)
    assert found([tmp_path / "pairs"], root) == [
        f"{SPUN_URL}\t{ORIGINAL_URL}\tgross sales\tsales\t1"
    ]


def test_the_shipped_additions_are_addresses_and_counts_of_listed_pairs() -> None:
    pairs = list(read_tsv(SPIN / "sources" / "pairs.tsv", 5))
    listed = {(row[0], row[1]) for row in pairs}
    shown = {tuple(row[:4]) for row in pairs}
    rows = list(read_tsv(SPIN / "sources" / "inserted.tsv", 5))
    assert rows and rows == sorted(rows, key="\t".join)
    for spun_url, original_url, spun, original, count in rows:
        assert (spun_url, original_url) in listed
        assert (spun_url, original_url, spun, original) not in shown
        assert spun.split()[-1:] == original.split() and 2 <= len(spun.split()) <= 3
        assert int(count) >= 1
