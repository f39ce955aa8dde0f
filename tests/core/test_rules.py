"""The rule loader's errors, and the shipped rules themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from cleaner.cachefiles import sealed
from cleaner.errors import RuleError
from cleaner.rulecheck import (
    Reference,
    always_hits,
    gated_misses,
    reference_text,
    unsorted,
)
from cleaner.rulefile import shipped_rules_dir
from cleaner.ruleset import RuleSet, SpinRule, load_rules
from cleaner.stages.decode import decode_text


def write_rules(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        (
            "spin/a.txt",
            "@tier always\nWhite Home White House\n",
            2,
            "expected 'TARGET -> REPLACEMENT'",
        ),
        ("spin/a.txt", "@tier sometimes\n", 1, "unknown tier"),
        ("spin/a.txt", "white home -> white house\n", 1, "before the @tier directive"),
        ("spin/a.txt", "@tier always\n@colour red\n", 2, "unknown directive @colour"),
        ("spin/a.txt", "@tier always\n -> said\n", 2, "expected 'TARGET -> REPLACEMENT'"),
        ("spin/a.txt", "@tier always\n... -> said\n", 2, "empty target"),
        (
            "spin/a.txt",
            "@tier always\nfoo bar -> baz\nFoo Bar -> qux\n",
            3,
            "duplicate spin target",
        ),
        ("spin/a.txt", "@tier always\nfoo bar -> baz\nbaz -> foo bar\n", 2, "contains the target"),
        ("boilerplate.txt", "header More To Read\n", 1, "unknown kind 'header'"),
        ("boilerplate.txt", "regex evil (a+)+$\n", 1, "nested repetition"),
        ("boilerplate.txt", "regex lonely-name\n", 1, "a regex rule needs a name and a pattern"),
        ("boilerplate.txt", "regex broken [a-\n", 1, "invalid regular expression"),
        ("boilerplate.txt", "line top stories\n@kind line\n", 2, "unknown directive @kind"),
        ("boilerplate.txt", "line\n", 1, "empty pattern for 'line'"),
        ("boilerplate.txt", "line top stories\nline Top  Stories\n", 2, "duplicate"),
        ("boilerplate.txt", "regex evil (a|a)*b\n", 1, "repeated alternation"),
        ("boilerplate.txt", "regex evil (\\w+\\s?)*$\n", 1, "nested repetition"),
        ("boilerplate.txt", "regex evil (.*a){20}\n", 1, "nested repetition"),
        ("spin/a.txt", "@tier always\n@tier gated\n", 2, "one @tier directive"),
        ("spin/a.txt", "@tier always\nfoo bar -> \n", 2, "expected 'TARGET -> REPLACEMENT'"),
        ("spin/a.txt", "@tier always\nfoo bar -> FOO BAR\n", 2, "replacement equals target"),
    ],
)
def test_malformed_rules_name_path_and_line(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    folder = write_rules(tmp_path, name, text)
    with pytest.raises(RuleError) as info:
        load_rules([folder], shipped=False)
    assert str(info.value).startswith(f"{folder / name}:{line}: ")
    assert message in str(info.value)


def test_rule_file_in_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "spin" / "a.txt"
    path.parent.mkdir()
    path.write_bytes(b"@tier always\ncaf\xe9 home -> cafe house\n")
    with pytest.raises(RuleError, match=r"a\.txt:2: not valid UTF-8"):
        load_rules([tmp_path], shipped=False)


def test_missing_rules_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="rules folder not found"):
        load_rules([tmp_path / "nope"])


def test_misnamed_rule_file_is_an_error_not_ignored(tmp_path: Path) -> None:
    (tmp_path / "spin-rules.txt").write_text("white home -> White House\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"spin-rules\.txt:0: not a rule file name"):
        load_rules([tmp_path])


def test_user_rules_add_to_shipped_ones(tmp_path: Path) -> None:
    folder = write_rules(tmp_path, "spin/mine.txt", "@tier always\nzorbly blat -> good phrase\n")
    shipped = load_rules()
    both = load_rules([folder])
    assert len(both.spin) == len(shipped.spin) + 1
    assert both.digest != shipped.digest


@pytest.fixture
def parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The spin rules of each set parsed, not read from the cache (in tmp_path/cache)."""
    from cleaner import ruleset

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    parsed: list[int] = []
    real = ruleset._parsed

    def counted(files: list[tuple[str, Path]], digest: str) -> RuleSet:
        rules = real(files, digest)
        parsed.append(len(rules.spin))
        return rules

    monkeypatch.setattr(ruleset, "_parsed", counted)
    return parsed


