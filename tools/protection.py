#!/usr/bin/env python3
"""End-to-end protection: how many gold identifiers survive `veil redact` under each policy.

usage: tools/protection.py GOLD.jsonl [--veil PATH] [--policies standard,strict,minimal] [--show]

For every document, the text is redacted with a throwaway editor key, and each gold span of a
scored label counts as *surviving* when its text still occurs in the published text (compared
case-insensitively on word boundaries; for places and people this is what a reader would see).
A document that Veil refuses to redact (exit 5) is counted separately: nothing is published.
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile

SCORED = ["PERSON", "NEIGHBORHOOD", "CITY", "PROVINCE", "FACILITY", "DATE", "AGE",
          "AMOUNT", "SOURCE", "OCCUPATION", "CONTACT"]


def survives(span_text, published):
    pattern = r"(?<!\w)" + re.escape(span_text.strip()) + r"(?!\w)"
    return re.search(pattern, published, flags=re.IGNORECASE) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--veil", default=".build/release/veil")
    ap.add_argument("--policies", default="standard,strict,minimal")
    ap.add_argument("--show", action="store_true", help="list surviving spans")
    args = ap.parse_args()
    docs = [json.loads(l) for l in open(args.gold, encoding="utf-8") if l.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, VEIL_PROTECTION_PASS="protection measurement only")
        subprocess.run([args.veil, "keygen", "--output", f"{tmp}/k.key", "--passphrase-env",
                        "VEIL_PROTECTION_PASS", "--level", "interactive"], check=True,
                       capture_output=True, env=env)
        for policy in args.policies.split(","):
            total = collections.Counter()
            kept = collections.Counter()
            refused = 0
            shown = []
            for d in docs:
                src = f"{tmp}/{d['id']}.txt"
                with open(src, "w", encoding="utf-8") as f:
                    f.write(d["text"])
                out, vault = f"{tmp}/{d['id']}.{policy}.out", f"{tmp}/{d['id']}.{policy}.vault"
                r = subprocess.run([args.veil, "redact", src, "--to", f"{tmp}/k.key.pub", "--policy", policy,
                                    "--output", out, "--vault", vault, "--force"], capture_output=True, env=env)
                if r.returncode == 5:
                    refused += 1
                    continue
                if r.returncode != 0:
                    sys.exit(f"{d['id']}: veil redact failed ({r.returncode}): {r.stderr.decode()}")
                published = open(out, encoding="utf-8").read()
                for g in d["spans"]:
                    if g["label"] not in SCORED:
                        continue
                    total[g["label"]] += 1
                    if survives(g["text"], published):
                        kept[g["label"]] += 1
                        shown.append((d["id"], g["label"], g["text"]))
            n, s = sum(total.values()), sum(kept.values())
            print(f"== policy {policy}: {s} of {n} gold identifiers survive ({s / max(1, n):.1%}); {refused} documents refused")
            for lab in SCORED:
                if total[lab]:
                    print(f"  {lab:<13}{kept[lab]:>4} / {total[lab]:<4} survive")
            if args.show:
                for row in shown:
                    print("  SURVIVES", *row, sep="\t")


if __name__ == "__main__":
    main()
