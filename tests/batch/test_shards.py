"""Shards in and out: each input shard (JSONL, gzipped JSONL, Parquet, WARC) becomes an
output shard of the same name and format, its texts exactly the clean copies `cleaner
clean` makes of them as files, every other field kept; a bad row is that row's status; a
re-run skips finished shards, and a killed one resumes; memory does not grow with a shard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from shardkit import (
    SKIPPED,
    articles,
    kill_once_recorded,
    page,
    read_jsonl,
    read_parquet,
    rows_for,
    snapshot,
    write_jsonl,
    write_parquet,
    write_warc,
)

from cleaner.batch.manifest import NAME
from cleaner.cli import main
from cleaner.cli.console import ExitCode
from cleaner.shards import FIELDS, Tally, read_tally


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def as_files(folder: Path, texts: list[str], suffix: str = ".txt") -> list[str]:
    """The clean copies `cleaner clean` makes of `texts` written as files, in order."""
    source, out = folder / "files", folder / "files-out"
    source.mkdir()
    for i, text in enumerate(texts):
        (source / f"{i:05}{suffix}").write_text(text, encoding="utf-8")
    assert main(["clean", str(source), "--output", str(out)]) == ExitCode.OK
    return [(out / f"{i:05}.txt").read_text(encoding="utf-8") for i in range(len(texts))]


@pytest.mark.parametrize("name", ["part.jsonl", "part.jsonl.gz", "part.parquet"])
def test_a_shard_is_cleaned_as_its_texts_would_be_as_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    texts = articles(12)
    expected = as_files(tmp_path, texts)
    (tmp_path / "in").mkdir()
    rows = rows_for(texts)
    if name.endswith(".parquet"):
        write_parquet(tmp_path / "in" / name, rows, row_group_size=5)
    else:
        write_jsonl(tmp_path / "in" / name, rows)
    code, err = run(capsys, "clean", str(tmp_path / "in"), "--output", str(tmp_path / "out"))
    assert code == ExitCode.OK, err
    read = read_parquet if name.endswith(".parquet") else read_jsonl
    cleaned = read(tmp_path / "out" / name)
    assert [row["text"] for row in cleaned] == expected
    assert any(text != clean for text, clean in zip(texts, expected, strict=True))
    for before, after in zip(rows, cleaned, strict=True):
        assert list(after)[: len(before)] == list(before)  # fields kept, in their order
        assert {k: v for k, v in after.items() if k != "text" and k not in FIELDS} == {
            k: v for k, v in before.items() if k != "text"
        }
        assert after["cleaner_status"] == "ok" and after["cleaner_message"] == ""
        assert after["cleaner_language"] == "en" and after["cleaner_spin"] is not None
        changes = json.loads(after["cleaner_changes"])
        assert (changes == []) == (before["text"] == after["text"])
        assert all({"stage", "rule", "before", "after"} <= set(c) for c in changes)
    tally = read_tally(tmp_path / "out" / name)
    assert tally is not None and tally.rows == 12 and tally.status == {"ok": 12}
    fired = Counter(c["rule"] for row in cleaned for c in json.loads(row["cleaner_changes"]))
    assert tally.rules == fired and tally.stages["spin"] == 3  # "The White Home", thrice


def test_gzip_output_is_reproducible_and_a_clean_shard_is_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl.gz", rows_for(articles(6)))
    run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "one"))
    time.sleep(1.1)  # a gzip header with a time in it would now differ
    run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "two"))
    first = (tmp_path / "one" / "a.jsonl.gz").read_bytes()
    assert first == (tmp_path / "two" / "a.jsonl.gz").read_bytes()
    # Cleaning the clean shard again changes no text (idempotent).
    code, _ = run(capsys, "clean", str(tmp_path / "one"), "-o", str(tmp_path / "three"))
    assert code == ExitCode.OK
    again = read_jsonl(tmp_path / "three" / "a.jsonl.gz")
    assert [r["text"] for r in again] == [
        r["text"] for r in read_jsonl(tmp_path / "one" / "a.jsonl.gz")
    ]
    assert all(r["cleaner_changes"] == "[]" for r in again)


def test_warc_pages_become_jsonl_rows_cleaned_as_html_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("fastwarc")
    pages = [page(text) for text in articles(5)]
    expected = as_files(tmp_path, pages, ".html")
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "crawl.warc.gz", pages)
    write_warc(tmp_path / "in" / "plain.warc", pages[:2], extras=False)
    code, err = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert code == ExitCode.OK, err
    rows = read_jsonl(tmp_path / "out" / "crawl.jsonl.gz")
    assert [row["text"] for row in rows] == expected
    assert [row["url"] for row in rows] == [f"https://news.example/{i}" for i in range(5)]
    assert rows[0]["date"] == "2024-05-03T10:00:00Z" and rows[0]["id"].startswith("<urn:uuid:")
    assert [row["text"] for row in read_jsonl(tmp_path / "out" / "plain.jsonl")] == expected[:2]
    tally = read_tally(tmp_path / "out" / "crawl.jsonl.gz")
    # warcinfo, five requests and the JSON response are not pages.
    assert tally is not None and tally.rows == 5 and tally.skipped_records == 7
    # ... and the two requests of plain.warc.
    assert "WARC records that are not HTML responses, left out: 9" in err


def test_a_bad_row_is_its_own_status_never_a_lost_shard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = articles(4)
    rows: list[dict[str, Any] | str] = [
        {"id": "a", "text": texts[0]},
        {"id": "b", "body": "no text field"},
        {"id": "c", "text": 42},
        "{this is not json",
        {"id": "d", "text": None},
        "[1, 2]",
        {"id": "e", "text": texts[1]},
    ]
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "bad.jsonl", rows)
    code, err = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert code == ExitCode.FAILED
    assert "bad.jsonl: 5 of 7 row(s) not cleaned" in err
    assert "line 2 (id 'b'): invalid: no field 'text'" in err
    assert "line 3 (id 'c'): invalid: field 'text' is int, not text" in err
    assert "line 4: invalid: not JSON" in err and "line 6: invalid: not a JSON object" in err
    out = read_jsonl(tmp_path / "out" / "bad.jsonl")
    assert [r["cleaner_status"] for r in out] == ["ok"] + ["invalid"] * 5 + ["ok"]
    assert out[1]["body"] == "no text field" and "text" not in out[1]
    assert out[2]["text"] == 42 and out[4]["text"] is None
    assert out[3]["cleaner_raw"] == "{this is not json"
    assert out[6]["text"] == as_files(tmp_path, [texts[1]])[0]
    if pytest.importorskip("pyarrow"):
        write_parquet(
            tmp_path / "pq.parquet", [{"id": "x", "text": texts[0]}, {"id": "y", "text": None}]
        )
        code, err = run(capsys, "clean", str(tmp_path / "pq.parquet"), "-o", str(tmp_path / "o2"))
        assert code == ExitCode.FAILED and "row 2 (id 'y'): invalid: field 'text' is null" in err
        assert [r["cleaner_status"] for r in read_parquet(tmp_path / "o2" / "pq.parquet")] == [
            "ok",
            "invalid",
        ]
    # A shard that cannot be read at all is an error of that shard; the others are written.
    (tmp_path / "in" / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    code, err = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "o3"))
    assert code == ExitCode.FAILED and "broken.jsonl.gz: cannot read or write it" in err
    assert (tmp_path / "o3" / "bad.jsonl").is_file()
    assert not (tmp_path / "o3" / "broken.jsonl.gz").exists()
    assert not [p for p in (tmp_path / "o3").iterdir() if p.name.endswith(".tmp")]


def test_a_rerun_skipping_a_shard_with_bad_rows_says_so_and_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "bad.jsonl", [{"id": "x", "text": "Fine.\n"}, {"id": "y"}])
    write_jsonl(tmp_path / "in" / "good.jsonl", rows_for(articles(2)))
    argv = ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out")]
    code, err = run(capsys, *argv)
    assert code == ExitCode.FAILED and "bad.jsonl: 1 of 2 row(s) not cleaned" in err
    assert "not cleaned again" not in err
    # Nothing is cleaned again: the run succeeds, and says what the skipped shards hold.
    for again in (argv, [*argv, "--check"], [*argv, "--report", str(tmp_path / "r.json")]):
        code, err = run(capsys, *again)
        assert code == ExitCode.OK, err
        assert f"2 {SKIPPED}" in err and "row(s) not cleaned" not in err
        assert "bad rows in shards not cleaned again: 1 in 1 shard(s)" in err
        assert "shards: 2, rows: 4 (1 invalid, 3 ok)" in err
    # Cleaned again (forced, or its input changed), the shard fails again.
    code, err = run(capsys, *argv, "--force")
    assert code == ExitCode.FAILED and "line 2 (id 'y'): invalid" in err
    assert "not cleaned again" not in err


def test_text_and_id_fields_are_chosen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texts = articles(3)
    write_jsonl(
        tmp_path / "a.jsonl", [{"key": i, "body": t} for i, t in enumerate(texts)] + [{"key": 9}]
    )
    code, err = run(
        capsys, "clean", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "out"),
        "--text-field", "body", "--id-field", "key",
    )  # fmt: skip
    assert code == ExitCode.FAILED and "line 4 (id 9): invalid: no field 'body'" in err
    out = read_jsonl(tmp_path / "out" / "a.jsonl")
    assert [r["body"] for r in out[:3]] == as_files(tmp_path, texts)


def test_runs_are_resumed_summed_and_the_same_for_every_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    for n in range(4):
        where = tmp_path / "in" / ("sub" if n % 2 else "") / f"p{n}.jsonl"
        write_jsonl(where, rows_for(articles(10 + n)))
    write_jsonl(tmp_path / "in" / "bad.jsonl", [{"id": "z"}])
    report = tmp_path / "report.json"
    code, err = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "one"),
                    "--report", str(report))  # fmt: skip
    assert code == ExitCode.FAILED and "shards: 5, rows: 47 (1 invalid, 46 ok)" in err
    first = json.loads(report.read_text(encoding="utf-8"))["shards"]
    assert first["summary"]["rows"] == 47 and first["summary"]["languages"] == {"en": 46}
    assert sum(first["summary"]["spin_histogram"].values()) == 46
    assert first["summary"]["per_stage"]["boilerplate"] > 0
    fired = set(first["summary"]["per_rule"])
    unused = set(json.loads(report.read_text(encoding="utf-8"))["summary"]["unused_rules"])
    assert fired & {r for r in fired if not r.startswith(("tidy", "spelling", "unicode"))}
    assert not fired & unused and unused
    assert len(first["files"]) == 5
    # A re-run skips every shard, and sums the same report from the tallies beside them.
    code, err = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "one"),
                    "--report", str(report))  # fmt: skip
    assert f"5 {SKIPPED}" in err
    assert json.loads(report.read_text(encoding="utf-8"))["shards"]["summary"] == first["summary"]
    # --jobs 2 writes the same bytes.
    run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "two"), "--jobs", "2")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    # A changed shard is cleaned again; an output shard edited by hand too.
    write_jsonl(tmp_path / "in" / "p0.jsonl", rows_for(articles(3)))
    (tmp_path / "one" / "sub" / "p1.jsonl").write_text("{}\n", encoding="utf-8")
    code, err = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "one"))
    assert f"3 {SKIPPED}" in err and "2 written" in err


@pytest.mark.parametrize("size", [3_000, 20_000])
def test_jobs_share_one_big_shard_by_spans_with_the_same_bytes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    size: int,
) -> None:
    from cleaner.shards import pieces

    pytest.importorskip("pyarrow")
    monkeypatch.setattr(pieces, "PIECE_BYTES", size)
    (tmp_path / "in").mkdir()
    rows: list[dict[str, Any] | str] = [*rows_for(articles(300))]
    rows[7], rows[150], rows[299] = {"id": "x"}, "not json", ""  # bad rows, a blank line
    write_jsonl(tmp_path / "in" / "a.jsonl", rows)
    write_jsonl(tmp_path / "in" / "b.jsonl.gz", rows)  # cannot be cut: cleaned whole
    # Row groups of 100 rows, which spans of a multiple of 512 rows cut across.
    good = [r for r in rows if isinstance(r, dict)]
    write_parquet(tmp_path / "in" / "c.parquet", good * 4, row_group_size=100)
    assert len(pieces.spans(tmp_path / "in" / "a.jsonl")) > 2
    assert len(pieces.spans(tmp_path / "in" / "c.parquet")) >= 2
    assert pieces.spans(tmp_path / "in" / "b.jsonl.gz") == []
    one = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "one"), "--jobs", "1")
    two = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "two"), "--jobs", "2")
    assert one[0] == two[0] == ExitCode.FAILED
    assert "a.jsonl: line 8 (id 'x'): invalid: no field 'text'" in two[1]
    assert "a.jsonl: line 151: invalid: not JSON" in two[1]
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert [p.name for p in (tmp_path / "two").iterdir() if p.name.startswith(".cleaner-p")] == []


def test_shards_are_read_and_written_by_uri(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through pyarrow's file systems, as s3:// would be: here file://, on this machine."""
    pytest.importorskip("pyarrow")
    pytest.importorskip("fastwarc")
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    write_jsonl(source / "a.jsonl", rows_for(articles(30)))
    write_jsonl(source / "sub" / "b.jsonl.gz", rows_for(articles(20)))
    write_parquet(source / "sub" / "c.parquet", rows_for(articles(25)), row_group_size=8)
    write_warc(source / "d.warc.gz", [page(t) for t in articles(6)])
    write_jsonl(source / "bad.jsonl", [{"id": "x", "text": "Fine.\n"}, {"id": "y"}])
    local = run(capsys, "clean", str(source), "-o", str(tmp_path / "local"))
    uri, out = source.as_uri(), (tmp_path / "out").as_uri()
    for jobs, outcome in (("1", "5 written"), ("2", "5 unchanged")):
        code, err = run(capsys, "clean", uri, "-o", out, "--jobs", jobs, "--force")
        assert code == local[0] == ExitCode.FAILED
        assert f"{uri}/bad.jsonl: 1 of 2 row(s) not cleaned" in err and outcome in err
        assert snapshot(tmp_path / "out") == snapshot(tmp_path / "local")
    # The manifest and tallies are read there too: a re-run skips every shard.
    code, err = run(capsys, "clean", uri, "-o", out)
    assert code == ExitCode.OK and f"5 {SKIPPED}" in err
    code, err = run(capsys, "clean", f"{uri}/sub/c.parquet", str(source / "a.jsonl"),
                    "-o", (tmp_path / "two").as_uri())  # fmt: skip
    assert code == ExitCode.OK, err
    two, whole = snapshot(tmp_path / "two"), snapshot(tmp_path / "local")
    for name in ("a.jsonl", "c.parquet", "c.parquet.tally.json"):  # a file keeps its name
        assert two[name] == whole[name if name.startswith("a.") else f"sub/{name}"]
    (source / "note.txt").write_text("A plain file.\n", encoding="utf-8")
    for argv, said in (
        ([str(source), "-o", out], "only shards are written to a URI"),
        ([f"{uri}/note.txt", "-o", out], "note.txt: not a shard"),
        ([f"{uri}/gone", "-o", out], "gone: no such file or folder"),
        ([uri, "-o", out, "--prune"], "--prune: orphans are looked for in a local folder"),
        ([uri, "-o", "nofs://x/y"], "nofs://x/y: pyarrow cannot open it"),
    ):
        code, err = run(capsys, "clean", *argv)
        assert code == ExitCode.USAGE and said in err, err
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_a_killed_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for n in range(6):
        write_jsonl(tmp_path / "in" / f"p{n}.jsonl", rows_for(articles(150)))
    command = [sys.executable, "-m", "cleaner", "clean", "in", "-o", "out"]
    running = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.DEVNULL)
    done = kill_once_recorded(running, tmp_path / "out" / NAME, 2)
    assert 2 <= done < 6
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"{done} {SKIPPED}" in again.stderr and f"{6 - done} written" in again.stderr
    subprocess.run([*command[:-1], "fresh"], cwd=tmp_path, check=True, capture_output=True)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "fresh")


