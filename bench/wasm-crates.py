"""Groups `twiggy top --format csv` rows of the main WASM module (before wasm-opt, with
its function names) by crate, to show where the bytes of the first visit come from."""

import csv
import re
import sys
from collections import Counter

GROUPS = [
    ("sections de noms et d'édition de liens (retirées au build)", r'^(custom section|"function names")'),
    # wasm-bindgen reads these to write the JS glue, then removes them.
    ("descriptions pour wasm-bindgen (retirées au build)", r"__wbindgen_describe|wbindgen_describe"),
    ("données (.rodata…)", r"^data segment"),
    ("serde_json", r"serde_json"),
    ("serde (code dérivé)", r"serde(_core)?::|__Visitor|__FieldVisitor"),
    ("formatage des flottants", r"flt2dec|dragon|grisu|zmij|float_to_decimal"),
    ("app::pages", r"app::pages"),
    ("app::components", r"app::components"),
    ("app (domain, api…)", r"\bapp::"),
    ("reactive_graph", r"reactive_graph"),
    ("tachys", r"tachys"),
    ("leptos_router", r"leptos_router"),
    ("leptos, leptos_meta, server_fn", r"leptos|server_fn"),
    ("wasm_bindgen, web_sys, js_sys", r"wasm_bindgen|web_sys|js_sys|__wbindgen|__wbg"),
    ("alloc, core, std", r"\b(alloc|core|std)\b|__rustc|dlmalloc|hashbrown"),
]

sizes = Counter()
total = 0
for row in csv.DictReader(sys.stdin):
    size = int(row["ShallowSize"])
    total += size
    group = next((g for g, rx in GROUPS if re.search(rx, row["Name"])), "autres (petites fonctions)")
    sizes[group] += size
removed = {GROUPS[0][0], GROUPS[1][0]}
code = total - sum(sizes[g] for g in removed)
print(f"{'Kio':>8}  {'part du code':>12}  groupe")
for group, size in sizes.most_common():
    share = "" if group in removed else f"{100 * size / code:.1f} %"
    print(f"{size / 1024:8.1f}  {share:>12}  {group}")
print(f"{code / 1024:8.1f}  {'100 %':>12}  code et données en tout")
