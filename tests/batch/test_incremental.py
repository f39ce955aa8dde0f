"""Incremental runs (the manifest), orphans, and `cleaner hook` as pre-commit calls it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, clean

from cleaner.batch import manifest
from cleaner.batch.manifest import NAME
from cleaner.cli import main
from cleaner.cli.console import ExitCode
from cleaner.pipeline import Pipeline

DIRTY = (
    "Title here\n\nA real paragraph about the economy and the markets today.\nTop Stories Today\n"
)
SKIPPED = "skipped (unchanged since the last run)"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with seeds/a.txt and seeds/sub/b.txt, the working directory."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds" / "sub").mkdir(parents=True)
    (tmp_path / "seeds" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "seeds" / "sub" / "b.txt").write_text(DIRTY.replace("Title", "Other"), "utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_a_rerun_skips_unchanged_inputs_and_says_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "clean")[0] == ExitCode.OK
    outputs = {p: p.read_bytes() for p in (project / "cleaned").rglob("*.*")}
    code, err = run(capsys, "clean")
    assert code == ExitCode.OK and f"2 {SKIPPED}" in err
    assert {p: p.read_bytes() for p in (project / "cleaned").rglob("*.*")} == outputs
    (project / "seeds" / "a.txt").write_text(DIRTY + "\nMore news.\n", encoding="utf-8")
    code, err = run(capsys, "clean")
    assert code == ExitCode.OK and f"1 {SKIPPED}" in err and "1 written" in err
    code, err = run(capsys, "clean", "--force")
    assert SKIPPED not in err and "2 unchanged" in err


def test_a_changed_rule_file_redoes_everything(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "mine").mkdir()
    rule = project / "mine" / "boilerplate.txt"
    rule.write_text("line markets today\n", encoding="utf-8")
    run(capsys, "clean", "--rules", "mine")
    assert SKIPPED in run(capsys, "clean", "--rules", "mine")[1]
    rule.write_text("line other here\n", encoding="utf-8")
    code, err = run(capsys, "clean", "--rules", "mine")
    assert code == ExitCode.OK and SKIPPED not in err
    assert "1 written" in err  # only sub/b.txt's copy differs
    assert SKIPPED not in run(capsys, "clean")[1]  # without the extra rules: another producer


@pytest.mark.parametrize("edit", ["edited", "deleted"])
def test_check_sees_a_clean_copy_changed_by_hand(
    project: Path, capsys: pytest.CaptureFixture[str], edit: str
) -> None:
    run(capsys, "clean")
    copy = project / "cleaned" / "a.txt"
    if edit == "edited":
        copy.write_text("by hand\n", encoding="utf-8")
    else:
        copy.unlink()
    manifest = (project / "cleaned" / NAME).read_bytes()
    code, err = run(capsys, "clean", "--check")
    assert code == ExitCode.CHANGED
    assert f"a.txt: {'stale' if edit == 'edited' else 'missing'}" in err
    assert (project / "cleaned" / NAME).read_bytes() == manifest  # --check writes nothing


def test_an_orphan_is_reported_checked_and_pruned(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "clean")
    (project / "seeds" / "sub" / "b.txt").unlink()
    code, err = run(capsys, "clean")
    assert code == ExitCode.OK and "b.txt: orphan: its input is gone (--prune removes it)" in err
    assert run(capsys, "clean", "--check")[0] == ExitCode.CHANGED
    code, err = run(capsys, "clean", "--prune")
    assert code == ExitCode.OK and "orphan removed" in err
    assert not (project / "cleaned" / "sub" / "b.txt").exists()
    entries = json.loads((project / "cleaned" / NAME).read_text(encoding="utf-8"))["files"]
    assert sorted(entries) == ["a.txt"]
    assert run(capsys, "clean", "--check")[0] == ExitCode.OK


def test_hook_cleans_files_in_source_and_fails_once(
    project: Path, capsys: pytest.CaptureFixture[str], pipeline: Pipeline
) -> None:
    (project / "notes.txt").write_text(DIRTY, encoding="utf-8")
    (project / "seeds" / "image.png").write_bytes(b"\x89PNG")
    files = ["seeds/sub/b.txt", "notes.txt", "seeds/image.png"]
    assert run(capsys, "hook", *files)[0] == ExitCode.CHANGED
    written = sorted(str(p.relative_to(project)) for p in (project / "cleaned").rglob("*.*"))
    assert written == [f"cleaned/{NAME}", "cleaned/sub/b.txt"]
    expected = clean(pipeline, (project / "seeds" / "sub" / "b.txt").read_text("utf-8"))
    assert (project / "cleaned" / "sub" / "b.txt").read_text("utf-8") == expected
    code, err = run(capsys, "hook", *files)
    assert code == ExitCode.OK and f"1 {SKIPPED}" in err


def test_hook_that_writes_no_copy_touches_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], pipeline: Pipeline
) -> None:
    (project / "cleaned").mkdir()
    (project / "cleaned" / "a.txt").write_text(clean(pipeline, DIRTY), encoding="utf-8")
    assert run(capsys, "hook", "seeds/a.txt")[0] == ExitCode.OK
    assert not (project / "cleaned" / NAME).exists()


def test_hook_check_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(capsys, "hook", "--check", "seeds/a.txt")
    assert code == ExitCode.CHANGED and "a.txt: missing" in err
    assert not (project / "cleaned").exists()
    run(capsys, "hook", "seeds/a.txt")
    assert run(capsys, "hook", "--check", "seeds/a.txt")[0] == ExitCode.OK


def test_hook_maps_through_the_configured_folders(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.cleaner]\nsource = "articles"\noutput = "out/clean"\n', encoding="utf-8"
    )
    (project / "articles" / "x").mkdir(parents=True)
    (project / "articles" / "x" / "page.html").write_text(
        "<html><body><p>A paragraph.</p></body></html>", encoding="utf-8"
    )
    code = run(capsys, "hook", "articles/x/page.html", "seeds/a.txt")[0]
    assert code == ExitCode.CHANGED
    assert (project / "out" / "clean" / "x" / "page.txt").read_text("utf-8") == "A paragraph.\n"
    assert not (project / "cleaned").exists()


def test_hook_on_an_unchanged_file_loads_no_stage_and_parses_no_rule(project: Path) -> None:
    # The rule files are digested, not parsed (cleaner.ruleset); the cleaning core
    # (cleaner.api, cleaner.pipeline) is not imported, nor importlib.metadata, which the
    # manifest's library versions once took a fifth of the hook's start-up to read.
    probe = (
        "import sys\n"
        "from cleaner.cli import main\n"
        "code = main(['hook', 'seeds/a.txt'])\n"
        "heavy = [m for m in sys.modules if m.startswith(('cleaner.stages', 'ftfy', 'bs4',"
        " 'langdetect', 'spellchecker', 'multiprocessing', 'cleaner.api', 'cleaner.pipeline',"
        " 'cleaner.ruleset', 'importlib.metadata', 'difflib', 'gzip'))]\n"
        "print(code, heavy)\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert first.stdout.startswith("1 ['cleaner.")
    assert "'cleaner.stages" in first.stdout and "'cleaner.ruleset'" in first.stdout
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert second.stdout == "0 []\n", second.stderr


def test_an_up_to_date_run_still_sees_a_broken_rule_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "clean")[0] == ExitCode.OK
    (project / "rules" / "spin").mkdir(parents=True)
    (project / "rules" / "spin" / "mine.txt").write_text("no tier here\n", encoding="utf-8")
    (project / "pyproject.toml").write_text('[tool.cleaner]\nrules = ["rules"]\n', "utf-8")
    for argv in (["clean"], ["clean", "--check"], ["hook", "seeds/a.txt"]):
        code, err = run(capsys, *argv)
        assert code == ExitCode.USAGE and "mine.txt:1:" in err, (argv, err)


def other_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the libraries read as other versions, as pip resolves them on another machine."""
    real = manifest.library_version
    monkeypatch.setattr(manifest, "library_version", lambda name: f"{real(name)}.post9")