# The peak of the process's own memory, read from /proc: getrusage's ru_maxrss would count
# the pages of the test process it was forked from, which stay counted across exec.
PEAK = """
import sys
from cleaner.cli import main
code = main(["clean", sys.argv[1], "-o", sys.argv[2]])
status = open("/proc/self/status").read()
print(code, next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM")))
"""


@pytest.mark.parametrize("name", ["big.jsonl", "big.parquet"])
def test_memory_stays_flat_whatever_the_shard_size(tmp_path: Path, name: str) -> None:
    """A shard twelve times as big takes no more memory to clean, beyond noise."""
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    if not Path("/proc/self/status").is_file():
        pytest.skip("reads peak memory from /proc (Linux)")
    # A cache folder of its own: one that another checkout's run makes stale would be
    # remade during the run, at a cost in memory that has nothing to do with shards.
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    peaks = []
    # The first fills the cache. The second holds several batches (BATCH_ROWS each) and
    # row groups already: the allocators' high-water mark rises over the first few batches
    # (by up to 30 MB for Parquet), and only from there on stays flat.
    for count in (20, 2000, 24000):
        folder = tmp_path / str(count)
        folder.mkdir()
        rows = [{"id": i, "text": t * 8} for i, t in enumerate(articles(count))]
        if name.endswith(".parquet"):
            write_parquet(folder / name, rows)
        else:
            write_jsonl(folder / name, rows)
        done = subprocess.run(
            [sys.executable, "-c", PEAK, str(folder / name), str(folder / "out")],
            capture_output=True, text=True, cwd=ROOT, check=True, env=env,
        )  # fmt: skip
        code, peak = done.stdout.split()
        assert code == "0", done.stderr
        peaks.append(int(peak) / 1024)
    _, small, big = peaks
    # Held whole, the 22,000 rows more (44 MB of text; as Python strings and Arrow arrays
    # twice that at least) would show far above the noise of pyarrow's and Python's
    # allocators, which keep what they took (ten MB or so either way from run to run).
    assert big < small + 30, f"peak {small:.0f} MiB for 2,000 rows, {big:.0f} MiB for 24,000"


