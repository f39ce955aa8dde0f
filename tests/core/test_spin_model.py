"""The spin stage's model tier: the spinner's lexicon, recognition and model repairs.

Texts are written for the tests: a lightly spun news paragraph whose swaps are all in the
lexicon (no always-tier collocation but one), and clean copy that uses the lexicon's words
as writers do ("stated", "however", "a sprawling metropolis").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, clean
from cleaner.document import Document
from cleaner.errors import RuleError
from cleaner.margins import margin
from cleaner.numbers import said
from cleaner.phrases import Match, Phrase
from cleaner.ruleset import SpinRule, load_rules
from cleaner.sites import Lexicon, Site
from cleaner.stages import spin
from cleaner.tokens import Words
from cleaner.trigrams import END, START, Trigrams, model_path

SPUN = """\
Officials informed reporters on Monday that the metropolis anticipated to acquire extra \
funding for its faculties this yr. The mayor advised the council the cash would assist \
hundreds of households, however critics stated the plan was lengthy overdue.

Most of the folk who dwell in the metropolis have waited for years, and the council is \
anticipated to debate the invoice next week.
"""

# Spun mostly in common words ("the place" for "where", "simply" for "just"), with few
# rare ones: a text the first look at recognition leaves unsettled.
COMMON = """\
Almost two months after the river burst its banks, residents of the town say they are \
nonetheless living in limbo. Many are staying by myself in small motels the place they \
have lived since March, whilst crews pump water from the houses close to the river and \
engineers examine the bridge.

"We simply want to go home," said one mother of three, who has moved her kids from motel \
to motel. She is continuously reminded of the flood, she said, because she works at a \
hotel the place many of the evacuated families are staying.

