#!/usr/bin/env python3
"""Samples the memory of a process and all its descendants (a JVM and the browser it started)
every half second until the process ends, then prints the peak of their summed PSS in MiB
(proportional set size: memory shared between processes, as Chromium's are, counted once).

usage: treemem.py PID
"""
import os
import sys
import time


def children(pid):
    found = []
    try:
        for task in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def pss_kib(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    root = int(sys.argv[1])
    peak = 0
    while os.path.exists("/proc/%d" % root):
        tree, todo = [], [root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children(pid)
        peak = max(peak, sum(pss_kib(pid) for pid in tree))
        time.sleep(0.5)
    print("%.0f" % (peak / 1024))


if __name__ == "__main__":
    main()
