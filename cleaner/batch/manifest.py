"""The manifest of a batch run: what produced each clean copy, so a re-run skips the inputs
that have not changed.

It lives in the output folder (`.cleaner-manifest.json`, a dot file, so it is never taken
for a clean copy) and records, per input (keyed by its path relative to its source
folder, as its clean copy's), the SHA-256 of the input, of its clean copy, of the producer
(rules, configuration, cleaner's code) and of the runtime (the versions of Python and of
the libraries that shape the output). An input is fresh only when all four still match, so
a clean copy edited or deleted by hand, a changed rule file or an upgrade all bring it back
into the run. The file is a cache: a missing or unreadable manifest only means everything
is cleaned again.

It is committed with the copies, and read on machines where pip resolved the libraries
to other versions. The runtime is checked, not written: where it differs, an input is
cleaned again, and its entry is rewritten only if its copy changed. So the manifest stays
the same on every machine that makes the same copies. (The producer is the same on every
machine with the same checkout.)

Its JSON is deterministic (sorted keys, fixed layout) and rewritten atomically only when an
entry changed, so a run that changes nothing leaves it byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner import __version__
from cleaner.batch.files import hash_file, sha256, write_atomic

if TYPE_CHECKING:
    from cleaner.shards.store import Store

NAME = ".cleaner-manifest.json"
_FORMAT = 2
# The libraries whose versions can change a clean copy (with Python's: its Unicode tables).
LIBRARIES = ("ftfy", "beautifulsoup4", "langdetect", "pyspellchecker")


@dataclass(frozen=True)
class Entry:
    """What the manifest knows of one clean copy: the digests it was written from."""

    source: str  # SHA-256 of the input's bytes
    output: str  # SHA-256 of the clean copy's bytes
    producer: str  # producer_digest() of the run that wrote it
    runtime: str  # runtime_digest() of the run that wrote it


def file_hash(path: Path, store: Store | None = None) -> str | None:
    try:
        return hash_file(path) if store is None else store.hash(path)
    except OSError:
        return None


# The source that shapes a clean copy: the pipeline, its stages and the modules they are
# built on (the package's top level). The command line, the reports, the batch machinery
# (which writes the text it is given) and the suggest wing are subpackages and do not;
# nor do these, which only hand the core on or check rule files.
_NOT_SHAPING = frozenset({"__init__.py", "__main__.py", "api.py", "rulecheck.py"})


def code_digest() -> str:
    """The source that shapes a clean copy: a change to it (a development checkout) makes
    every clean copy stale; a change to the command line or a report does not."""
    package = Path(__file__).resolve().parent.parent
    shaping = [p for p in package.glob("*.py") if p.name not in _NOT_SHAPING]
    digest = hashlib.sha256()
    for path in sorted(shaping + list(package.glob("stages/*.py"))):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def runtime_digest() -> str:
    """The versions of Python and of the libraries that shape cleaning's output, here."""
    digest = hashlib.sha256(f"python=={python_version()}".encode())
    for package in LIBRARIES:
        version = library_version(package)
        digest.update(f"{package}=={version}".encode() if version else package.encode())
    return digest.hexdigest()


def python_version() -> str:
    """platform.python_version(), read as it reads it from sys.version ("3.11.7",
    "3.13.0rc1"; ".0" added to a version of two parts), without importing the platform
    module, which compiles a dozen expressions at every start of the hook."""
    found = re.match(r"[\w.+]+", sys.version)
    version = found.group() if found else ""
    return version + ".0" if version.count(".") == 1 else version


def library_version(name: str) -> str | None:
    """The version of the installed distribution `name`, as importlib.metadata.version
    gives it; None if it is not installed.

    Found as importlib.metadata finds it on sys.path: the first `NAME-VERSION.dist-info` or
    `.egg-info` folder whose name, normalised, is `name`'s, its version the `Version:`
    header of its METADATA (else PKG-INFO). importlib.metadata itself imports the email
    package, zipfile and more to do so: a fifth of a pre-commit hook's start-up. A path
    entry this does not read (a zip file, an egg) is left to importlib.metadata."""
    wanted = _normalise(name)
    for entry in sys.path:
        root = entry or "."
        if root.lower().endswith(".egg") or os.path.isfile(root):
            return _version_from_importlib(name)
        try:
            children = os.listdir(root)
        except OSError:
            continue
        for child in children:
            low = child.lower()
            name_version = low.removesuffix(".dist-info").removesuffix(".egg-info")
            if name_version != low and _normalise(name_version.partition("-")[0]) == wanted:
                return _version_header(os.path.join(root, child))
    return _version_from_importlib(name)


