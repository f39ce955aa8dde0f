"""The HTML report, per-rule counts in the JSON report, and coloured `explain`."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from cleaner.batch import Job, clean_files
from cleaner.cli import main
from cleaner.cli.console import ExitCode
from cleaner.pipeline import Pipeline
from cleaner.reports import explain as report
from cleaner.reports.html import attribute, diff_rows, word_diff
from cleaner.ruleset import load_rules

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
HOSTILE = (
    f"A title {SCRIPT}\n\n"
    f"A real paragraph about the economy {ATTRIBUTE} and the markets today.   \n\n"
    f"The minister spoke to reporters about {SCRIPT} and the budget on Tuesday, as she had"
    " promised.\n\n"
    "More To Read\n"
    f"- Markets rally {SCRIPT}\n"
    f"- Another headline {ATTRIBUTE}\n\n"
    f"The minister spoke to reporters about {SCRIPT} and the budget on Tuesday, as she had"
    " promised.\n"
)
# Every element the report may contain; anything else came from document text.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "input", "header", "h1", "h2", "h3",
    "h4", "p", "div", "nav", "label", "span", "main", "section", "table", "thead", "tbody",
    "tr", "th", "td", "a", "b", "details", "summary", "del", "ins", "ul", "li",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, object]]:
    """The HTML and JSON reports of a folder with a hostile file (text and name) and a clean one."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"{ATTRIBUTE}.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "in" / "clean.txt").write_text("A clean line of article text.\n", encoding="utf-8")
    args = ["clean", "in", "-o", "out", "--html-report", "r.html", "--report", "r.json"]
    assert main(args) == ExitCode.OK
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    return page, json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))


def test_hostile_text_is_escaped_everywhere(hostile: tuple[str, dict[str, object]]) -> None:
    page, _ = hostile
    parser = _Tags()
    parser.feed(page)
    assert {tag for tag, _ in parser.tags} <= TAGS
    assert not [name for _, attrs in parser.tags for name, _ in attrs if name.startswith("on")]
    assert "<script" not in page and "<img" not in page
    text = "".join(parser.text)
    # The hostile text is shown as text: removed, kept and in the file name.
    assert text.count(SCRIPT) >= 3 and text.count(ATTRIBUTE) >= 2
    assert "script-src" not in page and "default-src 'none'" in page


def test_page_structure_labels_every_change(hostile: tuple[str, dict[str, object]]) -> None:
    page, data = hostile
    soup = BeautifulSoup(page, "html.parser")
    files = data["files"]
    assert isinstance(files, list)
    sections = {s.select_one(".path").get_text(): s for s in soup.select("#files details.file")}
    assert sorted(sections) == sorted(f["output"] for f in files)
    for entry in files:
        section = sections[entry["output"]]
        assert section.has_attr("open") == bool(entry["changes"])
        assert (section.parent.name == "details") == (not entry["changes"])  # folded together
        tags = [t.get_text() for t in section.select(".tag")]
        assert Counter(tags) == Counter(c["rule"] for c in entry["changes"])
    kinds = {k for row in soup.select(".row") for k in row["class"]}
    assert {"same", "del", "edit"} <= kinds
    for box in soup.select("input.toggle"):
        stage = box["id"].removeprefix("show-")
        assert soup.select_one(f'nav label[for="show-{stage}"]') is not None
        assert soup.select(f".f-{stage}")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_diff_rows_rebuild_both_texts_and_account_for_every_change(
    pipeline: Pipeline, seed: Path
) -> None:
    (result,) = clean_files(pipeline, [Job(seed, Path(seed.name))])
    assert result.original == seed.read_text(encoding="utf-8").replace("\r\n", "\n")
    rows = diff_rows(result.original, result.text)
    assert [r.old for r in rows if r.kind != "ins"] == result.original.splitlines()
    assert [r.new for r in rows if r.kind != "del"] == result.text.splitlines()
    loose = attribute(rows, result.changes)
    tied = [c for r in rows for c in r.changes]
    assert sorted(map(id, tied + loose)) == sorted(map(id, result.changes))
    assert all(r.kind != "same" for r in rows if r.changes)


def test_word_diff_marks_words_and_escapes() -> None:
    html = word_diff("East Africa.The <b>two</b>", "East Africa. The <b>two</b>")
    assert html == "East <del>Africa.The</del><ins>Africa. The</ins> &lt;b&gt;two&lt;/b&gt;"
    assert word_diff("end  ", "end") == 'end<del class="ws">␣␣</del>'


def test_json_counts_per_rule_and_lists_unused_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "boilerplate.txt").write_text("line zzz never seen\n", encoding="utf-8")
    args = ["clean", "seeds", "-o", "out", "--rules", "extra", "--report", "r.json"]
    assert main(args) == ExitCode.OK
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    summary = data["summary"]
    changes = [c for f in data["files"] for c in f["changes"]]
    assert summary["per_rule"] == dict(Counter(c["rule"] for c in changes))
    assert sum(summary["per_rule"].values()) == sum(summary["per_stage"].values()) == len(changes)
    assert all(c["rule"].startswith(c["stage"] + ":") for c in changes)
    loaded = load_rules([tmp_path / "extra"])
    ids = {r.rule_id for r in loaded.boilerplate} | {r.rule_id for r in loaded.spin}
    unused = summary["unused_rules"]
    assert "boilerplate:zzz-never-seen" in unused and unused == sorted(unused)
    assert set(unused) == ids - set(summary["per_rule"])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _explain(path: Path, monkeypatch: pytest.MonkeyPatch, out: io.StringIO) -> str:
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["explain", str(path)]) == ExitCode.OK
    return out.getvalue()


@pytest.mark.parametrize("seed", SEEDS[3:], ids=lambda p: p.name[:3])
def test_explain_is_coloured_on_a_terminal_and_plain_when_piped(
    seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    plain = _explain(seed, monkeypatch, io.StringIO())
    coloured = _explain(seed, monkeypatch, _Terminal())
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_coloured_explain_prints_brackets_in_text_as_is(pipeline: Pipeline, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text [bold]x[/bold] here.  \n", encoding="utf-8")
    (result,) = clean_files(pipeline, [Job(tmp_path / "a.txt", Path("a.txt"))])
    out = _Terminal()
    report.explain(result, out, colour=True)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert "tidy:trailing-space" in shown
    assert "+ Text [bold]x[/bold] here.\n" in shown


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False
    )


@needs_chromium
def test_browser_renders_the_seeds_report(
    pipeline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    assert main(["clean", "seeds", "-o", "out", "--html-report", "seeds.html"]) == ExitCode.OK
    url = (tmp_path / "seeds.html").as_uri()
    shot = tmp_path / "seeds.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", url)
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1280, 2000)
    assert len(png) > 100_000  # a page of text and colour, not a blank one
    dom = BeautifulSoup(_chromium(tmp_path, "--dump-dom", url).stdout, "html.parser")
    assert len(dom.select("#files details.file")) == len(SEEDS)
    assert len(dom.select("#files .tag")) == sum(
        len(next(clean_files(pipeline, [Job(s, Path(s.name))])).changes) for s in SEEDS
    )


@needs_chromium
def test_browser_runs_nothing_from_hostile_text(
    hostile: tuple[str, dict[str, object]], tmp_path: Path
) -> None:
    dom = BeautifulSoup(
        _chromium(tmp_path, "--dump-dom", (tmp_path / "r.html").as_uri()).stdout, "html.parser"
    )
    assert dom.select("#files details.file")
    assert not dom.find_all(["script", "img", "iframe", "object"])
    assert SCRIPT in dom.get_text()
