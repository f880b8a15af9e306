"""A simulated power cut: a disk that keeps only what was synced (see syncshim.c)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SOURCE = Path(__file__).with_name("syncshim.c")


def build_shim(directory: Path) -> Path:
    """Compile the LD_PRELOAD library into `directory`; return its path."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise FileNotFoundError("no C compiler (cc or gcc) to build the power-cut shim")
    library = directory / "syncshim.so"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O2", "-o", str(library), str(SOURCE), "-ldl"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return library


def shim_env(library: Path, disk: Path) -> dict[str, str]:
    """The environment that puts a process's files under `disk` on the forgetful disk."""
    return {"LD_PRELOAD": str(library), "SYNCSHIM_DIR": str(disk.resolve())}


def mark_all_synced(disk: Path) -> None:
    """Take the files as they are now as already on disk (written before the test)."""
    for path in disk.iterdir():
        if path.is_file() and ".durable" not in path.name:
            shutil.copyfile(path, path.with_name(path.name + ".durable"))


def power_cut(disk: Path) -> None:
    """Leave `disk` as a power cut would: every file as of its last sync, or gone.

    Call it once every process that wrote there is dead.
    """
    for path in list(disk.iterdir()):
        if ".durable" in path.name or not path.is_file():
            continue
        durable = path.with_name(path.name + ".durable")
        if durable.exists():
            os.replace(durable, path)
        else:
            path.unlink()
    for leftover in disk.glob("*.durable*"):
        leftover.unlink()
