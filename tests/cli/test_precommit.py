"""The hooks under the real pre-commit framework, in throwaway git repositories.

pre-commit installs a hook repository from a commit, so the hook repository here is a
commit of this working tree as it is (committed or not), made in a temporary folder: the
tests run the code under test, in a fresh clone as in a developer's checkout. pre-commit
installs it once (with pip, from PyPI) into a PRE_COMMIT_HOME shared by this module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, clean

from cleaner.batch.manifest import NAME
from cleaner.pipeline import Pipeline

DIRTY = (
    "Title here\n\nA real paragraph about the economy and the markets today.\nTop Stories Today\n"
)
CLEAN = "Title here\n\nA real paragraph about the economy and the markets today.\n"


@dataclass(frozen=True)
class HookRepo:
    path: Path
    rev: str
    env: dict[str, str]


def git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def working_tree_files() -> list[str]:
    """This checkout's files as a commit of it would hold them (tracked or new, not ignored)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if listed.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout: {listed.stderr.strip()}")
    return [name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HookRepo]:
    files = working_tree_files()
    base = tmp_path_factory.mktemp("precommit")
    (base / "gitconfig").write_text("", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(base / "cache"),
        "GIT_CONFIG_GLOBAL": str(base / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    repo = base / "hook-repo"
    for name in files:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "working tree")):
        done = git(repo, env, *args)
        assert done.returncode == 0, done.stderr
    rev = git(repo, env, "rev-parse", "HEAD").stdout.strip()
    hook = HookRepo(repo, rev, env)
    # Installing the hook environment takes most of this module's time; do it once, here.
    warm = user_repo(base / "warm-up", hook, "cleaner", "cleaner-check")
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install-hooks"],
        cwd=warm,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    yield hook


def user_repo(path: Path, hook: HookRepo, *hook_ids: str) -> Path:
    """A git repository using the hooks, installed as its git pre-commit hook."""
    path.mkdir(parents=True)
    hooks = "".join(f"      - id: {name}\n" for name in hook_ids)
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook.path}\n    rev: {hook.rev}\n    hooks:\n{hooks}",
        encoding="utf-8",
    )
    assert git(path, hook.env, "init", "-q").returncode == 0
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=path,
        env=hook.env,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    assert git(path, hook.env, "add", ".pre-commit-config.yaml").returncode == 0
    return path


def commit(repo: Path, hook: HookRepo, *paths: str) -> tuple[int, str]:
    """`git add PATHS` and `git commit`: its exit code and what pre-commit printed."""
    assert git(repo, hook.env, "add", *paths).returncode == 0
    done = git(repo, hook.env, "commit", "-m", "change")
    return done.returncode, done.stdout + done.stderr


def write(repo: Path, name: str, text: str) -> None:
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text, encoding="utf-8")


def status(repo: Path, hook: HookRepo) -> str:
    return git(repo, hook.env, "status", "--porcelain").stdout


def test_a_dirty_seed_fails_with_its_clean_copy_then_passes_staged(
    hook_repo: HookRepo, tmp_path: Path, pipeline: Pipeline
) -> None:
    repo = user_repo(tmp_path / "repo", hook_repo, "cleaner")
    write(repo, "seeds/2024/a.txt", DIRTY)
    code, out = commit(repo, hook_repo, "seeds")
    assert code != 0 and "Failed" in out and "review and stage" in out, out
    copy = repo / "cleaned" / "2024" / "a.txt"
    assert copy.read_text(encoding="utf-8") == clean(pipeline, DIRTY)
    assert "Top Stories Today" not in copy.read_text(encoding="utf-8")
    code, out = commit(repo, hook_repo, "cleaned")
    assert code == 0, out
    assert status(repo, hook_repo) == ""
    committed = git(repo, hook_repo.env, "ls-files", "cleaned").stdout.split()
    assert committed == ["cleaned/.cleaner-manifest.json", "cleaned/2024/a.txt"]


def test_a_clean_seed_with_its_copy_passes_at_once(
    hook_repo: HookRepo, tmp_path: Path, pipeline: Pipeline
) -> None:
    assert clean(pipeline, CLEAN) == CLEAN
    repo = user_repo(tmp_path / "repo", hook_repo, "cleaner")
    write(repo, "seeds/b.txt", CLEAN)
    write(repo, "cleaned/b.txt", CLEAN)
    code, out = commit(repo, hook_repo, "seeds", "cleaned")
    assert code == 0 and "Passed" in out, out
    assert status(repo, hook_repo) == "" and not (repo / "cleaned" / NAME).exists()


def test_a_file_outside_seeds_is_ignored(hook_repo: HookRepo, tmp_path: Path) -> None:
    repo = user_repo(tmp_path / "repo", hook_repo, "cleaner")
    write(repo, "notes/c.txt", DIRTY)
    code, out = commit(repo, hook_repo, "notes")
    assert code == 0, out
    assert not (repo / "cleaned").exists()


def test_the_check_hook_fails_on_a_stale_copy_and_writes_nothing(
    hook_repo: HookRepo, tmp_path: Path
) -> None:
    repo = user_repo(tmp_path / "repo", hook_repo, "cleaner-check")
    write(repo, "seeds/d.txt", DIRTY)
    write(repo, "cleaned/d.txt", DIRTY)
    code, out = commit(repo, hook_repo, "seeds", "cleaned")
    assert code != 0 and "cleaned/d.txt: stale" in out, out
    assert (repo / "cleaned" / "d.txt").read_text(encoding="utf-8") == DIRTY
    staged = [".pre-commit-config.yaml", "cleaned/d.txt", "seeds/d.txt"]
    assert status(repo, hook_repo).splitlines() == [f"A  {name}" for name in staged]
