#!/usr/bin/env python3
"""Writes a deterministic site of PAGES html pages (10-100 KB, 20-100 links each) split over
HOSTS directories host0..host{HOSTS-1}, each a site of its own with a robots.txt.

Page i of a host links to its children i*20+1..i*20+20 (so every page is reachable within a
few levels from index.html) and to random pages of the same host; a few links go under
/private/, which robots.txt disallows, so a crawler that ignores robots fetches more.

usage: gensite.py OUT_DIR PAGES HOSTS
"""
import os
import random
import sys

SEED = 20240601
FANOUT = 20
PRIVATE_PAGES = 10
WORDS = (
    "crawler page index fetch parse site data lake batch stream worker host robots "
    "budget frontier depth link anchor title heading table list article section "
    "metadata record schema parquet column partition query engine runner pipeline "
    "element bundle shuffle window trigger coder window state timer metric counter "
    "latency throughput memory heap garbage thread socket buffer header status body"
).split()


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def paragraphs(rng, count):
    """A pool of paragraphs, so pages are built by picking rather than by generating text."""
    return [" ".join(sentence(rng) for _ in range(rng.randint(3, 8))) for _ in range(count)]


def page_name(i):
    return "index.html" if i == 0 else f"docs/{i // 500}/page-{i}.html"


def page(rng, pool, i, pages):
    target = rng.randint(10_000, 100_000)
    links = [j for j in range(i * FANOUT + 1, min(pages, i * FANOUT + FANOUT + 1))]
    want = rng.randint(20, 100)
    while len(links) < want:
        links.append(rng.randrange(pages))
    private = [f"/private/p{rng.randrange(PRIVATE_PAGES)}.html"] if rng.random() < 0.2 else []
    hrefs = ["/" + page_name(j) for j in links] + private
    nav = "".join(f'<li><a href="{h}">Page {h.rsplit("-", 1)[-1].removesuffix(".html")}</a></li>' for h in hrefs[:10])
    out = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>Page {i} of the bench site</title>',
        f'<meta name="description" content="{sentence(rng)}">',
        "<style>body{font-family:sans-serif;max-width:60em}nav li{display:inline}</style>",
        f'</head><body><header><nav><ul>{nav}</ul></nav></header><main><article>',
        f"<h1>Page {i}</h1>",
    ]
    size = sum(len(s) for s in out)
    rest = hrefs[10:]
    section = 0
    while size < target:
        if section % 4 == 0:
            block = f"<h2>Section {section}</h2>"
        elif section % 7 == 3:
            block = "<table><tr><th>key</th><th>value</th></tr>" + "".join(
                f"<tr><td>{rng.choice(WORDS)}</td><td>{rng.randint(0, 9999)}</td></tr>"
                for _ in range(8)) + "</table>"
        else:
            text = rng.choice(pool)
            if rest:
                h = rest.pop()
                text = text.replace(" ", f' <a href="{h}">{rng.choice(WORDS)}</a> ', 1)
            block = f"<p>{text}</p>"
        out.append(block)
        size += len(block)
        section += 1
    # Links that did not fit in the text still belong to the page: a related-pages list.
    out.append("</article></main><footer><ul>")
    out.extend(f'<li><a href="{h}">related</a></li>' for h in rest)
    out.append("</ul><p>&copy; bench site</p></footer></body></html>\n")
    return "\n".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out_dir, pages, hosts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(SEED)
    pool = paragraphs(rng, 3000)
    per_host = pages // hosts
    for h in range(hosts):
        root = os.path.join(out_dir, f"host{h}")
        write(os.path.join(root, "robots.txt"), "User-agent: *\nDisallow: /private/\n")
        for p in range(PRIVATE_PAGES):
            write(os.path.join(root, f"private/p{p}.html"), "<html><body>private</body></html>\n")
        for i in range(per_host):
            write(os.path.join(root, page_name(i)), page(rng, pool, i, per_host))


if __name__ == "__main__":
    main()
