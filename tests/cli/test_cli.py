"""The `cleaner` command end to end: outputs, exit codes, check, diff, report, jobs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from cleaner import batch
from cleaner.api import Cleaner
from cleaner.batch import execute
from cleaner.cli import console, main
from cleaner.cli.console import ExitCode
from cleaner.ruleset import RuleSet

DIRTY = (
    "Title here\n\nA real paragraph about the economy and the markets today.\nTop Stories Today\n"
)


@pytest.fixture()
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


def test_clean_writes_copies_and_never_touches_inputs(seeds: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in seeds.iterdir()}
    assert main(["clean", str(seeds), "--output", str(tmp_path / "out")]) == ExitCode.OK
    assert sorted(p.name for p in (tmp_path / "out").glob("[!.]*")) == sorted(before)
    assert {p.name: p.read_bytes() for p in seeds.iterdir()} == before
    for name in before:
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == (
            ROOT / "cleaned" / name
        ).read_text(encoding="utf-8")


def test_check_fails_until_cleaned_then_passes(seeds: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    assert main(["clean", str(seeds), "-o", out, "--check"]) == ExitCode.CHANGED
    assert not (tmp_path / "out").exists()
    assert main(["clean", str(seeds), "-o", out]) == ExitCode.OK
    assert main(["clean", str(seeds), "-o", out, "--check"]) == ExitCode.OK


def test_cleaning_the_clean_copies_changes_nothing(seeds: Path, tmp_path: Path) -> None:
    main(["clean", str(seeds), "-o", str(tmp_path / "once")])
    main(["clean", str(tmp_path / "once"), "-o", str(tmp_path / "twice")])
    for clean in (tmp_path / "once").glob("[!.]*"):  # not the manifest
        assert (tmp_path / "twice" / clean.name).read_bytes() == clean.read_bytes()


def test_diff_prints_changes_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "a.txt", "-o", "out", "--diff"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "-Top Stories Today" in out and out.startswith("--- a/a.txt")
    assert not (tmp_path / "out").exists()


def test_diff_shows_edits_not_the_encoding_or_line_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    text = "Caf\u00e9 prices rose 5% in Paris.\r\nThe rise was the first in a year.\r\n"
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    assert main(["clean", "a.txt", "-o", "out", "--diff"]) == ExitCode.OK
    assert capsys.readouterr().out == ""  # decoding and line ends are no edit to show


def test_report_lists_every_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "a.txt", "-o", "out", "--report", "r.json"]) == ExitCode.OK
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    (entry,) = report["files"]
    assert entry["metadata"]["language"] == "en"
    assert "spin" in entry["metadata"]
    change = entry["changes"][0]
    assert change == {
        "stage": "boilerplate",
        "rule": "boilerplate:top-stories-today",
        "line": 4,
        "before": "Top Stories Today",
        "after": None,
        "span": [70, 88],
        "input_span": [70, 88],
        "output_span": [70, 70],
        "why": None,
    }
    # Each span holds what the change says stood there, in the input as in the text the
    # stage received (this change is the first); in the output its line is gone.
    assert DIRTY[70:88] == "Top Stories Today\n"
    assert report["summary"]["per_rule"]["boilerplate:top-stories-today"] == 1


def test_jobs_give_identical_results(seeds: Path, tmp_path: Path) -> None:
    for n in ("1", "2"):
        assert main(["clean", str(seeds), "-o", f"out{n}", "-j", n, "--report", f"r{n}.json"]) == 0
    one = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert one["files"] == two["files"]


def test_jobs_write_check_and_diff_alike(
    seeds: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def tree(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")}

    for n in ("1", "2"):  # with 2, the workers write the copies and hash them
        assert main(["clean", str(seeds), "-o", f"out{n}", "-j", n]) == ExitCode.OK
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")
    (tmp_path / "out1" / "000_c8d8a61c1fb48c9d.txt").write_text("edited\n", encoding="utf-8")
    capsys.readouterr()
    said = []
    for n in ("1", "2"):
        code = main(["clean", str(seeds), "-o", "out1", "--check", "--diff", "-j", n])
        said.append((code, capsys.readouterr()))
    assert said[0][0] == ExitCode.CHANGED and "+++ " in said[0][1].out
    assert said[0][1].out == said[1][1].out
    assert said[0][1].err.splitlines()[:-2] == said[1][1].err.splitlines()[:-2]


def test_binary_files_are_skipped_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "in" / "ok.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    assert "image.txt: skipped: binary file" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").glob("[!.]*")) == ["ok.txt"]


def test_missing_input_is_reported_and_others_still_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "ok.txt", "gone.txt", "-o", "out"]) == ExitCode.FAILED
    assert "gone.txt: no such file or folder" in capsys.readouterr().err
    assert (tmp_path / "out" / "ok.txt").is_file()


def test_bad_rules_are_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine" / "spin").mkdir(parents=True)
    (tmp_path / "mine" / "spin" / "x.txt").write_text("@tier always\nbroken\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "a.txt", "-o", "out", "--rules", "mine"]) == ExitCode.USAGE
    assert "x.txt:2: expected 'TARGET -> REPLACEMENT'" in capsys.readouterr().err


def test_config_disables_a_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\ndisable = ["boilerplate"]\n', encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "a.txt", "-o", "out"]) == ExitCode.OK
    assert "Top Stories Today" in (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[tool.cleaner]\ncolour = 1\n", "unknown key 'colour'"),
        ("[tool.cleaner.spin]\ngate = 'high'\n", "gate: expected float"),
        ("[tool.cleaner.spin]\nthreshold = 3\n", "unknown option 'threshold'"),
        ('[tool.cleaner]\ndisable = ["nothing"]\n', "unknown stage 'nothing'"),
    ],
)
def test_bad_config_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    toml: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    assert main(["clean", ".", "-o", "out"]) == ExitCode.USAGE
    assert message in capsys.readouterr().err


def test_explain_shows_stage_rule_before_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["explain", "a.txt"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "[boilerplate] boilerplate:top-stories-today (line 4) removed" in out


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "exit codes:" in out and "cleaner clean seeds --output cleaned" in out


def test_no_command_prints_help_and_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == ExitCode.USAGE
    assert "usage: cleaner" in capsys.readouterr().out


def test_outputs_get_ordinary_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert main(["clean", "a.txt", "-o", "out"]) == ExitCode.OK
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "out" / "a.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_summary_names_other_languages_and_text_too_short_to_tell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fr.txt").write_text(
        "Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera "
        "présentée au Parlement la semaine prochaine, selon le ministre.\n"
    )
    (tmp_path / "in" / "short.txt").write_text("12 34\n")
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    err = capsys.readouterr().err
    assert "not English: fr 1" in err
    assert "too little text to tell the language (cleaned as English): 1" in err


def test_progress_redraws_at_most_ten_times_a_second(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = iter(range(1000))  # each reading 1/32 s on: exact in binary
    monkeypatch.setattr(console.time, "perf_counter", lambda: next(clock) / 32)
    progress = console.Progress(500)
    progress.shown = True
    for done in range(1, 501):
        progress.update(done, f"{done}.txt")
    frames = capsys.readouterr().err.split("\r")[1:]
    assert len(frames) == 125  # every fourth file (1/8 s apart), none in the first 1/10 s
    assert frames[0].startswith("[") and " 4/500 " in frames[0]
    assert " 500/500 " in frames[-1]


@pytest.mark.parametrize("texts", [False, True])
def test_settled_results_keep_their_texts_only_when_asked(
    tmp_path: Path, rules: RuleSet, texts: bool
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DIRTY, encoding="utf-8")
    jobs = batch.discover([tmp_path / "in"], tmp_path / "out")
    output = batch.Output(tmp_path / "out", True, texts=texts)
    (result,) = batch.run(jobs, Cleaner(rules=rules), output=output)
    assert result.outcome == "written" and result.changes
    written = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert result.output_hash == hashlib.sha256(written.encode()).hexdigest()
    assert (result.text, result.original) == ((written, DIRTY) if texts else ("", ""))


@pytest.mark.parametrize("reporting", [False, True])
def test_a_run_holds_its_results_only_for_a_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reporting: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for n in range(50):
        (tmp_path / "in" / f"{n}.txt").write_text(f"{n}\n{DIRTY}", encoding="utf-8")
    run, alive = execute.run, []

    def watched(*args: Any, **kwargs: Any) -> Iterator[batch.Result]:
        made = []
        for result in run(*args, **kwargs):
            made.append(weakref.ref(result))
            yield result
        alive.append(sum(ref() is not None for ref in made))

    monkeypatch.setattr(execute, "run", watched)
    extra = ["--report", "r.json"] if reporting else []
    assert main(["clean", "in", "-o", "out", *extra]) == ExitCode.OK
    # Without a report, only the last result or two, which the loop is on, are left.
    assert alive == [50] if reporting else alive[0] <= 2


def test_explain_names_the_line_of_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Lines removed above a repair do not move the line it is shown on; a final line
    # break put in shows as one.
    body = ["Top Stories Today", "- Storm hits the coast and closes roads tonight"] * 3
    lines = ["Storm report", "", *body, "", "Roads were closed andcontributing to delays."]
    path = tmp_path / "a.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["explain", str(path)]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "spelling:fused-word (line 10):" in out
    assert "boilerplate:top-stories-today (line 3) removed:" in out
    assert "tidy:blank-line (line 9) removed:" in out
    last = "Roads were closed and contributing to delays."
    assert f"tidy:final-newline (line 10):\n      - {last}\n      + {last}⏎\n" in out


@pytest.mark.parametrize(("argv", "frozen"), [("", True), ("['rules', 'check']", False)])
def test_run_as_a_program_it_leaves_its_objects_frozen_for_the_exit(
    argv: str, frozen: bool
) -> None:
    # Only the interpreter's exit follows a program's main; a caller's own main(argv) may
    # go on, and its garbage must stay collectable.
    probe = (
        "import gc, sys\n"
        "from cleaner.cli import main\n"
        "sys.argv = ['cleaner', 'rules', 'check']\n"
        f"code = main({argv})\n"
        "print(code, gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout == f"0 {frozen}\n", done.stderr
