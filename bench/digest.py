"""One digest of the clean copies of every input the project knows, to show that a change
which must not change output did not.

    python bench/digest.py            # prints a digest per input set, then one over all

Each set is cleaned by the command a user runs (`python -m cleaner clean SET --output
TMP --force`) into a fresh folder; a set's digest is the SHA-256 over its copies' relative
paths and bytes, in path order. Sets that are absent (the shared corpora on a fresh clone)
are said to be so, and left out of the overall digest.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seeds": ROOT / "seeds",
    "golden": ROOT / "tests" / "golden",
    "noop": ROOT / "tests" / "noop",
    "fuzz-crashes": ROOT / "tests" / "fuzz" / "crashes",
    "bbc": ROOT.parent / "shared" / "corpora" / "bbc",
}


def folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.startswith("."):
            continue  # the manifest records hashes and versions, not output
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def clean_digest(source: Path) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch, "out")
        command = [sys.executable, "-m", "cleaner", "clean", str(source), "--output", str(out)]
        done = subprocess.run([*command, "--force"], capture_output=True, text=True, cwd=ROOT)
        if done.returncode not in (0, 1):
            sys.exit(f"digest: {source}: cleaner exited {done.returncode}:\n{done.stderr}")
        return folder_digest(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    overall = hashlib.sha256()
    for name, folder in SETS.items():
        if not folder.is_dir():
            print(f"{name:13} absent ({folder})")
            continue
        digest = clean_digest(folder)
        overall.update(f"{name}:{digest}\n".encode())
        print(f"{name:13} {digest}")
    print(f"{'all':13} {overall.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
