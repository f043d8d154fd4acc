#!/usr/bin/env python3
"""Writes two generated sites for scripts/bench-guided, on subjects and in a layout the crawl was
never tuned on: a gardening handbook and a city guide. Each has sections written in their own
words; every page links to its section's other pages through an index, to pages of other sections
("related", "popular"), and to the site's navigation. Prints one line per site:
"name<TAB>root<TAB>instruction<TAB>relevant path prefix<TAB>pages<TAB>relevant pages<TAB>paraphrase",
the paraphrase asking for the same section in words its pages' titles and URLs do not use.

usage: topical_sites.py ROOT
"""
import os
import random
import re
import sys

SITES = {
    "garden": {
        "title": "The gardening handbook",
        "instruction": "pests and plant diseases, and how to treat them",
        "paraphrase": "how to get rid of the bugs and fungus that hurt my plants",
        "relevant": "Pests and diseases",
        "sections": {
            "Vegetables": (["Growing tomatoes", "Sowing carrots", "Potatoes in containers", "Runner beans",
                            "Onions and garlic", "Salad leaves all year", "Courgettes", "Peppers and chillies",
                            "Crop rotation", "Raised beds", "Harvesting and storing", "Brassicas"],
                           "sow seed bed soil harvest crop row seedling compost water sun grow plant"),
            "Fruit trees": (["Planting an apple tree", "Pruning pear trees", "Cherries", "Plums and gages",
                             "Training a fan", "Rootstocks explained", "Thinning fruit", "Figs",
                             "Soft fruit bushes", "Strawberries", "Picking and storing apples", "Grafting"],
                            "tree prune branch blossom fruit orchard graft rootstock harvest ripe winter"),
            "Lawn care": (["Mowing heights", "Feeding a lawn", "Scarifying moss", "Sowing a new lawn",
                           "Laying turf", "Watering in drought", "Edging and borders", "Aerating compacted soil",
                           "Wildflower meadows", "Repairing bare patches", "Autumn lawn jobs", "Choosing a mower"],
                          "grass mow turf moss feed seed roller edge drought aerate green blade"),
            "Pests and diseases": (["Aphids on roses", "Slugs and snails", "Blight on tomatoes", "Powdery mildew",
                                    "Vine weevils", "Carrot fly", "Clubroot", "Rust on leeks", "Codling moth",
                                    "Treating black spot", "Organic pest control", "Sick houseplants"],
                                   "pest disease fungus infection leaves spots treat spray aphid slug mildew"
                                   " blight rot damage insect"),
            "Composting": (["Starting a compost heap", "Wormeries", "Leaf mould", "Hot composting",
                            "What not to compost", "Bokashi", "Using finished compost", "Green manures",
                            "Compost bins compared", "Turning the heap", "Mulching", "Comfrey feed"],
                           "compost heap worm rot bin mulch green brown layer turn carbon nitrogen"),
        },
    },
    "city": {
        "title": "City guide",
        "instruction": "where to eat: restaurants, cafes and food markets",
        "paraphrase": "good places for dinner or a quick bite",
        "relevant": "Food and drink",
        "sections": {
            "Museums": (["The national gallery", "Science museum", "Modern art centre", "Maritime museum",
                         "Free museums", "The history museum", "Photography house", "Museum passes",
                         "Children's museum", "Sculpture garden"],
                        "museum gallery exhibition collection art painting ticket curator visit hall"),
            "Food and drink": (["Best breakfast cafes", "The covered market", "Street food stalls",
                                "Seafood restaurants by the harbour", "Vegetarian restaurants", "Bakeries",
                                "Fine dining", "Cheap eats", "Coffee roasters", "Wine bars with small plates"],
                               "restaurant cafe dish menu chef market food eat lunch dinner coffee table"
                               " kitchen taste"),
            "Parks": (["The botanical gardens", "Riverside walks", "The old castle park", "Lakes for swimming",
                       "Picnic spots", "Dog-friendly parks", "Cycling trails", "Playgrounds",
                       "Rose garden", "Hill viewpoints"],
                      "park tree lawn path lake walk garden trail bench view green"),
            "Nightlife": (["Live music venues", "Jazz clubs", "Late-night bars", "Theatre district",
                           "Comedy nights", "Cinemas", "Rooftop terraces", "Dance clubs",
                           "Open-air concerts", "Festivals"],
                          "music club night bar stage show concert ticket band dance late"),
            "Getting around": (["Metro map", "Buses and trams", "Renting a bike", "Taxis and ride shares",
                                "From the airport", "Travel cards", "Walking tours", "Parking",
                                "Ferries", "Accessibility"],
                               "metro bus tram ticket line station route card fare airport transfer"),
            "Hotels": (["Boutique hotels", "Hostels", "Family hotels", "Hotels near the station",
                        "Apartments", "Luxury stays", "Camping", "Booking tips", "Neighbourhoods to stay",
                        "Hotels with a view"],
                       "hotel room night stay booking bed breakfast suite check guest"),
        },
    },
}