About part of the town's residents left when officials determined to open the dam. Most \
have come again, however some say they do not know whether or not they will stay. Local \
leaders said the state would pay for repairs, but the money has been slow to arrive, and \
the council will meet next week to talk about the delays.
"""

CLEAN = [
    # A government statement that really says "stated", and "however" as writers use it.
    "The Ministry of Finance stated on Monday that it would introduce new legislation on "
    "pensions. However, officials said the final decision would be taken by the cabinet "
    "after a consultation lasting three months.\n",
    "Lagos is a sprawling metropolis of 20 million people, and its governor has promised "
    "to build new schools within the next year. Critics say the plan is lengthy and vague.\n",
    "The company's chief executive said sales had risen in every region except Asia, where "
    "a lengthy dispute with suppliers had cut deliveries. Shares rose 3% in early trading.\n",
]


def test_a_spun_paragraph_is_recognised_and_its_swaps_undone() -> None:
    result = clean(SPUN)
    verdict = result.metadata.spin
    assert verdict is not None and verdict.recognised
    assert verdict.kinds >= 5
    for original in (
        "the city expected to",
        "its schools",
        "told the council",
        "was long overdue",
        "the people who live in the city",
    ):
        assert original in result.text
    model = [c for c in result.changes if c.rule.startswith("spin:model:")]
    assert model and all(c.why and "nats" in c.why for c in model)
    assert all("odds in the pairs" in c.why for c in model if c.why)
    assert {c.rule for c in model} >= {"spin:model:metropolis", "spin:model:anticipated-to"}


@pytest.mark.parametrize("text", CLEAN)
def test_clean_copy_is_not_recognised_and_keeps_every_word(text: str) -> None:
    result = clean(text)
    assert result.metadata.spin is not None and not result.metadata.spin.recognised
    assert result.text == text


def test_the_model_setting_turns_the_repairs_off_and_keeps_the_rules() -> None:
    result = Cleaner(settings={"spin": {"model": False}}).clean(SPUN)
    assert not any(c.rule.startswith("spin:model:") for c in result.changes)
    assert "told reporters" in result.text  # a gated rule still applies
    assert "metropolis" in result.text


def test_a_repaired_copy_is_stable() -> None:
    once = clean(SPUN).text
    assert clean(once).text == once


def test_no_model_repair_inside_code() -> None:
    code = "```\nthe metropolis anticipated to acquire extra funding\n```\n"
    result = clean(SPUN + "\n" + code)
    assert result.text.endswith(code)


def _margin(text: str, target: str, replacement: str) -> float | None:
    start = text.index(target)
    match = Match(start, start + len(target), target, replacement, Phrase(target, replacement, "t"))
    return margin(text, match, Trigrams.load())


def test_the_margin_weighs_the_original_in_its_sentence() -> None:
    strong = _margin(
        "The council said the metropolis anticipated to acquire funds.", "metropolis", "city"
    )
    weak = _margin("Lagos is a sprawling metropolis of 20 million people.", "metropolis", "city")
    assert strong is not None and weak is not None and strong > 4.0 > weak
    # Words the model does not know have no margin.
    assert _margin("The zorblax said so.", "zorblax", "council") is None


def _rules(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "rules"
    (folder / "spin").mkdir(parents=True)
    (folder / "spin" / "mine.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_model_swap_without_its_evidence_names_its_line(tmp_path: Path) -> None:
    folder = _rules(tmp_path, "@tier model\nmetropole -> city\n")
    with pytest.raises(RuleError) as caught:
        load_rules([folder])
    assert "mine.txt:2" in str(caught.value) and "[seen N" in str(caught.value)


def test_evidence_belongs_to_the_model_tier_only(tmp_path: Path) -> None:
    folder = _rules(tmp_path, "@tier gated\nmetropole -> city [seen 2: pairs]\n")
    with pytest.raises(RuleError) as caught:
        load_rules([folder])
    assert "mine.txt:2" in str(caught.value)


def test_a_model_swap_reads_its_evidence(tmp_path: Path) -> None:
    folder = _rules(tmp_path, "@tier model\nmetropole -> city [seen 3: pairs, rules]\n")
    rule = next(r for r in load_rules([folder]).spin if r.target == "metropole")
    assert (rule.tier, rule.seen, rule.sources, rule.rule_id) == (
        "model",
        3,
        ("pairs", "rules"),
        "spin:model:metropole",
    )


def test_a_model_swap_reads_its_places_in_the_pairs(tmp_path: Path) -> None:
    lines = "metropole -> city [seen 3: pairs; swapped 5, kept 2]\n"
    lines += "metropoles -> towns [seen 3: pairs; swapped 5, kept 2, elsewhere 4]\n"
    folder = _rules(tmp_path, "@tier model\n" + lines)
    rules = {r.target: r for r in load_rules([folder]).spin}
    counts = [(r.seen, r.sources, r.swapped, r.kept, r.elsewhere)
              for r in (rules["metropole"], rules["metropoles"])]  # fmt: skip
    assert counts == [(3, ("pairs",), 5, 2, 0), (3, ("pairs",), 5, 2, 4)]


@pytest.mark.parametrize(
    "evidence",
    [
        "[seen 3: pairs; swapped 5]",
        "[seen 3: pairs; kept -2]",
        "[seen 3: pairs; swapped 5, kept 2, elsewhere 0]",  # none is said by leaving it out
    ],
)
def test_places_in_the_pairs_written_wrong_name_their_line(tmp_path: Path, evidence: str) -> None:
    folder = _rules(tmp_path, f"@tier model\n\nmetropole -> city {evidence}\n")
    with pytest.raises(RuleError) as caught:
        load_rules([folder])
    assert "mine.txt:3" in str(caught.value) and "swapped N, kept N" in str(caught.value)


def test_a_swap_is_weighed_by_its_odds_in_the_pairs() -> None:
    def prior(swapped: int, kept: int) -> float:
        rule = SpinRule(*("shares", "stocks", "model", False, "spin:model:shares", "t"), 4)
        rule = replace(rule, sources=("pairs",), swapped=swapped, kept=kept)
        return spin._prior(Match(0, 6, "shares", "stocks", rule.phrase()))

    # ODDS nats of margin for each nat of the odds, from SWAPPED_ONE and KEPT_ONE places:
    odds = math.log((9 + spin.SWAPPED_ONE) / (8 + spin.KEPT_ONE))
    assert prior(9, 8) == pytest.approx(spin.ODDS * odds)
    # a swap the copies make far more often than they keep its words needs less margin,
    assert prior(21, 0) > 3.0
    # one whose words they keep far more often ("shares" is mostly the writer's) more,
    assert prior(2, 22) < prior(9, 8) - 4.0
    # and so does one the pairs never show in these words (read off a rule, inflected).
    assert prior(0, 0) < -4.0
    # Places where the spinner wrote the words for an original the lexicon lacks count
    # against the swap as the places a copy kept them do.
    rule = SpinRule(*("help", "support", "model", False, "spin:model:help", "t"), 4)
    rule = replace(rule, sources=("pairs",), swapped=9, kept=0, elsewhere=8)
    assert spin._prior(Match(0, 4, "help", "support", rule.phrase())) == pytest.approx(prior(9, 8))


def _counted(swapped: int, kept: int) -> SpinRule:
    rule = SpinRule(*("metropolis", "city", "model", False, "spin:model:metropolis", "t"), 4)
    return replace(rule, sources=("pairs",), swapped=swapped, kept=kept)


def test_a_place_needs_the_margin_its_odds_in_the_pairs_leave_to_count_for_recognition() -> None:
    bar = 4.0
    # Odds that show the words the spinner's spare a place SPARED nats at most,
    assert spin._needs(_counted(21, 0), bar) == bar - spin.SPARED
    assert bar - spin.SPARED < spin._needs(_counted(4, 1), bar) < bar
    # and odds against add all they say: words copies keep, or the pairs never show.
    assert spin._needs(_counted(2, 22), bar) > bar + 4.0
    expected = bar - spin.ODDS * math.log(spin.SWAPPED_ONE / spin.KEPT_ONE)
    assert spin._needs(_counted(0, 0), bar) == pytest.approx(expected)


def test_recognition_counts_a_place_whose_margin_reaches_what_its_swap_needs() -> None:
    words = Words("The mayor said the metropolis anticipated funds.")
    for swapped, kept, passes in [(21, 0, True), (4, 1, False), (0, 0, False)]:
        lexicon = Lexicon([_counted(swapped, kept)], Trigrams.load())
        (site,), _ = lexicon.sites(words)
        gain = lexicon.margin(site)
        # A margin short of the bar by 0.5 nats: enough where the odds in the pairs are
        # worth a nat (copies write the words far more often than they keep them), not
        # where they are worth less or count against the swap.
        found = spin._weigh(lexicon, [site], 1, 1, gain + 0.5)
        assert found == ([site] if passes else [])
        assert spin._weigh(lexicon, [site], 1, 1, gain + spin.SPARED + 0.01) == []


def test_a_swap_the_copies_always_make_passes_where_the_model_barely_prefers_it() -> None:
    # Real spun copies write "firm" for "company" and never keep it: a margin under 2 nats
    # does, and the change says what the odds added.
    text = "\nThe firm, in bankruptcy protection since March, said it would cut jobs.\n"
    result = clean(SPUN + text)
    assert "The company, in bankruptcy protection" in result.text
    (change,) = [c for c in result.changes if c.before == "firm"]
    assert change.why is not None and "for its odds in the pairs" in change.why
    # They write "dangerous" for "bad" as often; but "dangerous driving" the model finds no
    # less likely than "bad driving" (under LEAST), and there the odds decide nothing.
    result = clean(SPUN + "\nA month after he was found guilty of dangerous driving, he played.\n")
    assert "guilty of dangerous driving" in result.text


def test_a_lexicon_target_may_have_several_originals(tmp_path: Path) -> None:
    folder = _rules(
        tmp_path,
        "@tier model\nmetropole -> city [seen 3: pairs]\nmetropole -> town [seen 2: pairs]\n",
    )
    rules = [r for r in load_rules([folder]).spin if r.target == "metropole"]
    assert [r.rule_id for r in rules] == ["spin:model:metropole:city", "spin:model:metropole:town"]


def test_a_lexicon_swap_twice_names_its_line(tmp_path: Path) -> None:
    folder = _rules(
        tmp_path,
        "@tier model\nmetropole -> city [seen 3: pairs]\nmetropole -> city [seen 2: rules]\n",
    )
    with pytest.raises(RuleError) as caught:
        load_rules([folder])
    assert "mine.txt:3" in str(caught.value) and "duplicate" in str(caught.value)


def test_a_rules_target_is_no_lexicon_target(tmp_path: Path) -> None:
    folder = _rules(tmp_path, "@tier gated\nmetropole -> city\n")
    (folder / "spin" / "model.txt").write_text(
        "@tier model\nmetropole -> town [seen 2: pairs]\n", encoding="utf-8"
    )
    with pytest.raises(RuleError) as caught:
        load_rules([folder])
    assert "duplicate spin target" in str(caught.value)


def test_of_the_originals_the_spinner_wrote_one_word_for_each_place_takes_its_own() -> None:
    # The lexicon learned "greatest" for both "highest" and "best" from real spun copies.
    text = SPUN + "\nOil prices rose to their greatest level since 2008, and analysts said it "
    text += "was the greatest way to hedge against inflation.\n"
    result = clean(text)
    assert "their highest level" in result.text and "the best way" in result.text
    rules = {c.rule for c in result.changes if c.before == "greatest"}
    assert rules == {"spin:model:greatest:highest", "spin:model:greatest:best"}


def test_a_place_two_originals_fit_alike_is_left_alone() -> None:
    # The copies write "enterprise" for "business" and for "venture"; "The business" and
    # "The venture" fit there about as well, and a repair to the wrong one is no closer to
    # the original.
    text = "\nThe enterprise, in bankruptcy protection since March, said it would cut jobs.\n"
    result = clean(SPUN + text)
    assert result.metadata.spin is not None and result.metadata.spin.recognised
    assert "The enterprise, in bankruptcy protection" in result.text
    assert "the city expected to" in result.text  # "metropolis" has one original


def test_a_swap_a_rule_shows_is_repaired_where_it_fits_less_well() -> None:
    # "disaster" alone fits "crisis" by under its bar there, its odds in the pairs counted;
    # the rule "debt disaster -> debt crisis" shows the spinner making that very swap in
    # this text.
    tail = "The country is in an economic disaster.\n"
    alone = clean(SPUN + "\n" + tail)
    assert "an economic disaster" in alone.text
    shown = clean(SPUN + "\nThe debt disaster deepened.\n" + tail)
    assert "The debt crisis deepened" in shown.text and "an economic crisis" in shown.text
    (change,) = [c for c in shown.changes if c.before == "disaster"]
    assert change.why is not None and "for the same swap elsewhere" in change.why


def test_an_acronym_keeps_its_letters_in_a_recognised_text() -> None:
    # The copies write "Pc" for the "Computer" of Super Micro Computer; "PC" is the writer's.
    result = clean(SPUN + "\nThe PC maker reported quarterly earnings on Tuesday.\n")
    assert result.metadata.spin is not None and result.metadata.spin.recognised
    assert "The PC maker" in result.text
    # In a headline in capitals, its words are weighed as any others.
    phrase = Phrase("pc", "computer", "spin:model:pc")
    assert spin._acronym("Shares of the PC maker", Match(14, 16, "PC", "COMPUTER", phrase))
    assert not spin._acronym("THE PC MAKER\n", Match(4, 6, "PC", "COMPUTER", phrase))


def test_a_name_keeps_its_words_in_a_recognised_text() -> None:
    # Capitalised inside its sentence, "Metropolis" is a name here, not the spinner's word.
    result = clean(SPUN + "\nShares of the Metropolis Group rose on the news.\n")
    assert result.metadata.spin is not None and result.metadata.spin.recognised
    assert "the Metropolis Group" in result.text
    assert "the city expected to" in result.text


def test_a_name_the_spinner_swapped_a_word_of_is_repaired() -> None:
    # "Downing" makes "Street" far likelier than "Avenue"; "the Metropolis Group" above
    # has only the rarity of "Metropolis" against it.
    result = clean(SPUN + "\nThe prime minister spoke on the steps of Downing Avenue.\n")
    assert "the steps of Downing Street." in result.text


def test_a_name_whose_swap_passes_elsewhere_gains_the_same_swap() -> None:
    # "metropolis" passes as "city" in SPUN; in a text where it passes nowhere, the name
    # keeps its word, whose rarity is set aside there.
    tail = "\nCrowds filled Metropolis Square.\n"
    result = clean(SPUN + tail)
    assert "Crowds filled City Square." in result.text
    (change,) = [c for c in result.changes if c.before == "Metropolis"]
    assert change.why is not None
    assert change.why.endswith("in a name, +3.0 for the same swap elsewhere")
    alone = clean(SPUN.replace("the metropolis", "the city") + tail)
    assert alone.metadata.spin is not None and alone.metadata.spin.recognised
    assert "Crowds filled Metropolis Square." in alone.text


def test_in_a_name_only_odds_that_reach_shown_either_way_count() -> None:
    def named(swapped: int, kept: int) -> spin.Parts:
        rule = SpinRule("metropolis", "city", "model", False, "m", "test", 1, (), swapped, kept)
        return spin._named(Match(0, 10, "Metropolis", "City", rule.phrase()), 2.0)

    assert named(1, 0) == ((-2.0, spin.RARITY),)  # log(1.5 / 3) < SHOWN
    assert named(30, 0) == (
        (-2.0, spin.RARITY),
        (pytest.approx(spin.ODDS * math.log(30.5 / 3)), spin.PAIRS),
    )
    assert named(0, 0) == ((-2.0, spin.RARITY),)  # no place seen: the odds' start alone
    # Kept at 19 places, written for another at 2: the writer's word ("Adani Group").
    assert named(2, 19) == (
        (-2.0, spin.RARITY),
        (pytest.approx(spin.ODDS * math.log(2.5 / 22)), spin.PAIRS),
    )
    assert named(2, 3) == ((-2.0, spin.RARITY),)  # log(2.5 / 6) > -SHOWN


def test_a_name_holding_words_the_pairs_show_the_spinners_is_repaired() -> None:
    # The pairs show "financial institution" written for "bank" at well over 100 places,
    # kept at none: inside a name, where the words' rarity says nothing, those odds still do.
    result = clean(SPUN + "\nShares of IndusInd Financial institution rose on the news.\n")
    assert "Shares of IndusInd Bank rose" in result.text
    (change,) = [c for c in result.changes if c.before == "Financial institution"]
    rule = next(
        r for r in load_rules().spin if r.tier == "model" and r.target == "financial institution"
    )
    assert rule.swapped > 100 and rule.kept == 0
    odds = f"{spin._prior_of(rule):+.1f} for its odds in the pairs, in a name"
    assert change.why is not None
    assert f"rarity set aside, {odds}" in change.why


def test_a_phrase_alone_is_weighed_as_one_phrase() -> None:
    trigrams = Trigrams.load()
    rule = SpinRule("financial institution", "bank", "model", False, "m", "test")
    own = spin._own_odds(Match(0, 21, "financial institution", "bank", rule.phrase()), trigrams)
    assert own == pytest.approx(
        trigrams.logprob(("bank",)) - trigrams.logprob(("financial", "institution"))
    )
    gram = trigrams.gram
    apart = gram(("bank",)) - gram(("financial",)) - gram(("institution",))
    assert own < apart - 3  # "institution" is likely after "financial"


def test_words_the_spinner_adds_are_removed() -> None:
    # Learned from what the pairs' copies add (rules/spin/sources/inserted.tsv).
    result = clean(SPUN + "\nThe retailer reported declining gross sales and a brand new chief.\n")
    assert "reported declining sales and a new chief." in result.text


def test_the_lexicon_leaves_what_a_rule_wrote_alone() -> None:
    # "monetary establishment" -> "financial institution" is a rule's; the lexicon's
    # "financial institution" -> "bank" fits both places, but a later round must not take
    # the rule's repair for the spinner's words.
    text = "Regulators fined a monetary establishment in Mumbai, and a financial institution"
    result = clean(SPUN + "\n" + text + " in Delhi.\n")
    assert "fined a financial institution in Mumbai, and a bank in Delhi." in result.text
    assert clean(result.text).text == result.text


def test_a_few_words_are_judged_on_their_always_hits_alone() -> None:
    # Two lexicon swaps in a headline pass any rate per 1,000 words.
    text = "The metropolis says it anticipated to acquire more funding for the faculties\n"
    result = clean(text)
    assert result.metadata.spin is not None and not result.metadata.spin.recognised
    assert result.text == text


def test_a_text_its_rare_swaps_leave_unsettled_is_weighed_on_every_swap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = clean(COMMON)
    verdict = result.metadata.spin
    assert verdict is not None and verdict.recognised
    assert "small motels where they have lived" in result.text
    assert "while crews pump water" in result.text
    monkeypatch.setattr(spin, "UNSETTLED", 10**6)  # the rare swaps alone
    verdict = clean(COMMON).metadata.spin
    assert verdict is not None and not verdict.recognised


def test_recognition_weighs_a_place_by_its_words_either_side() -> None:
    # Recognition sums a place's margin from cached parts (cleaner/sites.py): the same sum
    # as the two readings' word pairs, an unknown word beside it left out.
    trigrams = Trigrams.load()
    gram = trigrams.gram
    rule = SpinRule("metropolis anticipated", "city expected", "model", False, "m1", "test")
    lexicon = Lexicon([rule], trigrams)
    for text, before, after in [
        ("The mayor said the metropolis anticipated funds.", "the", "funds"),
        ("The zorblax metropolis anticipated zorblax funds.", None, None),
        ("Metropolis anticipated", "<s>", "</s>"),
    ]:
        (site,), _ = lexicon.sites(Words(text))

        def fit(words: list[str], before: str | None = before, after: str | None = after) -> float:
            total = gram((before, words[0])) if before else gram((words[0],))
            total += gram((words[0], words[1]))
            return total + gram((words[1], after)) if after else total

        expected = fit(["city", "expected"]) - fit(["metropolis", "anticipated"])
        assert lexicon.margin(site) == pytest.approx(expected, abs=1e-9)


def test_recognition_counts_the_words_that_start_a_swap_beside_its_places() -> None:
    # The count bounds the places (a long text's sample is drawn by it): a word that
    # starts a swap counts where the swap's other words do not follow.
    rule = SpinRule("metropolis anticipated", "city expected", "model", False, "m1", "test")
    lexicon = Lexicon([rule], Trigrams.load())
    sites, most = lexicon.sites(Words("The metropolis was anticipated.\nA metropolis anticipated"))
    assert most == 2
    assert [(swap.rule, before, after) for swap, before, after in sites] == [(rule, "a", "</s>")]


def test_recognition_weighs_a_place_by_the_original_that_fits_it_best() -> None:
    best, highest = (
        SpinRule("greatest", original, "model", False, f"spin:model:greatest:{original}", "t:1", 3)
        for original in ("best", "highest")
    )
    words = Document("Oil prices rose to their greatest level since 2008.").words()
    trigrams = Trigrams.load()
    one, two = Lexicon([best], trigrams, rare=0.0), Lexicon([best, highest], trigrams, rare=0.0)
    (alone,), _ = one.sites(words)
    (both,), _ = two.sites(words)
    assert two.margin(both) >= 4 > one.margin(alone)


def _sites_plainly(lexicon: Lexicon, words: Words) -> tuple[list[Site], int]:
    """Lexicon.sites as its docstring says it: in each line, left to right, at each word
    that starts a swap (counted), outside the last place found, the longest swap whose
    words stand there, with the words either side (START and END at the line's ends)."""
    found: list[Site] = []
    most = 0
    for line in words.lines():
        after = 0
        for i, word in enumerate(line):
            if word not in lexicon._by_first:
                continue
            most += 1
            if i < after:
                continue
            for swap in lexicon._by_first[word]:  # longest first
                end = i + len(swap.runs)
                if line[i:end] == swap.runs:
                    before = line[i - 1] if i else START
                    found.append((swap, before, line[end] if end < len(line) else END))
                    after = end
                    break
    return found, most


def _margin_plainly(site: Site, trigrams: Trigrams) -> float:
    """Lexicon.margin as its docstring says it, each term asked of the model afresh."""
    swap, before, after = site
    before = said(before, last=True) if before.isdecimal() else before
    after = said(after, last=False) if after.isdecimal() else after
    return max(
        trigrams.odds(before, original[0], swap.runs[0])
        + inner
        + trigrams.odds_next(original[-1], swap.runs[-1], after)
        for original, inner in swap.originals
    )


def _weigh_plainly(
    lexicon: Lexicon, sites: list[Site], needed: int, kinds: int, bar: float
) -> list[Site]:
    """spin._weigh as its docstring says it: the kinds seen least first (then in order),
    PER_SWAP of a kind at most, while `needed` strong ones of `kinds` kinds can be found; a
    place is strong where its margin reaches what its swap needs (spin._needs)."""
    left = Counter(site[0].kind for site in sites)
    times: Counter[str] = Counter()

    def reach() -> tuple[int, int]:
        can = {k: min(times[k] + n, spin.PER_SWAP) for k, n in left.items()}
        can = {k: n for k, n in can.items() if n}
        return sum(can.values()), len(can)

    found: list[Site] = []
    order = sorted(range(len(sites)), key=lambda i: (left[sites[i][0].kind], i))
    for i in order:
        could, count = reach()
        if could < needed or count < kinds:
            break
        kind = sites[i][0].kind
        if times[kind] == spin.PER_SWAP:
            continue
        left[kind] -= 1
        if lexicon.margin(sites[i]) >= spin._needs(sites[i][0].rule, bar):
            found.append(sites[i])
            times[kind] += 1
    return found


# Words of swaps of one word and of several ("month to month", "based on"), their originals,
# and words of neither, as recognition meets them on a line.
_LEXICON = tuple(r for r in load_rules().spin if r.tier == "model")
_SWAP_WORDS = sorted(
    {w for r in _LEXICON[::7] for w in (r.target + " " + r.replacement).lower().split()}
)
_TEXTS = st.lists(
    st.lists(
        st.sampled_from([*_SWAP_WORDS, "the", "a", "said", "zorblax", "on", "to", "month", "2024"]),
        max_size=12,
    ),
    max_size=6,
).map(lambda lines: "\n".join(" ".join(line) for line in lines))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("Month to month based on the election marketing, month\nwithin it")
def test_recognitions_places_and_margins_are_their_definitions(text: str) -> None:
    # Recognition's fast paths (a word that starts one swap of one word, a swap of one
    # original, kinds and ranks found in C) find the places, margins and strong ones
    # their definitions give.
    from cleaner import sites

    trigrams = Trigrams.load()
    words = Words(text)
    for lexicon in (sites.index(_LEXICON), sites.index(_LEXICON).widened(0.0)):
        found, most = lexicon.sites(words)
        assert (found, most) == _sites_plainly(lexicon, words)
        # A long text's sample, drawn on the pass by the count taken before it.
        assert sites.starts([lexicon, lexicon], words) == [most, most]
        for step in (2, 3):
            assert lexicon.sites(words, step) == (found[::step], most)
        assert [lexicon.margin(s) for s in found] == [_margin_plainly(s, trigrams) for s in found]
        for needed, kinds in ((1, 1), (2, 3), (len(found) // 2, 2)):
            assert spin._weigh(lexicon, found, needed, kinds, 0.0) == _weigh_plainly(
                lexicon, found, needed, kinds, 0.0
            )


def test_the_whole_lexicon_widened_from_the_rare_one_is_the_one_made_whole() -> None:
    # An unsettled text is weighed on every swap: that index is made of the rare swaps'
    # (kept with the rules) and the common ones alone, with their look-ups shared.
    from cleaner import sites

    lexicon = tuple(r for r in load_rules().spin if r.tier == "model")
    trigrams = Trigrams.load()
    rare = sites.index(lexicon)
    made, widened = Lexicon(lexicon, trigrams, rare=0.0), rare.widened(0.0)
    assert sorted(widened.state()) == sorted(made.state())
    assert len(made.state()) > len(rare.state())
    words = Document(SPUN + COMMON).words()
    found, most = widened.sites(words)
    assert (found, most) == made.sites(words) and len(found) > len(rare.sites(words)[0])
    assert [widened.margin(s) for s in found] == [made.margin(s) for s in found]


def test_the_lexicons_index_comes_back_with_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Made, the index asks the model thousands of questions; kept with the rules, it is
    # restored as made, and made again for another model's file or a state that does not fit.
    from cleaner import ruleset, sites

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(ruleset, "_last", [])
    made: list[int] = []  # the rules of each index made (a restored one is made of none)
    real = Lexicon.__init__

    def counted(
        self: Lexicon,
        rules: Any,
        trigrams: Trigrams,
        rare: float = sites.RARE,
        floor: float = -math.inf,
    ) -> None:
        made.append(len(rules))
        real(self, rules, trigrams, rare, floor)

    monkeypatch.setattr(Lexicon, "__init__", counted)

    def index(rare: float) -> Lexicon:
        return sites.index(tuple(r for r in load_rules().spin if r.tier == "model"), rare)

    def weighed(lexicon: Lexicon) -> list[tuple[SpinRule, str, str, float]]:
        return [(s[0].rule, s[1], s[2], lexicon.margin(s)) for s in lexicon.sites(words)[0]]

    words = Document(SPUN + COMMON).words()
    first = index(sites.RARE), index(0.0)
    assert len(made) == 2 and made[0] > 0
    for rare, was in zip((sites.RARE, 0.0), first, strict=True):
        restored = index(rare)
        assert made[-1] == 0
        assert restored.state() == was.state() and weighed(restored) == weighed(was)
        assert weighed(restored)
    # The whole lexicon widened from the rare one: its swaps between the bars are kept too.
    widened = index(sites.RARE).widened(0.0)
    assert made[-1] > 0 and sorted(widened.state()) == sorted(first[1].state())
    again = index(sites.RARE).widened(0.0)
    assert made[-1] == 0 and again.state() == widened.state()
    assert weighed(again) == weighed(first[1])
    # Another model's file: made again, in place of what was kept of the other.
    other = tmp_path / "other.lm.bin"
    other.write_bytes(b"another model")
    monkeypatch.setattr(sites, "model_path", lambda: other)
    index(sites.RARE)
    (loaded,) = ruleset._last  # each load_rules() is the rules last loaded
    key = next(key for key in loaded.states if key[0] == f"lexicon {sites.RARE!r}")
    assert made[-1] > 0 and str(other) in loaded.states[key][0]
    assert sum(key[0].startswith("lexicon ") for key in loaded.states) == 3
    monkeypatch.setattr(sites, "model_path", model_path)
    lexicon = tuple(r for r in loaded.rules.spin if r.tier == "model")
    assert sites.index(lexicon).state() == first[0].state() and made[-1] > 0
    # A state that does not fit: made again, and kept again.
    made.clear()
    loaded.states[key] = (loaded.states[key][0], b"damaged")
    assert sites.index(lexicon).state() == first[0].state() and made[-1] > 0
    assert loaded.states[key][1] != b"damaged"


def test_the_model_is_read_on_its_first_question(monkeypatch: pytest.MonkeyPatch) -> None:
    # pocketsphinx reads the model whole, a large part of cleaning one file: a run that
    # asks it nothing (a restored index, a text with no place to weigh) never reads it.
    import pocketsphinx

    reads: list[str] = []
    library = pocketsphinx.NGramModel

    class Counted:
        @staticmethod
        def readfile(path: str) -> Any:
            reads.append(path)
            return library.readfile(path)

    monkeypatch.setattr(pocketsphinx, "NGramModel", Counted)
    fresh = Trigrams.load.__wrapped__(Trigrams)  # type: ignore[attr-defined]
    assert reads == []
    # The first question asks twice (a word against another), the second of it too.
    assert fresh.odds("the", "house", "home") == Trigrams.load().odds("the", "house", "home")
    assert fresh.gram(("house",)) == Trigrams.load().gram(("house",)) < 0
    assert len(reads) == 1


# A spinner's swap beside a figure: the model reads the figure aloud (cleaner/numbers.py).


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
    # On the model's margin, not on the swap's odds in the pairs alone.
    (change,) = [c for c in result.changes if c.before == "factors"]
    assert change.why is not None and change.why.startswith("model: the original fits by ")
    assert float(change.why.split()[5]) > 4.0


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
