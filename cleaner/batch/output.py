"""What became of one input (Result), and the folder of clean copies it is settled against
(Output): compared with the copy there, and written if asked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.batch.files import read_input, sha256, write_bytes
from cleaner.batch.inputs import identity
from cleaner.errors import reason
from cleaner.metadata import Metadata

if TYPE_CHECKING:
    from cleaner.document import Change
    from cleaner.shards.store import Store
    from cleaner.shards.tally import Tally


@dataclass
class Result:
    """What became of one input: its status, why, and what cleaning changed."""

    relative: str
    source: str
    status: str = "ok"  # ok | skipped | error
    message: str = ""
    text: str = ""  # the clean text; emptied once settled, unless Output.texts
    original: str = ""  # the decoded input, before cleaning (not in the JSON report)
    metadata: Metadata = field(default_factory=Metadata)
    changes: list[Change] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    outcome: str = ""  # written | unchanged | stale | missing, set when compared with output
    emptied: bool = False  # cleaning left nothing of a text that was not blank
    # SHA-256 of the input's bytes and of its clean copy's, for the manifest: set where the
    # copy is written (or found already written), so the parent reads and hashes neither.
    source_hash: str = ""
    output_hash: str = ""
    # A shard's rows, counted (its changes and metadata are in its rows, not here).
    tally: Tally | None = None


@dataclass(frozen=True)
class Output:
    """The folder of clean copies, and whether to write them there. A result is compared
    with its copy, and written, where it was cleaned: with `--jobs`, in the worker, so the
    workers share the reading and writing out too."""

    folder: Path
    write: bool
    inputs: frozenset[tuple[int, int]] = frozenset()  # identities of the inputs
    # Whether a settled result keeps its texts: only a diff or an HTML report reads them
    # again. Without them a result is a few hundred bytes to send back and to hold.
    texts: bool = True
    # The folder did not exist when the run began: no copy stands there but those the run
    # writes, so none is looked for (a system call a file) before one is written.
    new: bool = False
    store: Store | None = None  # where the folder is, if not on a local file system (shards)

    def settle(self, result: Result) -> None:
        """Set a cleaned result's outcome against its copy (written, unchanged, missing,
        stale), writing it if asked; a copy that cannot be written makes it an error."""
        self._compare_and_write(result)
        if not self.texts:
            result.text = result.original = ""

    def _compare_and_write(self, result: Result) -> None:
        target = self.folder / result.relative
        data = result.text.encode("utf-8")
        absent = False  # then nothing stands there that could be an input
        old: bytes | None = None
        if self.new:
            absent = True
        else:
            try:
                old = read_input(target)
            except FileNotFoundError:
                absent = True
            except OSError:
                pass
        if self.put(result, target, old is not None, absent, old == data,
                    lambda: write_bytes(target, data)):  # fmt: skip
            return
        if self.write:
            result.output_hash = sha256(data)

    def put(
        self,
        result: Result,
        target: Path,
        found: bool,
        absent: bool,
        same: bool,
        write: Callable[[], None],
    ) -> bool:
        """Set `result`'s outcome against the copy at `target` (`found` if it was read,
        `absent` if nothing stands there, `same` if it holds the clean copy), calling
        `write` to write it if asked and it differs; True if that failed, and made the
        result an error."""
        if same:
            result.outcome = "unchanged"
        elif not self.write:
            result.outcome = "stale" if found else "missing"
        else:
            try:
                if not absent and identity(target) in self.inputs:
                    raise OSError(0, "it is an input file (choose an --output outside the inputs)")
                write()
            except OSError as exc:
                result.status, result.message = "error", f"cannot write {target}: {reason(exc)}"
                return True
            result.outcome = "written"
        return False
