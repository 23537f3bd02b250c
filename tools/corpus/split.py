#!/usr/bin/env python3
"""Split the news corpus by outlet: whole outlets go to one side, never a story to each.

usage: split.py GOLD.jsonl... --out DIR

Writes DIR/train.jsonl (outlets the project may tune and train on) and DIR/held.jsonl (outlets
it must not look at while tuning), plus DIR/held-<region>.jsonl per region for the per-set
figures. The side of an outlet is fixed by a hash of its normalized name (SHA-256, first byte
< 102, about 40%, is held out), so adding records never moves an outlet between sides.
"""
import hashlib, json, os, sys
from collections import defaultdict


def outlet_key(name):
    return "".join(ch for ch in name.lower() if ch.isalnum())


def held(outlet):
    return hashlib.sha256(outlet_key(outlet).encode()).digest()[0] < 102


def main():
    args = sys.argv[1:]
    if "--out" not in args:
        sys.exit(__doc__)
    i = args.index("--out"); out = args[i + 1]; inputs = args[:i] + args[i + 2:]
    os.makedirs(out, exist_ok=True)
    sides = defaultdict(list)
    for path in inputs:
        region = os.path.basename(path).split(".")[0]
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            d = json.loads(line)
            side = "held" if held(d["outlet"]) else "train"
            sides[side].append(d)
            if side == "held":
                sides[f"held-{region}"].append(d)
    for name, docs in sorted(sides.items()):
        with open(os.path.join(out, name + ".jsonl"), "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        outlets = {outlet_key(d["outlet"]) for d in docs}
        print(f"{name}: {len(docs)} documents, {len(outlets)} outlets", file=sys.stderr)


if __name__ == "__main__":
    main()
