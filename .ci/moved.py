"""Which installed packages differ from a lock (`.ci/run --latest` prints it before the suite).

    python .ci/moved.py requirements/test.txt
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import distributions
from pathlib import Path

from packaging.markers import Marker  # (pytest needs it: in every venv of ours)


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def main(lock: str) -> int:
    text = Path(lock).read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;]+)\s*(?:;([^\\\n]*))?", text, re.M)
    # (a pin for another platform, colorama's for Windows, is not this machine's to install)
    locked = {
        _name(name): version
        for name, version, marker in pins
        if not marker.strip() or Marker(marker.strip()).evaluate()
    }
    installed = {
        _name(d.metadata["Name"]): d.version for d in distributions() if d.metadata["Name"]
    }
    rows = []
    for name in sorted(locked.keys() | installed.keys()):
        if name in ("nextgen-tui", "pip", "setuptools", "wheel"):
            continue
        was, now = locked.get(name, "-"), installed.get(name, "-")
        if was != now:
            rows.append((name, was, now))
    if not rows:
        print(f"latest: every package is as in {lock}")
        return 0
    print(f"latest: {len(rows)} package(s) differ from {lock}:")
    width = max(len(name) for name, _, _ in rows)
    for name, was, now in rows:
        print(f"  {name:<{width}}  {was} -> {now}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
