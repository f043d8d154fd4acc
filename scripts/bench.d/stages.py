#!/usr/bin/env python3
"""Splits a crawl's CPU into stages from Java Flight Recorder's execution samples
(`jfr print --stack-depth 200 --events jdk.ExecutionSample`): each sample goes to the stage of
the first frame, from the top of the stack, that belongs to one; the process's CPU seconds are
shared out by those counts. GC and JIT threads are not sampled, so their CPU is shared out too.

The floor is what every crawl of these pages must spend: fetching them, Jsoup's parse and
writing the rows. The rest (main content, markdown, extraction, crawl logic, Beam, the JDK's
other work) is what beamcrawl adds on top.

usage: stages.py SAMPLES_TXT PAGES CPU_SECONDS
"""
import collections
import re
import sys

# Frame prefixes and their stage, in the order they are tried on each frame.
MAIN_CONTENT = ("io.beamcrawl.parse.MainContent", "io.beamcrawl.parse.ContentBlocks",
                "io.beamcrawl.parse.ContentRules", "io.beamcrawl.parse.BlockClassifier",
                "io.beamcrawl.parse.BlockContext", "io.beamcrawl.parse.BoilerplateNames")
MARKDOWN = ("com.vladsch.flexmark.", "io.beamcrawl.parse.Markdown")
OWNERS = [
    (MARKDOWN, "markdown"),
    (MAIN_CONTENT, "main content"),
    (("org.jsoup.", "io.beamcrawl.parse."), "parse"),
    (("io.beamcrawl.extract.",), "extract"),
    (("org.apache.parquet.", "org.apache.avro.", "org.apache.hadoop.", "io.beamcrawl.io.",
      "org.apache.beam.sdk.io.", "org.xerial.snappy."), "write"),
    (("io.beamcrawl.fetch.", "crawlercommons."), "fetch"),
    (("io.beamcrawl.",), "crawl logic (links, frontier, stats)"),
    (("org.apache.beam.",), "Beam overhead (coders, runner)"),
]
# JDK frames tell the stage only when no frame above does: java.net.URI at work for the link
# normaliser is crawl logic, java.util.zip under the Parquet writer is writing; the HTTP client's
# own threads are fetching.
JDK_OWNERS = [
    (("jdk.internal.net.http.", "java.net.", "sun.nio.", "sun.security.", "java.util.zip."), "fetch"),
]
# The Direct runner's monitor re-runs itself without pause while bundles are in progress
# (apache/beam#18070): Beam overhead, but shown apart as it does no work for the crawl.
MONITOR = "Beam: Direct runner's monitor loop"
CALLERS = [(MAIN_CONTENT, "main content"), (MARKDOWN, "markdown"),
           (("io.beamcrawl.extract.",), "extract")]
FLOOR = ("fetch", "parse", "write")
ORDER = ["fetch", "parse", "write", "main content", "markdown", "extract", "crawl logic (links, frontier, stats)",
         "Beam overhead (coders, runner)", MONITOR, "other (JDK, threads)"]
FRAME = re.compile(r"^\s+([\w.$]+)\.[\w$<>]+\(")


def stage(frames):
    if any(f.startswith("org.apache.beam.runners.direct.QuiescenceDriver.") for f in frames):
        return MONITOR
    for i, frame in enumerate(frames):
        for prefixes, name in OWNERS:
            if frame.startswith(prefixes):
                if name == "parse":
                    # Jsoup at work for main content, the markdown or an extractor counts for
                    # the nearest of them it works for.
                    for outer in frames[i + 1:]:
                        for prefixes, caller in CALLERS:
                            if outer.startswith(prefixes):
                                return caller
                return name
    for frame in frames:
        for prefixes, name in JDK_OWNERS:
            if frame.startswith(prefixes):
                return name
    return "other (JDK, threads)"


def samples(path):
    frames, in_stack = [], False
    with open(path) as f:
        for line in f:
            if "stackTrace = [" in line:
                frames, in_stack = [], True
            elif in_stack and line.strip() == "]":
                in_stack = False
                yield frames
            elif in_stack:
                m = FRAME.match(line)
                if m:
                    frames.append(m.group(1) + ".")


def main():
    path, pages, cpu = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    counts = collections.Counter(stage(frames) for frames in samples(path))
    total = sum(counts.values()) or 1
    print(f"CPU per page by stage ({total} samples, {cpu:.1f} CPU s, {pages} pages):")
    for name in ORDER:
        share = counts[name] / total
        print(f"  {name:<38} {share * cpu / pages * 1000:7.2f} ms/page  {share:6.1%}")
    print(f"  {'total':<38} {cpu / pages * 1000:7.2f} ms/page")
    floor = sum(counts[name] for name in FLOOR) / total * cpu / pages * 1000
    print(f"floor (fetch, parse, write) {floor:.2f} ms/page; the rest {cpu / pages * 1000 - floor:.2f} ms/page")


if __name__ == "__main__":
    main()
