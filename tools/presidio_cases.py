#!/usr/bin/env python3
"""Presidio's analyzer test tables as a public specification of identifier formats.

usage: presidio_cases.py PRESIDIO_GIT_DIR [--veil PATH] [--list] [--failures]

Reads the parametrized tables of Presidio's recognizer tests straight from a git checkout or
bare mirror of microsoft/presidio (nothing of it is copied into this repository) and runs each
case's text through `veil audit --jsonl`. A positive case passes when every expected span is
covered (80% of its non-space characters) by Veil findings; a negative case (expected_len 0)
passes when Veil reports no finding of the file's kind (contact for the identifier files,
date for dates). Prints per kind: cases, passed, share.
"""
import ast, json, os, subprocess, sys

FILES = {  # test file -> kind, category Veil should use
    "test_email_recognizer.py": ("email", {"contact"}),
    "test_phone_recognizer.py": ("phone", {"contact"}),
    "test_url_recognizer.py": ("url", {"contact"}),
    "test_ip_recognizer.py": ("ip", {"contact"}),
    "test_credit_card_recognizer.py": ("card", {"contact"}),
    "test_iban_recognizer.py": ("iban", {"contact"}),
    "test_date_recognizer.py": ("date", {"date"}),
    "test_spacy_recognizer.py": ("spacy", None),  # entity_num 0 = person, 1 = date
}


def read(repo, name):
    path = "presidio-analyzer/tests/" + name
    if os.path.isdir(os.path.join(repo, "presidio-analyzer")):
        return open(os.path.join(repo, path), encoding="utf-8").read()
    return subprocess.run(["git", "-C", repo, "show", "HEAD:" + path], capture_output=True,
                          text=True, check=True).stdout


def cases(source):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for dec in node.decorator_list:
            if not (isinstance(dec, ast.Call) and getattr(dec.func, "attr", "") == "parametrize"):
                continue
            try:
                names = [n.strip() for n in ast.literal_eval(dec.args[0]).split(",")]
                rows = ast.literal_eval(dec.args[1])
            except Exception:
                continue
            if names[0] not in ("text", "iban") or "expected_len" not in names:
                continue
            pos_name = next((n for n in ("expected_positions", "expected_res") if n in names), None)
            for row in rows:
                row = dict(zip(names, row))
                yield row[names[0]], row["expected_len"], tuple(row.get(pos_name) or ()), row


def covered(span, findings, text):
    s, e = span
    need = [i for i in range(s, e) if not text[i].isspace()]
    if not need:
        return True
    hit = sum(1 for i in need if any(f["start"] <= i < f["end"] for f in findings))
    return hit >= 0.8 * len(need)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    veil = sys.argv[sys.argv.index("--veil") + 1] if "--veil" in sys.argv else ".build/release/veil"
    args = [a for a in args if a != veil]
    repo = args[0]
    todo = []
    for name, (kind, cats) in FILES.items():
        for text, n, positions, row in cases(read(repo, name)):
            k, c = kind, cats
            if kind == "spacy":
                k, c = ("person", {"person"}) if row.get("entity_num") == 0 else ("date", {"date"})
            if not text:
                continue
            todo.append((k, c, text, n, positions))
    lines = "".join(json.dumps({"id": str(i), "text": t[2]}) + "\n" for i, t in enumerate(todo))
    out = subprocess.run([veil, "audit", "--jsonl"], input=lines, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        d = json.loads(line)
        found[d["id"]] = d.get("findings", [])
    stats, failures = {}, []
    for i, (kind, cats, text, n, positions) in enumerate(todo):
        fs = [f for f in found.get(str(i), []) if f.get("category") in cats]
        if n == 0:
            ok = not fs
        else:
            ok = bool(positions) and all(covered(tuple(p), fs, text) for p in positions)
        s = stats.setdefault(kind, [0, 0]); s[0] += 1; s[1] += ok
        if not ok:
            failures.append((kind, n, text, [(f["start"], f["end"], f["category"]) for f in found.get(str(i), [])]))
    total = sum(s[0] for s in stats.values()); passed = sum(s[1] for s in stats.values())
    for kind, (c, p) in sorted(stats.items()):
        print(f"{kind:<8}{p:>5} of {c:<5}{p / c:7.1%}")
    print(f"{'all':<8}{passed:>5} of {total:<5}{passed / total:7.1%}")
    if "--failures" in sys.argv:
        for f in failures:
            print("FAIL", f[0], f"expected {f[1]}", repr(f[2][:120]), f[3])


if __name__ == "__main__":
    main()
