#!/usr/bin/env python3
"""Writes a deterministic site of PAGES html pages split over HOSTS directories
host0..host{HOSTS-1}, each a site of its own with a robots.txt. Two kinds:

bench (the default): pages of 10-100 KB with 20-100 links each; page i of a host links to its
children i*20+1..i*20+20 (so every page is reachable within a few levels from index.html) and to
random pages of the same host.

docs: a documentation site as one is laid out: sections of about 100 pages, and on every page
the same header, top navigation, footer and the section's sidebar (the links a real site
repeats), breadcrumbs, an "on this page" list, and an article of 10-120 KB in all with
headings, prose with inline code and links, highlighted code blocks (a span per token),
parameter tables, lists, notes and definition lists.

In both, a few links go under /private/, which robots.txt disallows, so a crawler that ignores
robots fetches more.

usage: gensite.py OUT_DIR PAGES HOSTS [bench|docs]
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


PROSE = (
    "the a an of to in and or for with on by from as at is are be can will may must should when "
    "if then each every this that these those it its their you your we our not only also more "
    "most less all any some other such new first last next same different default given "
    "request response client server cluster node worker job task stage step record field value "
    "option setting configuration file directory path name type string number list map key "
    "error exception timeout retry limit budget page site host link crawl fetch parse extract "
    "schema column table partition query index cache memory thread pool queue batch stream "
    "window trigger state timer metric counter log output input source sink format encoding "
    "version release upgrade install build test deploy run start stop restart read write "
    "create update delete return call pass set get use make keep drop add remove change "
    "method function class interface module package library service endpoint token model "
    "instruction prompt credit account user team project workspace resource quota region"
).split()
KEYWORDS = ["def", "return", "import", "from", "class", "if", "else", "for", "in", "with", "as", "yield"]
TYPES = ["string", "integer", "boolean", "number", "list", "object", "duration", "enum"]


def prose(rng, words):
    out = []
    while len(out) < words:
        sentence = [rng.choice(PROSE) for _ in range(rng.randint(7, 20))]
        out.extend(sentence)
        out[-1] += "."
    return " ".join(out).capitalize()


def slug(rng):
    return "-".join(rng.choice(PROSE[40:]) for _ in range(rng.randint(1, 3)))


class DocsSite:
    """The pages of one documentation host: their paths, titles and sections."""

    PER_SECTION = 100

    def __init__(self, rng, pages):
        self.pages = pages
        self.sections = max(1, (pages - 1 + self.PER_SECTION - 1) // self.PER_SECTION)
        self.section_names = [slug(rng).replace("-", " ").title() for _ in range(self.sections)]
        self.titles = ["Home"] + [slug(rng).replace("-", " ").capitalize() for _ in range(1, pages)]
        self.paths = ["/index.html"] + [
            f"/docs/{self.section_of(i)}/{self.titles[i].lower().replace(' ', '-')}-{i}.html"
            for i in range(1, pages)]

    def section_of(self, i):
        return (i - 1) // self.PER_SECTION

    def section_pages(self, s):
        return range(1 + s * self.PER_SECTION, min(self.pages, 1 + (s + 1) * self.PER_SECTION))

    def link(self, i, text=None):
        return f'<a href="{self.paths[i]}">{text or self.titles[i]}</a>'

    def chrome_top(self, i):
        top = "".join(f'<li class="nav-item">{self.link(self.section_pages(s)[0], name)}</li>'
                      for s, name in enumerate(self.section_names) if self.section_pages(s))
        return (
            '<header class="site-header"><a class="logo" href="/index.html">'
            '<img src="/logo.svg" alt="Docs home" width="120" height="32"></a>'
            f'<nav class="top-nav" aria-label="Main"><ul>{top}</ul></nav>'
            '<form class="search" action="/search" role="search"><input type="search" name="q" '
            'placeholder="Search the docs"><button type="submit">Search</button></form></header>')

    def sidebar(self, i):
        s = self.section_of(i)
        items = []
        pages = list(self.section_pages(s))
        for g in range(0, len(pages), 10):
            group = "".join(
                f'<li class="toc-item{" active" if j == i else ""}">{self.link(j)}</li>'
                for j in pages[g:g + 10])
            items.append(f'<li class="toc-group"><span class="toc-heading">Part {g // 10 + 1}'
                         f'</span><ul>{group}</ul></li>')
        return (f'<nav class="sidebar" aria-label="{self.section_names[s]}"><h2 class="sidebar-title">'
                f'{self.section_names[s]}</h2><ul>{"".join(items)}</ul></nav>')

    def footer(self):
        cols = []
        for s in range(min(4, self.sections)):
            pages = list(self.section_pages(s))[:6]
            cols.append(f'<div class="footer-col"><h3>{self.section_names[s]}</h3><ul>'
                        + "".join(f"<li>{self.link(j)}</li>" for j in pages) + "</ul></div>")
        return ('<footer class="site-footer">' + "".join(cols)
                + '<p class="legal">&copy; 2026 Example Docs. All rights reserved. '
                '<a href="/index.html">Privacy</a> &middot; <a href="/index.html">Terms</a></p></footer>')

    def code(self, rng):
        lines = []
        for _ in range(rng.randint(4, 30)):
            indent = "    " * rng.randint(0, 2)
            tokens = [f'<span class="k">{rng.choice(KEYWORDS)}</span>']
            for _ in range(rng.randint(1, 6)):
                kind = rng.random()
                if kind < 0.4:
                    tokens.append(f'<span class="n">{rng.choice(PROSE[40:])}_{rng.randint(0, 9)}</span>')
                elif kind < 0.6:
                    tokens.append(f'<span class="s">"{rng.choice(PROSE)}"</span>')
                elif kind < 0.8:
                    tokens.append(f'<span class="o">=</span>')
                else:
                    tokens.append(f'<span class="mi">{rng.randint(0, 999)}</span>')
            lines.append(indent + " ".join(tokens))
        language = rng.choice(["python", "java", "bash", "yaml"])
        return (f'<div class="highlight"><pre><code class="language-{language}">'
                + "\n".join(lines) + "</code></pre></div>")

    def table(self, rng):
        rows = "".join(
            f"<tr><td><code>{rng.choice(PROSE[40:])}_{rng.choice(PROSE[40:])}</code></td>"
            f"<td>{rng.choice(TYPES)}</td><td><code>{rng.randint(0, 100)}</code></td>"
            f"<td>{prose(rng, rng.randint(6, 25))}</td></tr>"
            for _ in range(rng.randint(4, 16)))
        return ('<table class="params"><thead><tr><th>Name</th><th>Type</th><th>Default</th>'
                f'<th>Description</th></tr></thead><tbody>{rows}</tbody></table>')

    def paragraph(self, rng, i):
        words = prose(rng, rng.randint(30, 120)).split(" ")
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(words))
            words[at] = f"<code>{words[at]}</code>"
        for _ in range(rng.randint(0, 2)):
            pages = self.section_pages(self.section_of(i)) if rng.random() < 0.8 else range(1, self.pages)
            at = rng.randrange(len(words))
            words[at] = self.link(rng.choice(pages), words[at])
        return "<p>" + " ".join(words) + "</p>"

    def article(self, rng, i, target):
        out = [f"<h1>{self.titles[i]}</h1>", self.paragraph(rng, i)]
        headings = []
        size = sum(map(len, out))
        while size < target:
            anchor = f"{slug(rng)}-{len(headings)}"
            headings.append(anchor)
            blocks = [f'<h2 id="{anchor}">{anchor.rsplit("-", 1)[0].replace("-", " ").capitalize()}</h2>']
            for _ in range(rng.randint(2, 6)):
                kind = rng.random()
                if kind < 0.45:
                    blocks.append(self.paragraph(rng, i))
                elif kind < 0.65:
                    blocks.append(self.code(rng))
                elif kind < 0.75:
                    blocks.append(self.table(rng))
                elif kind < 0.85:
                    tag = rng.choice(["ul", "ol"])
                    blocks.append(f"<{tag}>" + "".join(f"<li>{prose(rng, rng.randint(5, 25))}</li>"
                                                       for _ in range(rng.randint(3, 8))) + f"</{tag}>")
                elif kind < 0.93:
                    blocks.append('<div class="admonition note"><p class="admonition-title">Note</p>'
                                  f"{self.paragraph(rng, i)}</div>")
                else:
                    blocks.append("<dl>" + "".join(f"<dt><code>{rng.choice(PROSE[40:])}</code></dt>"
                                                   f"<dd>{prose(rng, rng.randint(8, 30))}</dd>"
                                                   for _ in range(rng.randint(2, 6))) + "</dl>")
            out.extend(blocks)
            size += sum(map(len, blocks))
        return out, headings

    def page(self, rng, i):
        # Most pages are short, a few long: 10-120 KB in all, the markup around included.
        target = int(100_000 * rng.random() ** 2)
        if i == 0:
            body = ["<h1>Documentation</h1>", self.paragraph(rng, 0)]
            for s, name in enumerate(self.section_names):
                pages = list(self.section_pages(s))
                body.append(f"<h2>{name}</h2><p>{prose(rng, 20)}</p><ul>"
                            + "".join(f"<li>{self.link(j)}</li>" for j in pages[:5]) + "</ul>")
            headings = []
            side = ""
        else:
            body, headings = self.article(rng, i, target)
            side = self.sidebar(i)
        s = self.section_of(i) if i else 0
        crumbs = ('<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/index.html">Docs</a></li>'
                  + (f"<li>{self.link(self.section_pages(s)[0], self.section_names[s])}</li>" if i else "")
                  + "</ol></nav>")
        toc = ('<aside class="on-this-page"><h2>On this page</h2><ul>'
               + "".join(f'<li><a href="#{h}">{h.rsplit("-", 1)[0].replace("-", " ")}</a></li>' for h in headings)
               + "</ul></aside>") if headings else ""
        pager = ""
        if i:
            pager = ('<nav class="pager">' + (self.link(i - 1, "Previous") if i > 1 else "")
                     + (self.link(i + 1, "Next") if i + 1 < self.pages else "") + "</nav>")
        private = f'<a href="/private/p{rng.randrange(PRIVATE_PAGES)}.html">Internal notes</a>' if rng.random() < 0.2 else ""
        return "\n".join([
            "<!DOCTYPE html>",
            f'<html lang="en"><head><meta charset="utf-8"><title>{self.titles[i]} | Example Docs</title>',
            f'<meta name="description" content="{prose(rng, 20)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<link rel="stylesheet" href="/assets/docs.css"><script src="/assets/docs.js" defer></script>',
            "</head><body>", self.chrome_top(i), '<div class="layout">', side,
            f'<main class="content">{crumbs}<article class="doc">', *body,
            f"</article>{pager}{private}</main>", toc, "</div>", self.footer(), "</body></html>\n"])


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out_dir, pages, hosts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    kind = sys.argv[4] if len(sys.argv) > 4 else "bench"
    rng = random.Random(SEED)
    pool = paragraphs(rng, 3000) if kind == "bench" else None
    per_host = pages // hosts
    for h in range(hosts):
        root = os.path.join(out_dir, f"host{h}")
        write(os.path.join(root, "robots.txt"), "User-agent: *\nDisallow: /private/\n")
        for p in range(PRIVATE_PAGES):
            write(os.path.join(root, f"private/p{p}.html"), "<html><body>private</body></html>\n")
        if kind == "docs":
            site = DocsSite(rng, per_host)
            for i in range(per_host):
                write(os.path.join(root, site.paths[i].lstrip("/")), site.page(rng, i))
        else:
            for i in range(per_host):
                write(os.path.join(root, page_name(i)), page(rng, pool, i, per_host))


if __name__ == "__main__":
    main()
