"""What a run asks of the system for each file: every input opened once, every copy opened
once to write it (or, up to date, to hash it), and nothing looked up that cannot be there."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cleaner.batch import files
from cleaner.cli import main
from cleaner.cli.console import ExitCode

ARTICLE = "Storm hits coast\n\nA storm brought heavy rain and strong winds to the coast.\n"
INPUTS = 6


class Calls:
    """os.open, os.stat and os.getpid as a run makes them, counted by the project path
    they name ("in/a0.txt"; a temporary file "out/.a0.txt.PID.tmp" as "out/.a0.txt.tmp")."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = str(root) + os.sep
        self.count: Counter[tuple[str, str]] = Counter()
        for name in ("open", "stat", "getpid"):
            monkeypatch.setattr(os, name, self._counting(name, getattr(os, name)))

    def _counting(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            where = os.path.abspath(os.fspath(args[0])) if args else ""
            if name == "getpid" or where.startswith(self.root):
                where = where.removeprefix(self.root)
                if where.endswith(".tmp"):
                    where = where.rsplit(".", 2)[0] + ".tmp"
                self.count[name, where] += 1
            return call(*args, **kwargs)

        return counted

    def of(self, name: str, prefix: str = "") -> list[int]:
        return [n for (call, where), n in self.count.items() if call == name and
                where.startswith(prefix)]  # fmt: skip


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for n in range(INPUTS):
        (tmp_path / "in" / f"a{n}.txt").write_text(ARTICLE.replace("coast", f"coast {n}"))
    files._pid.cache_clear()
    return tmp_path


def test_a_run_into_a_new_folder_opens_each_input_once_and_each_copy_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = Calls(project, monkeypatch)
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    assert calls.of("open", "in/") == [1] * INPUTS
    # No copy is looked for in a folder the run made; each is written through one file
    # (the first file tried finds no folder, which is then made).
    assert calls.of("open", "out/a") == []
    assert sum(calls.of("open", "out/.a")) == INPUTS + 1
    assert calls.of("stat", "in/") == []  # no input can stand in a new folder
    assert sum(calls.of("getpid")) == 1


def test_an_up_to_date_run_opens_each_input_and_copy_once(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    calls = Calls(project, monkeypatch)
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    assert calls.of("open", "in/") == [1] * INPUTS
    assert calls.of("open", "out/a") == [1] * INPUTS
    assert calls.of("open", "out/.a") == [] and calls.of("stat", "in/") == []


def test_a_run_that_writes_over_copies_still_guards_its_inputs(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    for copy in (project / "out").glob("a*.txt"):
        copy.write_text("edited by hand\n")
    calls = Calls(project, monkeypatch)
    assert main(["clean", "in", "-o", "out"]) == ExitCode.OK
    assert calls.of("stat", "in/") == [1] * INPUTS
    assert (project / "out" / "a0.txt").read_text() == ARTICLE.replace("coast", "coast 0")


def test_an_input_named_as_its_own_copy_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dirty = ARTICLE + "Top Stories Today\n"
    (project / "in" / "a0.txt").write_text(dirty)
    assert main(["clean", "in/a0.txt", "-o", "in"]) == ExitCode.FAILED
    assert "it is an input file" in capsys.readouterr().err
    assert (project / "in" / "a0.txt").read_text() == dirty


def test_a_forked_worker_names_its_temporary_files_by_its_own_id() -> None:
    parent = files._pid()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.write(write, b"1" if files._pid() == os.getpid() != parent else b"0")
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 1) == b"1"
