#!/usr/bin/env python3
"""Runs a command and samples, every millisecond, the summed resident memory
(VmRSS) of it and all its descendants (typst runs as children of meetdoc).
Prints `peak_mb=<MB>` of the largest sum seen and `wall_s=<s>`.

usage: peak_rss.py COMMAND [ARGS...]
"""
import subprocess
import sys
import time
from pathlib import Path


def children(pid):
    kids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


start = time.monotonic()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = 0
while proc.poll() is None:
    todo, total = [proc.pid], 0
    while todo:
        pid = todo.pop()
        total += rss_kb(pid)
        todo += children(pid)
    peak = max(peak, total)
    time.sleep(0.001)
wall = time.monotonic() - start
if proc.returncode != 0:
    sys.exit(f"{sys.argv[1]} failed ({proc.returncode})")
print(f"peak_mb={peak / 1024:.0f}")
print(f"wall_s={wall:.3f}")
