"""Groups a `perf report --no-children --sort symbol --stdio` listing by crate (or C
library): the share of samples spent in each one's own code."""

import re
import sys
from collections import Counter

LINE = re.compile(r"([\d.]+)%\s+\[(.)\]\s+(\S.*)")
C_FAMILIES = {
    "sqlite": re.compile(r"^(sqlite3|where|vdbe|btree|pcache|pager|yy|lookaside)", re.I),
    "malloc (libc)": re.compile(r"^(_?_?int_|malloc|cfree|realloc|unlink_chunk|tcache)"),
    "mimalloc": re.compile(r"^_?mi_"),
}

shares = Counter()
for line in sys.stdin:
    # perf pads its lines with spaces: strip them before matching.
    match = LINE.match(line.strip())
    if not match:
        continue
    share, kind, symbol = float(match[1]), match[2], match[3]
    symbol = symbol.split("  ")[0]
    if kind == "k":
        shares["noyau (ordonnancement, réseau)"] += share
        continue
    name = symbol.lstrip("<&* ")
    group = next((g for g, rx in C_FAMILIES.items() if rx.match(name)), None)
    if group is None and "::" in name:
        group = name.split("::")[0].split(" ")[0].split("<")[0]
    shares[group or "autres (libc…)"] += share
for group, share in shares.most_common(20):
    print(f"{share:6.2f} %  {group}")
