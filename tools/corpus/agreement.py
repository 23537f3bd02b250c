#!/usr/bin/env python3
"""Inter-annotator agreement between two independent annotations of the same documents.

usage: agreement.py A.jsonl B.jsonl [--disagreements OUT.jsonl]

A and B hold resolved spans (resolve_spans.py output) for the same ids. Reports, over all
labels and per label: exact agreement F1 (same start, end and label; F1 of A against B, which
is symmetric) and overlap agreement F1 (same label, overlapping spans, matched one to one).
With --disagreements, writes one line per document with the spans only A or only B has
(exact comparison), for the adjudicator.
"""
import json, sys
from collections import Counter


def load(path):
    return {d["id"]: d for d in (json.loads(l) for l in open(path, encoding="utf-8") if l.strip())}


def spans(d):
    return {(s["start"], s["end"], s["label"]) for s in d.get("spans", [])}


def overlap_matches(a, b):
    used, hits = set(), Counter()
    for (s, e, l) in sorted(a):
        for j, (s2, e2, l2) in enumerate(sorted(b)):
            if j in used or l2 != l:
                continue
            if s < e2 and s2 < e:
                used.add(j); hits[l] += 1; break
    return hits


def f1(hit, na, nb):
    return 2 * hit / (na + nb) if na + nb else 1.0


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = None
    if "--disagreements" in sys.argv:
        out = sys.argv[sys.argv.index("--disagreements") + 1]
        args = [a for a in args if a != out]
    A, B = load(args[0]), load(args[1])
    ids = sorted(set(A) & set(B))
    exact, over, na, nb = Counter(), Counter(), Counter(), Counter()
    rows = []
    for i in ids:
        sa, sb = spans(A[i]), spans(B[i])
        for (_, _, l) in sa: na[l] += 1
        for (_, _, l) in sb: nb[l] += 1
        for (_, _, l) in sa & sb: exact[l] += 1
        over.update(overlap_matches(sa, sb))
        if out and sa != sb:
            text = A[i]["text"]
            fmt = lambda ss: [{"start": s, "end": e, "label": l, "text": text[s:e]} for s, e, l in sorted(ss)]
            rows.append({"id": i, "only_a": fmt(sa - sb), "only_b": fmt(sb - sa)})
    labels = sorted(set(na) | set(nb))
    print(f"{len(ids)} documents annotated by both ({len(set(A) ^ set(B))} by one only)")
    print(f"{'label':<14}{'A':>6}{'B':>6}{'exact F1':>10}{'overlap F1':>12}")
    for l in labels:
        print(f"{l:<14}{na[l]:>6}{nb[l]:>6}{f1(exact[l], na[l], nb[l]):>10.3f}{f1(over[l], na[l], nb[l]):>12.3f}")
    ta, tb = sum(na.values()), sum(nb.values())
    print(f"{'all':<14}{ta:>6}{tb:>6}{f1(sum(exact.values()), ta, tb):>10.3f}{f1(sum(over.values()), ta, tb):>12.3f}")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
