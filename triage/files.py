"""Files triage writes when asked (`import -o`, `triage compile`): whole, or not at all."""

import os
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """`data` into `path`, all of it or nothing: written beside it, then renamed over it, so a full
    disk or a size limit never leaves a truncated file where a reader looks (or destroys the old
    one). Raises OSError, with no partial file left behind."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