def cached_copies(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "cleaner").glob("rules-*.pickle"))


def test_rules_are_parsed_once_per_set_of_files_and_loading_code(
    tmp_path: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleaner import ruleset

    folder = write_rules(tmp_path / "r", "spin/a.txt", "@tier always\nfoo bar -> baz\n")
    first = load_rules([folder], shipped=False)
    assert load_rules([folder], shipped=False) == first
    assert parses == [1]  # the second load read the first one's copy
    write_rules(tmp_path / "r", "spin/a.txt", "@tier always\nfoo bar -> baz\nqux -> quux\n")
    assert len(load_rules([folder], shipped=False).spin) == 2  # a stale copy is not read
    assert parses == [1, 2]
    write_rules(tmp_path / "r", "spin/a.txt", "@tier always\nfoo bar -> baz\nbaz -> foo bar\n")
    for _ in range(2):  # a set that fails its checks is never kept: it fails every time
        with pytest.raises(RuleError, match="contains the target"):
            load_rules([folder], shipped=False)
    assert parses == [1, 2]
    write_rules(tmp_path / "r", "spin/a.txt", "@tier always\nfoo bar -> baz\n")
    assert load_rules([folder], shipped=False) == first
    monkeypatch.setattr(ruleset, "_LOADING_CODE", (ruleset,))  # as after an upgrade
    assert load_rules([folder], shipped=False) == first
    assert parses == [1, 2, 1]


def test_the_same_rules_elsewhere_are_their_own_copy(tmp_path: Path, parses: list[int]) -> None:
    # Each rule names its file, in messages and reports: a copy from another folder with the
    # same bytes would name the wrong one.
    for name in ("a", "b"):
        folder = write_rules(tmp_path / name, "spin/x.txt", "@tier always\nfoo bar -> baz\n")
        (rule,) = load_rules([folder], shipped=False).spin
        assert rule.origin == f"{folder / 'spin' / 'x.txt'}:2"
    assert parses == [1, 1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short, as by a full disk
        lambda data: b"not a pickle at all",
        lambda data: data.replace(b"foo bar", b"foo baz"),  # still a pickle, of other rules
        # Not ours: unpickled freely it would run a command.
        lambda data: sealed(b"cos\nsystem\n(S'touch pwned'\ntR."),
    ],
)
def test_a_damaged_copy_is_parsed_again_and_mended(
    tmp_path: Path,
    parses: list[int],
    damage: Callable[[bytes], bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = write_rules(tmp_path / "r", "spin/a.txt", "@tier always\nfoo bar -> baz\n")
    good = load_rules([folder], shipped=False)
    (copy,) = cached_copies(tmp_path)
    whole = copy.read_bytes()
    copy.write_bytes(damage(whole))
    assert load_rules([folder], shipped=False) == good
    assert parses == [1, 1] and copy.read_bytes() == whole
    assert not (tmp_path / "pwned").exists()


def test_without_a_writable_cache_folder_rules_are_parsed_every_time(
    tmp_path: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")  # a cache folder that cannot be
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))  # made
    folder = write_rules(tmp_path / "r", "spin/a.txt", "@tier always\nfoo bar -> baz\n")
    assert load_rules([folder], shipped=False) == load_rules([folder], shipped=False)
    assert parses == [1, 1]


def test_the_shipped_rules_from_the_cache_are_those_parsed(parses: list[int]) -> None:
    parsed = load_rules()
    assert load_rules() == parsed and parses == [len(parsed.spin)]


def test_slug_joins_the_runs_of_letters_and_digits(rules: RuleSet) -> None:
    from cleaner.rulefile import slug

    def by_character(text: str) -> str:  # the definition, one character at a time
        out = "".join(ch if ch.isalnum() else "-" for ch in text.casefold())
        return "-".join(part for part in out.split("-") if part)

    texts = [r.target for r in rules.spin] + [r.pattern for r in rules.boilerplate]
    texts += ["Ünïcode ½ x_y ٣ ß İ ﬁ", "--a--", "", "\ud800x"]
    assert [slug(text) for text in texts] == [by_character(text) for text in texts]


def test_shipped_rules_load_and_are_many(rules: RuleSet) -> None:
    assert len(rules.boilerplate) >= 20
    assert len(rules.spin) >= 300
    assert {r.tier for r in rules.spin} == {"always", "gated", "model"}


def test_shipped_rule_files_are_sorted() -> None:
    files = [shipped_rules_dir() / "boilerplate.txt", shipped_rules_dir() / "words.txt"]
    files += sorted((shipped_rules_dir() / "spin").glob("*.txt"))
    for path in files:
        assert unsorted(path) == [], path


def test_no_replacement_is_a_target(rules: RuleSet) -> None:
    # A lexicon swap may take a rule's output for the spinner's ("financial institution",
    # which the pairs show written for "bank"): the stage leaves the rule's repair alone.
    targets = {r.target.casefold() for r in rules.spin if r.tier != "model"}
    assert not [r for r in rules.spin if r.replacement.casefold() in targets]


@pytest.fixture(scope="module")
def bbc_reference(bbc: Path) -> Reference:
    """The corpus read once, as `cleaner rules check --corpus` reads it for both checks."""
    return reference_text(bbc)


def test_no_always_target_occurs_in_clean_reference_text(
    rules: RuleSet, bbc_reference: Reference
) -> None:
    assert always_hits(rules, bbc_reference) == []


def test_no_gated_target_is_common_in_clean_reference_text(
    rules: RuleSet, bbc_reference: Reference
) -> None:
    assert gated_misses(rules, bbc_reference) == []


def test_a_gated_target_clean_text_writes_beside_its_replacement_is_reported(
    tmp_path: Path,
) -> None:
    folder = write_rules(
        tmp_path / "rules",
        "spin/a.txt",
        "@tier gated\nfailed try and -> failed attempt to\ntry and -> attempt to\n",
    )
    rules = load_rules([folder], shipped=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Rugby's "try and" three times beside one "attempt to": in a spun document a half of
    # "attempt to" swapped would be 1 in 7 of its "try and"; "failed try and" is never written.
    (corpus / "a.txt").write_text(
        "He scored a try and a drop goal. Their try and conversion came late. "
        "A try and two penalties won it. An attempt to level failed.",
        encoding="utf-8",
    )
    problems = gated_misses(rules, reference_text(corpus))
    assert len(problems) == 1
    assert problems[0].startswith(f"{folder / 'spin' / 'a.txt'}:3: gated target 'try and'")
    assert "written 3 times in clean text beside 1 of 'attempt to'" in problems[0]


def test_no_always_target_occurs_in_clean_seeds(rules: RuleSet) -> None:
    seeds = ROOT / "seeds"
    clean = [(seed, decode_text(seed.read_bytes())) for seed in sorted(seeds.glob("00[0-3]*.txt"))]
    assert always_hits(rules, clean) == []


def test_rule_file_in_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "boilerplate.txt"
    path.write_bytes("line top stories\n".encode("utf-16"))
    with pytest.raises(RuleError, match=r"boilerplate\.txt:1: not valid UTF-8"):
        load_rules([tmp_path], shipped=False)


def test_hostile_regex_rule_cannot_hang_a_run(tmp_path: Path) -> None:
    # Unguarded, `(a+)+$` against 40 'a's and a '!' backtracks for hours; it is refused at
    # load, before any text is read, and the run stops with a usage error.
    import subprocess
    import sys

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "boilerplate.txt").write_text("regex evil (a+)+$\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a" * 40 + "!\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "a.txt", "-o", "out", "--rules", "mine"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "boilerplate.txt:1: nested repetition can backtrack catastrophically" in done.stderr


@pytest.mark.parametrize("line", ["a" * 200_000, " " * 200_000 + "x", "![" + "a(" * 100_000])
def test_shipped_regexes_are_linear_on_long_lines(rules: RuleSet, line: str) -> None:
    import re
    import time

    for rule in rules.boilerplate:
        if rule.kind == "regex":
            start = time.perf_counter()
            re.compile(rule.pattern).search(line)
            assert time.perf_counter() - start < 1.0, rule.rule_id


def test_the_cache_keeps_the_last_sets_written(tmp_path: Path, parses: list[int]) -> None:
    from cleaner import ruleset

    for n in range(ruleset.KEPT + 3):
        folder = write_rules(tmp_path / str(n), "spin/a.txt", "@tier always\nfoo bar -> baz\n")
        load_rules([folder], shipped=False)
    assert len(cached_copies(tmp_path)) == ruleset.KEPT
    load_rules([folder], shipped=False)  # the last is still there
    assert len(parses) == ruleset.KEPT + 3


def test_the_spin_matchers_come_back_with_the_rules(
    tmp_path: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleaner import ruleset
    from cleaner.phrases import Phrase, PhraseMatcher

    monkeypatch.setattr(ruleset, "_last", [])
    built: list[int] = []  # the phrases of each matcher made (a restored one is made empty)
    real = PhraseMatcher.__init__

    def counted(self: PhraseMatcher, phrases: Iterable[Phrase]) -> None:
        phrases = list(phrases)
        built.append(len(phrases))
        real(self, phrases)

    monkeypatch.setattr(PhraseMatcher, "__init__", counted)
    sets = [("always",), ("always", "gated"), ("model",)]
    first = load_rules()
    for tiers in sets:  # built, and kept with the rules
        ruleset.spin_matcher.cache_clear()
        ruleset.spin_matcher(tuple(r for r in first.spin if r.tier in tiers))
        assert built[-1] > 0
    ruleset.spin_matcher.cache_clear()
    again = load_rules()  # read from the cache, with the matchers
    assert parses == [len(first.spin)]
    for tiers in sets:
        rules = tuple(r for r in again.spin if r.tier in tiers)
        restored = ruleset.spin_matcher(rules)
        assert built[-1] == 0
        assert restored.state() == PhraseMatcher(r.phrase() for r in rules).state()
    # Matchers of rules in common (every rule's and the always tier's) share their phrases,
    # each compiled once.
    always, every = (ruleset.spin_matcher(tuple(r for r in again.spin if r.tier in tiers))
                     for tiers in sets[:2])  # fmt: skip
    compiled = {id(c): c for c in always._compiled}
    assert compiled and compiled.keys() <= {id(c) for c in every._compiled}
    assert {id(c.phrase) for c in compiled.values()} <= {id(c.phrase) for c in every._compiled}
    # Rules of another load are not those kept: their matcher is built, and not kept.
    other = load_rules()
    ruleset.spin_matcher.cache_clear()
    ruleset._last[:] = [ruleset._Loaded(again, None, {})]
    ruleset.spin_matcher(tuple(r for r in other.spin if r.tier == "model"))
    assert built[-1] > 0
    # A state that does not fit is no matcher: it is built instead, and kept again.
    (loaded,) = ruleset._last = [ruleset._Loaded(other, cached_copies(tmp_path)[0], {})]
    model = tuple(r for r in other.spin if r.tier == "model")
    key = ("matcher", loaded.positions(model))
    assert key[1] is not None
    loaded.states[key] = ("", b"damaged")
    ruleset.spin_matcher.cache_clear()
    assert ruleset.spin_matcher(model).state() == restored.state() and built[-1] > 0
    assert loaded.states[key] != ("", b"damaged")
    ruleset.spin_matcher.cache_clear()


def test_what_the_cache_restores_is_frozen_only_in_the_commands_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Frozen, tens of thousands of lasting objects are not walked by every collection; but
    # a library caller's process is theirs, and cleaner's main() called with arguments too.
    import gc

    from cleaner import cachefiles
    from cleaner.cli import main

    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(len(frozen)))
    assert gc.isenabled()
    with cachefiles.lasting():
        assert gc.isenabled()
    assert frozen == []
    assert main(["rules", "check"]) == 0 and not cachefiles._freeze
    monkeypatch.setattr(cachefiles, "_freeze", True)
    with cachefiles.lasting():
        assert not gc.isenabled()
    assert gc.isenabled() and frozen == [0]
    gc.disable()  # a caller's choice stands
    try:
        with cachefiles.lasting():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_spin_matcher_keeps_the_last_four_sets_of_rules_by_identity() -> None:
    from cleaner import ruleset

    made: list[tuple[SpinRule, ...]] = []

    def make(rules: tuple[SpinRule, ...]) -> Any:
        made.append(rules)
        return object()

    matchers = ruleset._Matchers(make, 4)
    sets = [(SpinRule(f"t{n}", "r", "always", False, f"spin:t{n}", "x:1"),) for n in range(5)]
    first = matchers(sets[0])
    assert matchers(sets[0]) is first and len(made) == 1
    # Equal rules, but others: made again, as their matches must carry them.
    assert matchers((replace(sets[0][0]),)) is not first and len(made) == 2
    for rules in sets[1:4]:
        matchers(rules)
    assert matchers(sets[0]) is not first  # the least recently asked for went
    assert matchers(sets[3]) is matchers(sets[3]) and len(made) == 6
    matchers.cache_clear()
    matchers(sets[3])
    assert len(made) == 7
