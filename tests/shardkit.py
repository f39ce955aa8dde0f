"""Shards written at test time (and by bench/shards.py): JSONL, gzipped JSONL, Parquet and
WARC, from rows or pages, and read back; articles that cleaning changes, to fill them."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

SKIPPED = "skipped (unchanged since the last run)"

# Articles with what cleaning repairs (boilerplate, spin, a fused word, a missing space,
# an entity, trailing spaces) and one it leaves alone.
ARTICLES = (
    "Storm hits coast\n\nA storm brought heavy rain to the coast on Monday.The roads were "
    "closed by noon.  \n\nTop Stories Today\n",
    "Talks resume\n\nThe White Home said talks would resume on Friday, and officials "
    "agreed.\n\nBack to Politics\n",
    "Markets rally\n\nShares rose &amp; bonds fell as investors weighed the figures "
    "andthe outlook for the year.\n",
    "Quiet day\n\nNothing much happened in the village, where the fete went ahead as planned.\n",
)


def articles(count: int) -> list[str]:
    """`count` articles, each made distinct by a numbered sentence."""
    return [
        ARTICLES[i % len(ARTICLES)] + f"\nReport number {i} was filed late in the day.\n"
        for i in range(count)
    ]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any] | str]) -> Path:
    """Rows as JSON lines (a str is written as it is: a line that is not a row); gzipped
    if the name ends in .gz."""
    lines = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)
    data = lines.encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def write_parquet(path: Path, rows: Sequence[dict[str, Any]], row_group_size: int = 1000) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(list(rows)), path, row_group_size=row_group_size)
    return path


def read_parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def page(text: str) -> str:
    """An article as a web page: its paragraphs in <p>, with a nav bar around them."""
    paragraphs = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n") if p.strip())
    return (
        "<!DOCTYPE html><html><head><title>News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>\n"
        f"<article>{paragraphs}</article></body></html>\n"
    )


def warc_record(kind: str, uri: str, number: int, payload: bytes, http_type: str = "") -> bytes:
    """One WARC record; `http_type`, for a response, is its HTTP Content-Type."""
    if kind == "response":
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {http_type}\r\n"
        payload = f"{head}Content-Length: {len(payload)}\r\n\r\n".encode() + payload
        content = "application/http; msgtype=response"
    elif kind == "request":
        content = "application/http; msgtype=request"
    else:
        content = "application/warc-fields"
    header = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-05-0{1 + number % 9}T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
        f"Content-Type: {content}\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return header.encode() + payload + b"\r\n\r\n"


def write_warc(path: Path, pages: Sequence[str], extras: bool = True) -> Path:
    """Each page as an HTML response, after its request record; with `extras`, a
    warcinfo record first and a JSON response last, which are not pages. A .gz archive
    holds each record in a gzip member of its own, as crawlers write them."""
    records = []
    if extras:
        records.append(warc_record("warcinfo", "", 0, b"software: test\r\n"))
    for i, text in enumerate(pages):
        uri = f"https://news.example/{i}"
        records.append(warc_record("request", uri, 2 * i + 1, b"GET / HTTP/1.1\r\n\r\n"))
        body = text.encode("utf-8")
        records.append(warc_record("response", uri, 2 * i + 2, body, "text/html; charset=utf-8"))
    if extras:
        records.append(
            warc_record("response", "https://news.example/api", 99, b"{}", "application/json")
        )
    gz = path.name.endswith(".gz")
    path.write_bytes(b"".join(gzip.compress(r) if gz else r for r in records))
    return path


def rows_for(texts: list[str]) -> list[dict[str, Any]]:
    return [
        {"id": f"doc-{i}", "text": text, "views": i * 10, "tags": ["news", str(i)]}
        for i, text in enumerate(texts)
    ]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".tmp")
    }


def kill_once_recorded(running: subprocess.Popen[Any], manifest: Path, shards: int) -> int:
    """SIGKILL the run once its manifest records `shards` shards; how many it recorded."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and running.poll() is None:
        if manifest.is_file() and len(json.loads(manifest.read_text())["files"]) >= shards:
            break
        time.sleep(0.02)
    if running.poll() is not None:
        pytest.skip("the run ended before it could be killed (a fast machine)")
    os.kill(running.pid, signal.SIGKILL)
    running.communicate()
    return len(json.loads(manifest.read_text())["files"])
