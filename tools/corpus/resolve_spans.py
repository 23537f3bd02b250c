#!/usr/bin/env python3
"""Turn annotations written as (text, label) pairs into gold spans with offsets.

usage: resolve_spans.py IN.jsonl OUT.jsonl [--key annotations] [--check]

IN lines: {"id", "text", ..., "<key>": [{"text": "Hyesan", "label": "CITY"},
                                         {"text": "the source", "label": "SOURCE", "nth": [2]}]}
Each entry marks every occurrence of its exact text in the document at word boundaries
(a letter or digit on neither side), or only the occurrences listed in "nth" (1-based).
OUT lines: the same record with "spans": [{"start","end","label","text"}] (Unicode code points,
end exclusive, sorted), the form ../shared/tools/score_news.py reads; the key is dropped.
Entries whose text does not occur are errors (printed to stderr with the document id; exit 1),
so a typo never silently loses a gold span.
"""
import json, sys

LABELS = {"PERSON", "NEIGHBORHOOD", "CITY", "PROVINCE", "FACILITY", "DATE", "AGE", "AMOUNT",
          "SOURCE", "OCCUPATION", "CONTACT", "PUBLIC", "COUNTRY", "ORG"}


def occurrences(text, needle):
    out, i = [], text.find(needle)
    while i >= 0:
        j = i + len(needle)
        left_ok = i == 0 or not (text[i - 1].isalnum()) or not needle[0].isalnum()
        right_ok = j == len(text) or not (text[j].isalnum()) or not needle[-1].isalnum()
        if left_ok and right_ok:
            out.append(i)
        i = text.find(needle, i + 1)
    return out


def resolve(doc, key):
    text, spans, errors = doc["text"], set(), []
    for a in doc.get(key, []):
        needle, label = a.get("text", ""), a.get("label", "")
        if label not in LABELS:
            errors.append(f"{doc['id']}: unknown label {label!r}")
            continue
        if not needle:
            errors.append(f"{doc['id']}: empty text for {label}")
            continue
        found = occurrences(text, needle)
        if not found:
            errors.append(f"{doc['id']}: {label} {needle!r} does not occur")
            continue
        nth = a.get("nth")
        if nth:
            bad = [n for n in nth if not (1 <= n <= len(found))]
            if bad:
                errors.append(f"{doc['id']}: {label} {needle!r} nth {bad} of {len(found)}")
            picks = [found[n - 1] for n in nth if 1 <= n <= len(found)]
        else:
            picks = found
        for s in picks:
            spans.add((s, s + len(needle), label))
    out = {k: v for k, v in doc.items() if k not in (key, "annotations_a", "annotations_b")}
    out["spans"] = [{"start": s, "end": e, "label": l, "text": text[s:e]} for s, e, l in sorted(spans)]
    return out, errors


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    key = "annotations"
    if "--key" in sys.argv:
        key = sys.argv[sys.argv.index("--key") + 1]
        args = [a for a in args if a != key]
    if len(args) != 2:
        sys.exit(__doc__)
    all_errors, n = [], 0
    with open(args[0], encoding="utf-8") as f, open(args[1], "w", encoding="utf-8") as g:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            out, errors = resolve(doc, key)
            all_errors += errors
            g.write(json.dumps(out, ensure_ascii=False) + "\n")
            n += 1
    for e in all_errors:
        print(e, file=sys.stderr)
    print(f"{n} documents, {len(all_errors)} errors", file=sys.stderr)
    sys.exit(1 if all_errors else 0)


if __name__ == "__main__":
    main()