def _normalise(name: str) -> str:
    """A distribution's name as importlib.metadata compares them (PEP 503, "-" as "_")."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _version_header(folder: str) -> str | None:
    """The `Version:` header of a distribution's metadata folder: its METADATA, else its
    PKG-INFO, read as the email parser reads headers (up to the first blank line, names in
    any case, the first one found)."""
    text = _read_text(folder, "METADATA") or _read_text(folder, "PKG-INFO") or ""
    for line in text.splitlines():
        if not line.strip():
            break
        key, colon, value = line.partition(":")
        if colon and key.lower() == "version":
            return value.strip()
    return None


def _read_text(folder: str, name: str) -> str | None:
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as metadata:
            return metadata.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None


def _version_from_importlib(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def producer_digest(
    rules_digest: str, disabled: Sequence[str], settings: Mapping[str, Mapping[str, Any]]
) -> str:
    """Everything besides the input and the runtime that decides a clean copy's text: the
    same on every machine with the same checkout and configuration."""
    producer = {
        "version": __version__,
        "code": code_digest(),
        "rules": rules_digest,
        "disable": sorted(set(disabled)),
        "settings": settings,
    }
    return sha256(json.dumps(producer, sort_keys=True, default=str).encode())


class Manifest:
    def __init__(
        self,
        path: Path,
        entries: Mapping[str, Entry] | None = None,
        store: Store | None = None,
    ) -> None:
        self.path = path
        self.store = store  # where the output folder is, if not on a local file system
        self.entries: dict[str, Entry] = dict(entries or {})
        self._saved = dict(self.entries)
        self._runtime = ""

    @classmethod
    def load(cls, output: Path, store: Store | None = None) -> Manifest:
        """The manifest in `output` (in `store`, if not a local folder); empty when it is
        missing, unreadable or of another format (it is rebuilt by the run)."""
        path = output / NAME
        try:
            text = path.read_text(encoding="utf-8") if store is None else store.read_text(path)
            data = json.loads(text)
            if data.get("format") != _FORMAT:
                return cls(path, store=store)
            entries = {key: Entry(**value) for key, value in data["files"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(path, store=store)
        return cls(path, entries, store)

    @property
    def runtime(self) -> str:
        """runtime_digest(), read once, when first needed."""
        if not self._runtime:
            self._runtime = runtime_digest()
        return self._runtime

    def fresh(
        self, key: str, source: Path, target: Path, producer: str, store: Store | None = None
    ) -> bool:
        """True when `target` is the clean copy this producer, on this runtime, makes of the
        input `source` (in `store`, if not a local file). The files are read only when the
        entry could still match: after a change of rules a run reads no input twice."""
        entry = self.entries.get(key)
        return (
            entry is not None
            and entry.producer == producer
            and entry.runtime == self.runtime
            and file_hash(source, store) == entry.source
            and file_hash(target, self.store) == entry.output
        )

    def record(self, key: str, source_hash: str, output_hash: str, producer: str) -> None:
        """Record a copy made (or found up to date). An entry that already says so stays
        as it is, even if another runtime made it: this one was checked, and made the same."""
        made = (source_hash, output_hash, producer)
        entry = self.entries.get(key)
        if entry is None or (entry.source, entry.output, entry.producer) != made:
            self.entries[key] = Entry(*made, self.runtime)

    def keep(self, keys: Collection[str]) -> None:
        """Drop the entries of inputs that are gone."""
        self.entries = {k: v for k, v in self.entries.items() if k in keys}

    @property
    def changed(self) -> bool:
        return self.entries != self._saved

    def save(self) -> None:
        """Write the manifest (atomically) if an entry changed since it was loaded."""
        if not self.changed:
            return
        files = {key: vars(entry) for key, entry in sorted(self.entries.items())}
        data = {"format": _FORMAT, "files": files}
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        if self.store is None:
            write_atomic(self.path, text)
        else:
            self.store.write(self.path, text.encode("utf-8"))
        self._saved = dict(self.entries)