def slug(text):
    return re.sub(r"(^-|-$)", "", re.sub(r"[^a-z0-9]+", "-", text.lower()))


def prose(rng, words, n):
    common = "the a to of and is when you can with this in for it on".split()
    return " ".join(rng.choice(words) if rng.random() < 0.35 else rng.choice(common) for _ in range(n))


def write(root, name, site):
    rng = random.Random(name)
    sections = site["sections"]
    paths = {s: [f"/{slug(s)}/"] + [f"/{slug(s)}/{slug(t)}.html" for t in pages] for s, (pages, _) in sections.items()}
    everything = [(s, i) for s in sections for i in range(len(sections[s][0]))]
    popular = rng.sample(everything, 5)

    def page(title, main, aside=""):
        nav = "".join(f'<a href="{paths[s][0]}">{s}</a> ' for s in sections)
        pop = "".join(f'<li><a href="{paths[s][i + 1]}">{sections[s][0][i]}</a></li>' for s, i in popular)
        return (f"<!doctype html><html><head><title>{title} | {site['title']}</title></head><body>"
                f"<header><a href=\"/\">{site['title']}</a><nav>{nav}</nav></header>"
                f"<article><h1>{title}</h1>{main}</article><aside>{aside}<h3>Popular</h3><ul>{pop}</ul>"
                f"</aside><footer><a href=\"/\">Home</a></footer></body></html>\n")

    def put(path, html):
        file = os.path.join(root, name, path.lstrip("/"))
        if path.endswith("/"):
            file = os.path.join(file, "index.html")
        os.makedirs(os.path.dirname(file), exist_ok=True)
        with open(file, "w") as f:
            f.write(html)

    names = list(sections)
    for s, (titles, vocabulary) in sections.items():
        words = vocabulary.split()
        items = "".join(f'<li><a href="{paths[s][i + 1]}">{t}</a></li>' for i, t in enumerate(titles))
        put(paths[s][0], page(s, f"<p>{prose(rng, words, 60)}</p><ul>{items}</ul>"))
        for i, title in enumerate(titles):
            related = []
            for other in rng.sample([n for n in names if n != s], 2):
                j = rng.randrange(len(sections[other][0]))
                related.append(f'<li><a href="{paths[other][j + 1]}">{sections[other][0][j]}</a></li>')
            main = "".join(f"<p>{prose(rng, words, 80)}</p>" for _ in range(3))
            put(paths[s][i + 1], page(title, main, "<h3>Related</h3><ul>" + "".join(related) + "</ul>"))
    home = "".join(f'<li><a href="{paths[s][0]}">{s}</a></li>' for s in sections)
    put("/", page(site["title"], f"<p>Everything about the subject.</p><ul>{home}</ul>"))
    total = 1 + sum(len(p) for p in paths.values())
    print("\t".join([name, os.path.join(root, name), site["instruction"], paths[site["relevant"]][0],
                     str(total), str(len(paths[site["relevant"]])), site["paraphrase"]]))


for name, site in SITES.items():
    write(sys.argv[1], name, site)
