#!/usr/bin/env python3
"""Count the wording defects garble.py finds in Veil's published text of news documents.

usage: garble_count.py VEIL GARBLE_PY POLICY DOCS.jsonl... [--list]
Each document ("text" field) is redacted as a file with POLICY; GARBLE_PY (../shared/tools/
garble.py) compares original and published text. Prints defects per kind and per report.
Use it on the train side of tools/corpus/split.py and on news-dev only: the held-out side is
measured by a separate reader, never read here. --list prints each defect (the published
wording, which may quote the original's words around it: for the terminal only).
"""
import collections, json, os, subprocess, sys, tempfile

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    listing = "--list" in sys.argv
    veil, garble, policy, docs = args[0], args[1], args[2], args[3:]
    t = tempfile.mkdtemp()
    env = dict(os.environ, P="pass")
    subprocess.run([veil, "keygen", "--output", f"{t}/k", "--passphrase-env", "P"], env=env, capture_output=True, check=True)
    kinds = collections.Counter(); n = refused = 0; rows = []
    for path in docs:
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            d = json.loads(line); n += 1
            src, out, vault = f"{t}/d.txt", f"{t}/o.txt", f"{t}/o.vault"
            open(src, "w", encoding="utf-8").write(d["text"])
            for f in (out, vault):
                if os.path.exists(f): os.remove(f)
            r = subprocess.run([veil, "redact", src, "--to", f"{t}/k.pub", "--policy", policy, "--output", out, "--vault", vault],
                               capture_output=True)
            if r.returncode != 0 or not os.path.exists(out):
                refused += 1; continue
            g = subprocess.run([sys.executable, garble, src, out], capture_output=True, text=True)
            for l in g.stdout.splitlines():
                kind = l.split("\t")[0]; kinds[kind] += 1; rows.append((d.get("id", "?"), l))
    total = sum(kinds.values())
    if listing:
        for i, l in rows: print(f"{i}\t{l}")
    for k, c in kinds.most_common(): print(f"  {c:4d}  {k}")
    print(f"{policy}: {total} defects in {n} documents ({total / max(1, n):.2f} per report); {refused} refused")

if __name__ == "__main__":
    main()
