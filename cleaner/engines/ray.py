"""Cleaning on a Ray cluster (`pip install 'cleaner[ray]'`).

Two entries:

- `run_shards`, behind `cleaner clean --engine ray`: a pool of Ray actors, each holding
  one Cleaner and cleaning whole shards with the very function the local engine runs
  (cleaner.batch.shard.clean_shard), so the output shards, tallies and manifest are the
  same byte for byte. The shards are paths on a file system every node sees.
- `CleanBatch`, for a pipeline of your own: a callable class for Dataset.map_batches
  over pyarrow batches, adding the same columns to each row as the shards get; and
  `clean_dataset`, which maps it over a Ray Data Dataset with safe defaults.

`run_shards` uses Ray's actors directly, not Ray Data: its work is a list of paths, each
read and written inside an actor, so Ray Data's planning, blocks and executor bring
nothing but their cost (importing ray.data alone takes half a CPU second in the driver
and in every actor; bench/shards.py measures the rest). The pool is one actor of one CPU
per CPU of the cluster, spread over the nodes; reading inside the actors, no read task
needs a CPU the actors hold (on a 2-CPU node, two actors at one CPU each starved the read
task of a read_parquet pipeline, which then waited forever). Each actor is sent one
shard at a time, so none waits behind another's long shard. Ray's workers import this
module from the installed package: a class defined in a user's script is not importable
there.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from cleaner.api import Cleaner, Format
from cleaner.batch.execute import fewer_collections
from cleaner.batch.inputs import Job, output_name
from cleaner.batch.output import Output, Result
from cleaner.batch.shard import clean_shard
from cleaner.errors import ConfigError, RunFailed
from cleaner.shards.formats import clean_arrow
from cleaner.shards.names import Settings
from cleaner.shards.store import Store


def require() -> None:
    """Raise ConfigError naming the extra if Ray is not installed."""
    try:
        importlib.import_module("ray")
    except ImportError:
        raise ConfigError("--engine ray needs Ray: pip install 'cleaner[ray]'") from None


class CleanShards:
    """A Ray actor for `run_shards`: one Cleaner, sent once, cleaning each shard it is
    given into the output folder. Its stages load as the first rows need them (a JSONL
    shard never loads the HTML extractor)."""

    def __init__(self, cleaner: Cleaner, output: Output, settings: Settings) -> None:
        self.cleaner, self.output, self.settings = cleaner, output, settings

    def clean(self, source: str, relative: str, store: Store | None) -> Result:
        with fewer_collections():  # as in a --jobs worker (see execute.GC_THRESHOLD)
            return clean_shard(
                self.cleaner, Path(source), relative, self.output, self.settings, store
            )


def run_shards(
    jobs: Sequence[Job],
    cleaner: Cleaner,
    output: Output,
    settings: Settings,
    workers: int = 0,
    address: str | None = None,
) -> Iterator[tuple[int, Result]]:
    """Clean the shard `jobs` into `output` on the Ray cluster at `address` (else
    RAY_ADDRESS, else one started on this machine for the run); yield each job's index and
    result as its shard is done. `workers` actors (0: one per CPU of the cluster), never
    more than there are shards, each sent one shard at a time."""
    import ray

    started = _connect(address)
    pool: list[Any] = []
    try:
        cluster: Any = ray  # cluster_resources is not typed
        cpus = max(1, int(cluster.cluster_resources().get("CPU", 1)))
        count = max(1, min(workers or cpus, cpus, len(jobs)))
        # Actors run in other folders; a store's paths are its own.
        here = output if output.store else replace(output, folder=output.folder.resolve())
        actor = ray.remote(CleanShards).options(
            num_cpus=1,
            max_restarts=_NO_RESTARTS,
            max_task_retries=0,
            scheduling_strategy="SPREAD",
        )
        sent = ray.put(cleaner)  # pickled once, whatever the number of actors
        pool = [actor.remote(sent, here, settings) for _ in range(count)]
        todo = deque(enumerate(jobs))
        idle = list(pool)
        running: dict[Any, tuple[Any, int]] = {}
        while todo or running:
            while idle and todo:
                index, job = todo.popleft()
                source = job.source if job.store else job.source.resolve()
                relative = str(output_name(job.relative))
                worker = idle.pop()
                task = worker.clean.remote(str(source), relative, job.store)
                running[task] = (worker, index)
            ready, _ = ray.wait(list(running), num_returns=1)
            worker, index = running.pop(ready[0])
            idle.append(worker)
            yield index, ray.get(ready[0])
    except ray.exceptions.RayError as exc:
        raise RunFailed(f"the Ray job failed: {type(exc).__name__}: {exc}"[:2000]) from None
    finally:
        for worker in pool:  # on an interrupt too: no actor goes on cleaning
            ray.kill(worker)
        if started:
            ray.shutdown()


# An actor that dies (out of memory, say) stops the run, as a dying --jobs worker does, and
# the next run resumes from the manifest. Restarted, and its shard retried, a shard that
# kills its actor would do so again and again, and the run never end.
_NO_RESTARTS = 0


def _connect(address: str | None) -> bool:
    """Join the cluster at `address` (or RAY_ADDRESS), else start one here; True if this
    call connected (and so the run disconnects when done)."""
    import ray

    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS") or None
    # The run's own lines say how it went; Ray's, at their INFO and WARNING levels, would
    # bury them (its actors' logs stay in the session's log folder).
    settings: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    if address is None:
        settings.update(num_cpus=os.cpu_count() or 1, include_dashboard=False)
    try:
        ray.init(address=address, **settings)
    except ConnectionError as exc:
        raise ConfigError(f"--address {address}: cannot join the Ray cluster: {exc}") from None
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    return True


class CleanBatch:
    """Clean a column of text in Ray Data batches: a callable class for `map_batches`.

        import ray
        from ray.data import ActorPoolStrategy
        from cleaner.engines.ray import CleanBatch

        ds = ray.data.read_parquet("s3://bucket/news/", override_num_blocks=64)
        ds = ds.map_batches(
            CleanBatch,
            fn_constructor_kwargs={"text_field": "text", "settings": {"spin": {"gate": 5}}},
            batch_format="pyarrow",
            batch_size=256,
            compute=ActorPoolStrategy(size=8),
            num_cpus=1,
        )
        ds.write_parquet("s3://bucket/news-clean/")

    Each actor builds one Cleaner (from `rules_dirs`, `disable`, `settings`, as
    cleaner.Cleaner takes them, or the `cleaner` given, which is sent pickled as its
    configuration) and loads its stages before the first batch. A batch comes back with
    its text column replaced by the clean texts and cleaner_status, cleaner_message,
    cleaner_changes, cleaner_language and cleaner_spin added, as `cleaner clean` writes
    shards; a row without text is kept as it was, its cleaner_status "invalid".
    """

    def __init__(
        self,
        text_field: str = "text",
        *,
        cleaner: Cleaner | None = None,
        rule_dirs: Sequence[str] = (),
        disable: Sequence[str] = (),
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        format: Format = "auto",
    ) -> None:
        self.cleaner = cleaner or Cleaner(rule_dirs=rule_dirs, disable=disable, settings=settings)
        self.cleaner.warm_up()
        self.text_field, self.format = text_field, format

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        if not isinstance(batch, pa.Table | pa.RecordBatch):
            raise TypeError(
                f"CleanBatch takes pyarrow batches, not {type(batch).__name__}: "
                'map_batches(CleanBatch, batch_format="pyarrow", ...)'
            )
        cleaned, _ = clean_arrow(batch, self.cleaner, self.text_field, format=self.format)
        return cleaned


BATCH = 256  # rows a CleanBatch actor is sent at a time, by clean_dataset


def clean_dataset(
    dataset: Any,
    text_field: str = "text",
    *,
    actors: int | None = None,
    batch_size: int = BATCH,
    **cleaner: Any,
) -> Any:
    """`dataset` (a ray.data.Dataset) with CleanBatch mapped over it, with defaults that
    keep every actor working and never starve the read:

    - blocks of at most `batch_size` rows (a streaming repartition), so that a few small
      files read as one block are spread over the actors;
    - `actors` one-CPU actors (default: the cluster's CPUs less one, at least one), so a
      CPU stays free for the tasks that read and write: with every CPU held by an actor,
      the read task waits for one forever.

    `cleaner` is passed to CleanBatch (rule_dirs, disable, settings, format, cleaner).
    """
    import ray
    from ray.data import ActorPoolStrategy

    if actors is None:
        cluster: Any = ray  # cluster_resources is not typed
        actors = max(1, int(cluster.cluster_resources().get("CPU", 1)) - 1)
    return dataset.repartition(target_num_rows_per_block=batch_size).map_batches(
        CleanBatch,
        fn_constructor_kwargs={"text_field": text_field, **cleaner},
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ActorPoolStrategy(size=actors),
        num_cpus=1,
    )