def test_a_missing_extra_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.parquet").write_bytes(b"PAR1")
    probe = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "from cleaner.cli import main\n"
        f"sys.exit(main(['clean', {str(tmp_path / 'a.parquet')!r}, '-o', {str(tmp_path / 'o')!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == ExitCode.USAGE
    assert (
        "parquet shards need pyarrow, which is not installed: pip install 'cleaner[shards]'"
        in done.stderr
    )


def test_diff_and_explain_refuse_shards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_jsonl(tmp_path / "a.jsonl", rows_for(articles(1)))
    code, err = run(capsys, "explain", str(tmp_path / "a.jsonl"))
    assert code == ExitCode.USAGE and "is a shard; explain takes one document" in err
    code, err = run(capsys, "clean", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "o"), "--diff")
    assert code == ExitCode.USAGE and "--diff shows plain files, not shards" in err


def test_check_compares_shards_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_jsonl(tmp_path / "a.jsonl", rows_for(articles(3)))
    argv = ("clean", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "o"))
    code, err = run(capsys, *argv, "--check")
    assert code == ExitCode.CHANGED and "a.jsonl: missing" in err
    assert not (tmp_path / "o").exists()
    run(capsys, *argv)
    assert run(capsys, *argv, "--check", "--force")[0] == ExitCode.OK


def test_a_tally_merges_and_round_trips() -> None:
    one = Tally(shards=1, rows=2)
    one.status.update(ok=2)
    one.spin.update({"0": 2})
    two = Tally.loads(one.dumps())
    assert two == one
    two.merge(one)
    assert two.rows == 4 and two.shards == 2 and two.spin["0"] == 4


def test_the_html_report_shows_plain_files_and_not_shards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "rows.jsonl", rows_for(articles(2)))
    (tmp_path / "in" / "page.txt").write_text(articles(1)[0], encoding="utf-8")
    page = tmp_path / "report.html"
    code, err = run(capsys, "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                    "--html-report", str(page))  # fmt: skip
    assert code == ExitCode.OK, err
    html = page.read_text(encoding="utf-8")
    assert "page.txt" in html and "rows.jsonl" not in html
