#!/usr/bin/env python3
"""Prints the bench results (results.tsv, one line per run) as a table, with beamcrawl's
ratio to each peer on the same site and scenario.

usage: table.py RESULTS_TSV PER_HOST_CONCURRENCY DELAY_MS
"""
import sys

HOSTS = {"a": 1, "b": 1, "c": 4}
PROXIED = {"b", "c"}

rows = []
with open(sys.argv[1]) as f:
    for line in f:
        size, scen, tool, pages, started, finished, first, cpu, rss, peak, servers, mean = line.rstrip("\n").split("\t")
        pages, started, finished, first = int(pages or 0), float(started), float(finished), float(first)
        wall = finished - started
        startup = max(0.0, first - started)
        rows.append({
            "size": size, "scen": scen, "tool": tool, "pages": pages, "wall": wall,
            "rate": pages / wall if wall else 0, "startup": startup,
            "crawl_rate": pages / (wall - startup) if wall > startup else 0,
            "cpu": float(cpu or 0) / pages * 1000 if pages else 0,
            "servers": float(servers or 0) / pages * 1000 if pages else 0,
            "rss": int(rss or 0) / 1024, "peak": peak, "mean": mean,
        })
concurrency, delay = int(sys.argv[2]), int(sys.argv[3]) / 1000

head = (f"{'size':>6} {'scen':>4} {'tool':<10} {'pages':>6} {'wall s':>7} {'pages/s':>8} "
        f"{'crawl p/s':>9} {'CPU s/1k':>8} {'servers':>7} {'RSS MiB':>8} {'in flight':>9} {'mean':>5} {'% bound':>7}  beamcrawl ratio")
print(head)
print("-" * len(head))
for r in rows:
    bound = concurrency * HOSTS[r["scen"]] / delay if r["scen"] in PROXIED else None
    pct = "" if bound is None else f"{100 * r['crawl_rate'] / bound:.0f}%"
    ratio = ""
    if r["tool"] != "beamcrawl":
        ours = [b for b in rows if b["tool"] == "beamcrawl" and (b["size"], b["scen"]) == (r["size"], r["scen"])]
        if ours and r["rate"]:
            ratio = (f"{ours[0]['rate'] / r['rate']:.2f}x whole, "
                     f"{ours[0]['crawl_rate'] / r['crawl_rate']:.2f}x crawl phase")
    print(f"{r['size']:>6} {r['scen']:>4} {r['tool']:<10} {r['pages']:>6} {r['wall']:>7.1f} "
          f"{r['rate']:>8.1f} {r['crawl_rate']:>9.1f} {r['cpu']:>8.1f} {r['servers']:>7.1f} {r['rss']:>8.0f} "
          f"{r['peak']:>9} {r['mean']:>5} {pct:>7}  {ratio}")
print()
for r in rows:
    if r["tool"] == "beamcrawl":
        print(f"beamcrawl start-up (JVM and pipeline, to its first request) at {r['size']}/{r['scen']}: "
              f"{r['startup']:.1f} s")
print("CPU s/1k: the tool's CPU seconds per 1,000 pages; servers: nginx's and the proxy's, on the same cores; "
      "crawl p/s: pages over the time from the tool's first request to its exit; "
      "in flight: most requests in flight per host, seen by the proxy; "
      "mean: requests in flight on average over all hosts, from the first request to the last answer; "
      f"% bound: crawl p/s against {concurrency} per host / {int(delay * 1000)} ms")
