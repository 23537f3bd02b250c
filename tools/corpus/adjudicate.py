#!/usr/bin/env python3
"""Final gold from two annotations and an adjudicator's decisions on where they differ.

usage: adjudicate.py A.jsonl B.jsonl DECISIONS.jsonl OUT.jsonl

A and B are resolved annotations (resolve_spans.py output) of the same documents. Spans both
give (same start, end, label) are kept. DECISIONS lines, one per document that had
disagreements: {"id", "keep": [{"start", "end", "label"}, ...]} lists the disagreeing spans
(from agreement.py --disagreements, only_a or only_b) that are right, optionally relabelled;
"add": [{"start", "end", "label"}] spans neither annotator gave. A disagreeing span that is
not kept is dropped. Every kept span must lie inside the text; the record's other fields
(source_url, outlet, country, genre, published, text) are A's.
"""
import json, sys


def load(path):
    return {d["id"]: d for d in (json.loads(l) for l in open(path, encoding="utf-8") if l.strip())}


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    A, B, D = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
    errors = 0
    with open(sys.argv[4], "w", encoding="utf-8") as out:
        for i, a in A.items():
            text = a["text"]
            sa = {(s["start"], s["end"], s["label"]) for s in a["spans"]}
            sb = {(s["start"], s["end"], s["label"]) for s in B[i]["spans"]} if i in B else sa
            final = sa & sb
            d = D.get(i, {})
            for s in d.get("keep", []) + d.get("add", []):
                if not (0 <= s["start"] < s["end"] <= len(text)):
                    print(f"{i}: span {s} outside the text", file=sys.stderr); errors += 1; continue
                final.add((s["start"], s["end"], s["label"]))
            if i not in D and sa != sb:
                print(f"{i}: disagreements but no decision", file=sys.stderr); errors += 1
            rec = {k: v for k, v in a.items() if k != "spans"}
            rec["spans"] = [{"start": s, "end": e, "label": l, "text": text[s:e]} for s, e, l in sorted(final)]
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(A)} documents, {errors} errors", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