def test_the_manifest_is_the_same_where_other_library_versions_make_the_same_copies(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "clean")[0] == ExitCode.OK
    book = project / "cleaned" / NAME
    made = book.read_bytes()
    with monkeypatch.context() as elsewhere:
        other_versions(elsewhere)
        for _ in range(2):  # checked on every run there, never written
            code, err = run(capsys, "clean")
            assert code == ExitCode.OK and "2 unchanged" in err, err
            assert book.read_bytes() == made
        assert run(capsys, "clean", "--check")[0] == ExitCode.OK
        assert run(capsys, "hook", "seeds/a.txt")[0] == ExitCode.OK
        assert book.read_bytes() == made
        # A copy made anew there is recorded as made there; the other entry stays as it was.
        (project / "seeds" / "a.txt").write_text(DIRTY + "\nMore news.\n", encoding="utf-8")
        code, err = run(capsys, "clean")
        assert code == ExitCode.OK and "1 written" in err and "1 unchanged" in err
    before, after = (json.loads(data)["files"] for data in (made, book.read_bytes()))
    assert after["sub/b.txt"] == before["sub/b.txt"]
    assert after["a.txt"]["runtime"] != before["a.txt"]["runtime"]
    err = run(capsys, "clean")[1]  # back here, that copy is checked, the other skipped
    assert f"1 {SKIPPED}" in err and "1 unchanged" in err


def test_the_summary_counts_only_the_changes_in_copies_it_writes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = run(capsys, "clean")[1]
    assert "2 written" in err and "changes: boilerplate 2" in err
    err = run(capsys, "clean", "--force")[1]
    assert "2 unchanged" in err and "changes:" not in err, err
    (project / "cleaned" / "a.txt").unlink()
    err = run(capsys, "clean", "--force")[1]
    assert "1 unchanged" in err and "1 written" in err and "changes: boilerplate 1" in err
    err = run(capsys, "clean", "--diff")[1]  # a diff shows every change: so does its summary
    assert "changes: boilerplate 2" in err


def test_the_committed_manifest_is_the_one_the_readme_command_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's first command on a fresh clone must leave `git status` clean: a change
    # to the code that shapes the copies calls for `cleaner clean` and a commit of the
    # manifest it writes.
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "cleaned", tmp_path / "cleaned")
    monkeypatch.chdir(tmp_path)
    committed = (tmp_path / "cleaned" / NAME).read_bytes()
    assert main(["clean", "seeds", "--output", "cleaned"]) == ExitCode.OK
    assert (tmp_path / "cleaned" / NAME).read_bytes() == committed, (
        "cleaned/.cleaner-manifest.json is stale: run `cleaner clean` and commit it"
    )
