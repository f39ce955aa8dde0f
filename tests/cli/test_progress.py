"""The progress display: one line that fits the terminal, and a sign of life while a single
large file is cleaned."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from cleaner.cli import console, main
from cleaner.cli.console import ExitCode

PARAGRAPH = (
    "The council said on Monday that the new bridge would open in the spring, after two "
    "years of delays caused by floods and a shortage of steel.\n\n"
)


def frames(err: str) -> list[str]:
    """The lines a progress display drew, each over the last."""
    return [frame for frame in err.split("\r") if frame.strip()]


def fits(drawn: list[str], columns: int) -> None:
    assert len(drawn) > 5
    # The last column stays empty: a terminal may wrap a line that fills it.
    assert all(len(frame) < columns for frame in drawn), max(drawn, key=len)


def terminal(monkeypatch: pytest.MonkeyPatch, columns: int = 80) -> None:
    """Make stderr (as the test sees it) a terminal this wide, redrawn at every chance."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(console.Progress, "INTERVAL", 0.0)


@pytest.mark.parametrize("columns", [80, 40, 20])
def test_every_frame_fits_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], columns: int
) -> None:
    terminal(monkeypatch, columns)
    progress = console.Progress(12_345)
    name = "business/" + "a-very-long-article-name-" * 5
    for done in range(1, 12_346, 1_000):
        progress.update(done, f"{name}{done}.txt")
    files_only = frames(capsys.readouterr().err)
    fits(files_only, columns)
    for done in range(12_001, 12_346, 50):  # with a stage named too
        progress.tick("boilerplate")
        progress.update(done, f"{name}{done}.txt")
    progress.close()
    with_stage = frames(capsys.readouterr().err)
    fits(with_stage, columns)
    if columns == 80:
        assert all("/12345" in frame and "[" in frame for frame in files_only + with_stage)
        assert "boilerplate" in with_stage[-1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_large_file_shows_progress_while_it_is_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    terminal(monkeypatch)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    words, rnd = PARAGRAPH.split(), random.Random(1)
    big = "".join(" ".join(rnd.choices(words, k=40)) + ".\n\n" for _ in range(8_000))
    (tmp_path / "in" / "big.txt").write_text(big, encoding="utf-8")
    if jobs == "2":  # two files, so that workers clean them
        (tmp_path / "in" / "small.txt").write_text(PARAGRAPH, encoding="utf-8")
    assert main(["clean", "in", "-o", "out", "--jobs", jobs]) == ExitCode.OK
    drawn = frames(capsys.readouterr().err)
    total = 1 if jobs == "1" else 2
    during = [frame for frame in drawn if f" 0/{total} " in frame]
    assert during, drawn
    if jobs == "1":  # cleaned here: each stage is named as it starts
        assert any("spelling" in frame for frame in during)
    else:  # cleaned by a worker: redrawn as the time goes on
        assert len(set(during)) > 1, during
