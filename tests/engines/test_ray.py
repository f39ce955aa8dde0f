"""`--engine ray` on a real cluster of two nodes (a head and a worker, started here on this
machine): the same shards, tallies and manifest, byte for byte, as the local engine; a
killed run resumed; a bad row reported; and CleanBatch in a pipeline of one's own."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("ray.data")
pytest.importorskip("fastwarc")

from shardkit import (
    SKIPPED,
    articles,
    kill_once_recorded,
    page,
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


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The address of a Ray cluster of two nodes with one CPU each."""
    from ray.cluster_utils import Cluster

    nodes = Cluster(
        initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False}
    )
    try:
        nodes.add_node(num_cpus=1)
        nodes.wait_for_nodes()
        yield nodes.address
    finally:
        nodes.shutdown()


def shards(folder: Path, rows: int = 40) -> Path:
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", rows_for(articles(rows)))
    write_jsonl(folder / "b.jsonl.gz", rows_for(articles(rows + 3)))
    write_jsonl(folder / "bad.jsonl", [{"id": "x", "text": "Fine.\\n"}, {"id": "y"}])
    write_parquet(folder / "c.parquet", rows_for(articles(rows + 5)), row_group_size=16)
    write_warc(folder / "d.warc.gz", [page(t) for t in articles(rows // 4)])
    return folder


def ray_clean(address: str, *argv: str, cwd: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "cleaner", "clean", *argv, "--engine", "ray"]
    return subprocess.Popen(
        [*command, "--address", address], cwd=cwd, stderr=subprocess.PIPE, text=True
    )


def test_ray_writes_what_the_local_engine_writes(cluster: str, tmp_path: Path) -> None:
    shards(tmp_path / "in")
    assert main(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "local")]) == ExitCode.FAILED
    running = ray_clean(cluster, "in", "-o", "ray", cwd=tmp_path)
    _, err = running.communicate(timeout=300)
    assert running.returncode == ExitCode.FAILED, err
    assert "bad.jsonl: 1 of 2 row(s) not cleaned" in err
    assert "line 2 (id 'y'): invalid: no field 'text'" in err
    assert "shards: 5" in err
    local, ray = snapshot(tmp_path / "local"), snapshot(tmp_path / "ray")
    assert set(local) == set(ray) and NAME in ray and "c.parquet.tally.json" in ray
    assert local == ray
    # By URI (as s3:// would be), each actor reading and writing through pyarrow.
    uri, out = (tmp_path / "in").as_uri(), (tmp_path / "by-uri").as_uri()
    running = ray_clean(cluster, uri, "-o", out, cwd=tmp_path)
    _, err = running.communicate(timeout=300)
    assert running.returncode == ExitCode.FAILED, err
    assert f"{uri}/bad.jsonl: 1 of 2 row(s) not cleaned" in err
    assert snapshot(tmp_path / "by-uri") == local


def test_a_killed_ray_run_resumes(cluster: str, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for n in range(6):
        write_jsonl(tmp_path / "in" / f"p{n}.jsonl", rows_for(articles(300)))
    running = ray_clean(cluster, "in", "-o", "out", cwd=tmp_path)
    done = kill_once_recorded(running, tmp_path / "out" / NAME, 1)
    assert 1 <= done < 6
    again = ray_clean(cluster, "in", "-o", "out", cwd=tmp_path)
    _, err = again.communicate(timeout=300)
    assert again.returncode == ExitCode.OK, err
    assert f"{done} {SKIPPED}" in err
    # An actor of the killed run may have finished its shard since: it is found whole.
    written = re.search(r"(\d+) written", err)
    unchanged = re.search(r"(\d+) unchanged", err)
    assert sum(int(m.group(1)) for m in (written, unchanged) if m) == 6 - done
    assert main(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "local")]) == ExitCode.OK
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "local")


def test_clean_dataset_in_a_pipeline_of_ones_own(cluster: str, tmp_path: Path) -> None:
    import ray

    from cleaner.engines.ray import clean_dataset

    shard = write_parquet(tmp_path / "c.parquet", [*rows_for(articles(30)), {"id": "z"}])
    assert main(["clean", str(shard), "-o", str(tmp_path / "local")]) == ExitCode.FAILED
    expected = {r["id"]: r for r in read_parquet(tmp_path / "local" / "c.parquet")}
    ray.init(address=cluster, logging_level="ERROR")
    try:
        # Without the defaults, two one-CPU actors on these two CPUs would starve the read.
        rows = clean_dataset(ray.data.read_parquet(str(shard))).take_all()
    finally:
        ray.shutdown()
    assert {r["id"]: r for r in rows} == expected
