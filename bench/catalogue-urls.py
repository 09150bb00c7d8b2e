"""Writes a wrk Lua script that requests 500 different catalogue searches, drawn (with a
fixed seed) from the filter values the /offres page offers: job, région, département,
ministry, free text, page.
    python3 bench/catalogue-urls.py page.html > mix.lua
"""
import random
import re
import sys

html = open(sys.argv[1], encoding="utf-8").read()


def options(name):
    select = re.search(r'<select[^>]*name="%s".*?</select>' % name, html, re.S)
    values = re.findall(r'<option[^>]*value="([^"]+)"', select.group(0)) if select else []
    return [v for v in values if v]


jobs, regions, departements = options("metier"), options("region"), options("departement")
administrations = options("administration")
words = ["donnees", "securite", "cloud", "produit", "reseau", "design", "web", "projet"]
rng = random.Random(2026)
urls = set()
while len(urls) < 500:
    query = []
    if rng.random() < 0.7:
        query.append("metier=" + rng.choice(jobs))
    place = rng.random()
    if place < 0.4:
        query.append("region=" + rng.choice(regions))
    elif place < 0.6:
        query.append("departement=" + rng.choice(departements))
    if administrations and rng.random() < 0.2:
        query.append("administration=" + rng.choice(administrations))
    if rng.random() < 0.15:
        query.append("q=" + rng.choice(words))
    if rng.random() < 0.2:
        query.append("page=" + str(rng.randint(2, 4)))
    urls.add("/offres" + ("?" + "&".join(query) if query else ""))
print("local urls = {")
for url in sorted(urls):
    print('  "%s",' % url)
print("}")
print("local i = 0")
print("request = function()")
print("  i = i % #urls + 1")
print("  return wrk.format(\"GET\", urls[i])")
print("end")
