#!/usr/bin/env python3
"""Writes a deterministic site for the rendering benchmark into OUT_DIR.

app: every page is built by script, as a single-page app builds it: the HTML is a shell (an empty
#root, a <noscript> asking for JavaScript, one shared /app.js), and the script fetches the page's
content as JSON (/data/PAGE.json: a title, paragraphs and links) and writes it, links included.

mixed: a fifth of the pages are such script pages (under /s/), the rest are pages the server
writes whole (under /p/), half of which load an analytics script as real articles do.

Page i links to its children i*FANOUT+1.. and to a few random pages, so every page is reachable
from index.html within a few levels. The crawler knows none of this: the paths only let the
benchmark count what was rendered.

usage: genapp.py OUT_DIR PAGES app|mixed
"""
import json
import os
import random
import sys

SEED = 20261207
FANOUT = 6
WORDS = (
    "render browser script page shell root data fetch link anchor title heading text "
    "crawler site app client server component state route view list item card panel"
).split()

APP_JS = """
fetch('/data' + (location.pathname === '/' || location.pathname === '/index.html'
    ? '/index' : location.pathname.replace(/\\.html$/, '')) + '.json')
  .then(r => r.json()).then(p => {
    document.title = p.title;
    const root = document.getElementById('root');
    const h = document.createElement('h1'); h.textContent = p.title; root.appendChild(h);
    for (const t of p.text) { const e = document.createElement('p'); e.textContent = t; root.appendChild(e); }
    const ul = document.createElement('ul');
    for (const l of p.links) {
      const li = document.createElement('li'); const a = document.createElement('a');
      a.href = l.href; a.textContent = l.text; li.appendChild(a); ul.appendChild(li);
    }
    root.appendChild(ul);
  });
"""

SHELL = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>Loading</title>"
         "<link rel=\"stylesheet\" href=\"/app.css\"></head><body>"
         "<noscript>You need to enable JavaScript to run this app.</noscript>"
         "<div id=\"root\"></div><script src=\"/app.js\"></script></body></html>")


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def main():
    out, pages, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(SEED)
    script = [kind == "app" or i % 5 == 4 for i in range(pages)]
    script[0] = kind == "app"

    def path(i):
        if i == 0:
            return "/index.html"
        return ("/s/" if script[i] else "/p/") + str(i) + ".html"

    os.makedirs(os.path.join(out, "data", "s"), exist_ok=True)
    os.makedirs(os.path.join(out, "data", "p"), exist_ok=True)
    os.makedirs(os.path.join(out, "s"), exist_ok=True)
    os.makedirs(os.path.join(out, "p"), exist_ok=True)
    with open(os.path.join(out, "app.js"), "w") as f:
        f.write(APP_JS)
    with open(os.path.join(out, "app.css"), "w") as f:
        f.write("body { font-family: sans-serif; margin: 2em; } h1 { color: #246; }\n")
    with open(os.path.join(out, "analytics.js"), "w") as f:
        f.write("window.dataLayer = [{event: 'view', at: Date.now()}];\n")
    with open(os.path.join(out, "robots.txt"), "w") as f:
        f.write("User-agent: *\nAllow: /\n")
    for i in range(pages):
        children = [c for c in range(i * FANOUT + 1, i * FANOUT + FANOUT + 1) if c < pages]
        targets = children + [rng.randrange(pages) for _ in range(3)]
        title = "Page %d: %s" % (i, sentence(rng)[:40])
        text = [" ".join(sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(3, 6))]
        links = [{"href": path(t), "text": sentence(rng)[:30]} for t in targets]
        file = os.path.join(out, path(i).lstrip("/"))
        if script[i]:
            with open(file, "w") as f:
                f.write(SHELL)
            data = "/data/index.json" if i == 0 else "/data" + path(i)[:-5] + ".json"
            with open(os.path.join(out, data.lstrip("/")), "w") as f:
                json.dump({"title": title, "text": text, "links": links}, f)
        else:
            analytics = "<script async src=\"/analytics.js\"></script>" if i % 2 == 0 else ""
            body = "".join("<p>%s</p>" % t for t in text)
            nav = "".join("<li><a href=\"%s\">%s</a></li>" % (l["href"], l["text"]) for l in links)
            with open(file, "w") as f:
                f.write("<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title>%s</head>"
                        "<body><header><a href=\"/index.html\">Home</a></header><main><article>"
                        "<h1>%s</h1>%s</article></main><nav><ul>%s</ul></nav></body></html>"
                        % (title, analytics, title, body, nav))


if __name__ == "__main__":
    main()
