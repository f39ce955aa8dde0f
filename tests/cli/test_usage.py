"""What a new user runs into: each mistake gets one clear message saying what to pass, and
each surprising result is said."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.cli.console import ExitCode

ARTICLE = "Storm hits coast\n\nA storm brought heavy rain to the coast on Monday.\n"
BOILERPLATE = "Top Stories Today\n![photo](http://example.com/a.jpg)\n"


@pytest.fixture()
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder `in` of three articles, in the current folder (which has no config)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "in" / name).write_text(ARTICLE, encoding="utf-8")
    return tmp_path / "in"


@pytest.mark.parametrize("value", ["-1", "two"])
def test_jobs_must_be_a_count(inputs: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["clean", "in", "-o", "out", "--jobs", value])
    assert exit_info.value.code == ExitCode.USAGE
    assert "argument -j/--jobs:" in capsys.readouterr().err
    assert not Path("out").exists()


def test_output_that_is_a_file_fails_once_before_cleaning(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("out.txt").write_text("a file\n", encoding="utf-8")
    assert main(["clean", "in", "-o", "out.txt"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err == (
        "cleaner: error: output out.txt is a file, not a folder: name a folder for the clean "
        "copies (--output DIR, or `output` under [tool.cleaner])\n"
    )
    assert Path("out.txt").read_text(encoding="utf-8") == "a file\n"


def test_explain_given_a_folder_says_what_to_pass(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", "in"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "in: is a folder; explain takes one file (cleaner explain in/NAME.txt)" in err
    assert "cleaner clean in --diff" in err


def test_explain_shows_what_a_whitespace_change_changed(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (inputs / "a.txt").write_text("Storm hits coast   \n\nRain on Monday.", encoding="utf-8")
    assert main(["explain", "in/a.txt"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "tidy:final-newline" in out
    assert "      - Rain on Monday.\n      + Rain on Monday.⏎\n" in out
    assert "      - Storm hits coast···\n      + Storm hits coast\n" in out


def test_clean_with_no_path_and_no_source_says_what_to_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["clean"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "no PATH given, and the default source folder" in err
    assert "Pass the files or folders to clean (cleaner clean PATH ... --output DIR)" in err
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nsource = "articles"\n')
    assert main(["clean"]) == ExitCode.USAGE
    assert "the source folder set in" in capsys.readouterr().err


def test_a_file_of_nothing_but_boilerplate_is_said_to_be_emptied(
    inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (inputs / "b.txt").write_text(BOILERPLATE, encoding="utf-8")
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    err = capsys.readouterr().err
    assert (
        "cleaner: in/b.txt: emptied: nothing was left once cleaned (removed by "
        "boilerplate 2); its copy is empty\n"
    ) in err
    assert "emptied (nothing left once cleaned; the copy is empty): 1" in err
    assert err.count("emptied") == 2
    assert Path("out/b.txt").read_bytes() == b""
