#!/usr/bin/env python3
"""Writes a synthetic pairing instance (docs/matching.md) on standard output.

Students and offers are spread around 40 French cities (a few tens of km of jitter),
12 job families, 5 wishes per student chosen among offers near them, seeded.

    python3 bench/matching_instance.py --students 50000 --offers 5000 --capacity 10 > instance.json
"""
import argparse
import json
import random

CITIES = [
    (48.85, 2.35), (45.76, 4.84), (43.30, 5.37), (43.60, 1.44), (47.22, -1.55), (48.11, -1.68),
    (44.84, -0.58), (50.63, 3.06), (48.58, 7.75), (43.61, 3.88), (43.70, 7.27), (49.12, 6.18),
    (47.32, 5.04), (47.90, 1.90), (49.44, 1.10), (49.18, -0.37), (45.78, 3.08), (45.83, 1.26),
    (46.58, 0.34), (47.24, 6.02), (45.19, 5.72), (41.93, 8.74), (49.89, 2.30), (47.39, 0.69),
    (48.39, -4.49), (48.69, 6.18), (49.26, 4.03), (43.12, 5.93), (43.30, -0.37), (42.70, 2.90),
    (48.00, 0.20), (47.47, -0.55), (44.93, 4.89), (46.16, -1.15), (43.84, 4.36), (50.29, 2.78),
    (47.75, 7.34), (45.04, 3.88), (44.35, 2.57), (46.32, -0.46),
]
JOBS = ["developpeur", "data-scientist", "ingenieur-donnees", "rssi", "analyste-cybersecurite",
        "architecte-si", "chef-de-projet", "product-manager", "designer", "administrateur-systemes",
        "devops", "geomaticien"]
ADMINISTRATIONS = ["premier-ministre", "interieur", "armees", "economie", "justice", "education",
                   "transition-ecologique", "travail-solidarites"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=50000)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--capacity", type=int, default=10)
    parser.add_argument("--wishes", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def place():
        city = rng.randrange(len(CITIES))
        lat, lon = CITIES[city]
        return city, round(lat + rng.uniform(-0.3, 0.3), 4), round(lon + rng.uniform(-0.4, 0.4), 4)

    offers, by_city = [], [[] for _ in CITIES]
    for i in range(args.offers):
        city, lat, lon = place()
        lowest = rng.choice([2, 3, 3, 4])
        offers.append({"id": f"o{i}", "capacity": args.capacity, "job": rng.choice(JOBS),
                       "administration": rng.choice(ADMINISTRATIONS), "lat": lat, "lon": lon,
                       "levels": list(range(lowest, 6))})
        by_city[city].append(f"o{i}")
    students = []
    for i in range(args.students):
        city, lat, lon = place()
        near = by_city[city] or [o["id"] for o in offers]
        students.append({"id": f"s{i}", "level": rng.randint(2, 5), "lat": lat, "lon": lon,
                         "radius_km": rng.choice([20, 50, 100, 200]),
                         "wishes": rng.sample(near, min(args.wishes, len(near))),
                         "jobs": rng.sample(JOBS, rng.choice([1, 1, 2])),
                         "administrations": rng.sample(ADMINISTRATIONS, rng.choice([0, 1]))})
    json.dump({"seed": args.seed,
               "weights": {"wish_rank": [100, 80, 60, 40, 20], "job": 30, "administration": 20,
                           "distance_per_km": 0.2},
               "students": students, "offers": offers, "locked": []}, __import__("sys").stdout)


if __name__ == "__main__":
    main()
