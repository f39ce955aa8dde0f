"""Cleaning on a Ray cluster (`pip install 'cleaner[ray]'`).

Two entries:

- `run_shards`, behind `cleaner clean --engine ray`: a Ray Data job in which each actor
  builds one Cleaner and cleans whole shards with the very function the local engine runs
  (cleaner.batch.shard.clean_shard), so the output shards, tallies and manifest are the
  same byte for byte. The shards are paths on a file system every node sees.
- `CleanBatch`, for a pipeline of your own: a callable class for Dataset.map_batches
  over pyarrow batches, adding the same columns to each row as the shards get; and
  `clean_dataset`, which maps it over a Dataset with safe defaults.

The defaults avoid what a Ray Data prototype ran into. Each shard is its own block
(`override_num_blocks`), so every actor has work: Ray would otherwise merge small inputs
into one block, which only one actor works on. The actors are a fixed pool
(compute=ActorPoolStrategy, not the deprecated `concurrency=`), one CPU each and no more
than the cluster has; this job reads inside the actors, so no read task needs a CPU that
the actors hold (on a 2-CPU node, two actors at one CPU each starved the read task of a
read_parquet pipeline, which then waited forever). An actor is sent one shard at a time,
so none waits behind another's long shard. Ray's workers import this module from the
installed package: a class defined in a user's script is not importable there.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import warnings
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
from cleaner.shards.formats import Settings, clean_arrow


def require() -> None:
    """Raise ConfigError naming the extra if Ray (with Ray Data) is not installed."""
    try:
        importlib.import_module("ray.data")
    except ImportError:
        raise ConfigError("--engine ray needs Ray Data: pip install 'cleaner[ray]'") from None


class CleanShards:
    """A Ray actor's work for `run_shards`: one Cleaner, built once, cleaning each shard
    it is sent into the output folder."""

    def __init__(self, cleaner: Cleaner, output: Output, settings: Settings) -> None:
        self.cleaner = cleaner.warm_up()
        self.output, self.settings = output, settings

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        indexes, results = [], []
        for index, source, relative in zip(
            batch["index"], batch["source"], batch["relative"], strict=True
        ):
            with fewer_collections():  # as in a --jobs worker (see execute.GC_THRESHOLD)
                result = clean_shard(
                    self.cleaner, Path(source), relative, self.output, self.settings
                )
            indexes.append(int(index))
            results.append(pickle.dumps(result))
        return {"index": indexes, "result": results}


def run_shards(
    jobs: Sequence[Job],
    cleaner: Cleaner,
    output: Output,
    settings: Settings,
    workers: int = 0,
    address: str | None = None,
) -> Iterator[tuple[int, Result]]:
    """Clean the shard `jobs` into `output` as a Ray Data job on the cluster at `address`
    (else RAY_ADDRESS, else one started on this machine for the run); yield each job's
    index and result as its shard is done. `workers` actors (0: one per CPU of the
    cluster), never more than there are shards."""
    import ray
    from ray.data import DataContext

    started = _connect(address)
    try:
        cluster: Any = ray  # cluster_resources is not typed
        cpus = max(1, int(cluster.cluster_resources().get("CPU", 1)))
        actors = max(1, min(workers or cpus, cpus, len(jobs)))
        context = DataContext.get_current()
        context.enable_progress_bars = False
        here = replace(output, folder=output.folder.resolve())  # actors run in other folders
        items = [
            {
                "index": index,
                "source": str(job.source.resolve()),
                "relative": str(output_name(job.relative)),
            }
            for index, job in enumerate(jobs)
        ]
        with warnings.catch_warnings():
            # Ray Data has no named parameter for max_restarts (_NO_RESTARTS) yet.
            warnings.simplefilter("ignore", DeprecationWarning)
            shards = _plan(items, cleaner, here, settings, actors)
        for row in shards.iter_rows():
            yield int(row["index"]), pickle.loads(row["result"])
    except ray.exceptions.RayError as exc:
        raise RunFailed(f"the Ray job failed: {type(exc).__name__}: {exc}"[:2000]) from None
    finally:
        if started:
            ray.shutdown()


# An actor that dies (out of memory, say) stops the run, as a dying --jobs worker does, and
# the next run resumes from the manifest. Ray Data would restart it, and retry its shard, for
# ever: a shard that kills its actor would do so again and again, and the run never end.
_NO_RESTARTS = 0


def _plan(
    items: list[dict[str, Any]], cleaner: Cleaner, output: Output, settings: Settings, actors: int
) -> Any:
    """The Ray Data job: one block per shard, so every actor has work; an actor pool of
    `actors`, one CPU each, each sent one shard at a time."""
    import ray
    from ray.data import ActorPoolStrategy

    return ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
        CleanShards,
        fn_constructor_kwargs={"cleaner": cleaner, "output": output, "settings": settings},
        batch_size=1,
        batch_format="numpy",
        compute=ActorPoolStrategy(size=actors, max_tasks_in_flight_per_actor=1),
        num_cpus=1,
        max_restarts=_NO_RESTARTS,
    )


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
