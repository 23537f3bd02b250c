#!/usr/bin/env python3
"""Train Veil's learned token tagger (an averaged structured perceptron, BIO labels, Viterbi).

usage: tools/model/train.py [--bench PATH] [--epochs N] [--bits N] [--folds K] [--seed S]
                            [--out Sources/VeilDetect/Lexicons/model/tagger.bin] [--cv-only]

Trains on the train side of the project's own news corpus only: corpus/news/gold/*.jsonl split
by tools/corpus/split.py (whole outlets to one side); the held-out side is never read. The
features are not computed here: `veil-bench model-features` dumps, for every token, the hashed
feature rows the Swift recognizer computes (after the rule recognizers ran), so training and
detection see the same features bit for bit. This script aligns the gold spans to the tokens
(BIO), runs K-fold cross-validation by outlet (out-of-fold predictions give the span figures
and the confidence calibration), then trains on every train-side report and writes the weights.

Deterministic: the visiting order of sentences is shuffled with a fixed seed; numpy only.
"""
import argparse, json, os, subprocess, sys, tempfile, hashlib
from collections import defaultdict
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SLOTS = 34
# Gold label -> Veil category the tagger learns (dates, ages, sums and contacts stay with the rules).
CATEGORIES = {"PERSON": "person", "NEIGHBORHOOD": "neighborhood", "CITY": "city", "PROVINCE": "province",
              "FACILITY": "facility", "OCCUPATION": "occupation", "SOURCE": "source"}
CATS = ["person", "neighborhood", "city", "province", "facility", "occupation", "source"]
LABELS = ["O"] + [f"{p}-{c}" for c in CATS for p in ("B", "I")]
L = len(LABELS)
FAMILY = {"person": 0, "neighborhood": 1, "city": 1, "province": 1, "country": 1, "facility": 2,
          "organization": 2, "occupation": 3, "source": 4}
HEADLINE = ["NEIGHBORHOOD", "CITY", "PROVINCE", "DATE", "SOURCE", "PERSON"]
SCORED = ["PERSON", "NEIGHBORHOOD", "CITY", "PROVINCE", "FACILITY", "DATE", "AGE", "AMOUNT", "SOURCE",
          "OCCUPATION", "CONTACT"]


def label_of(i):
    return LABELS[i]


def category_of(i):
    return None if i == 0 else CATS[(i - 1) // 2]


def is_begin(i):
    return i > 0 and (i - 1) % 2 == 0


# Allowed transitions (BIO): I-x only after B-x or I-x; never at a sentence start.
ALLOWED = np.ones((L, L), dtype=bool)
START_ALLOWED = np.ones(L, dtype=bool)
for c in range(1, L):
    if not is_begin(c):
        START_ALLOWED[c] = False
        for p in range(L):
            if category_of(p) != category_of(c):
                ALLOWED[p, c] = False
NEG = -1e9


def load_train(split_dir):
    subprocess.run([sys.executable, os.path.join(ROOT, "tools/corpus/split.py")]
                   + sorted(os.path.join(ROOT, "corpus/news/gold", f) for f in os.listdir(os.path.join(ROOT, "corpus/news/gold"))
                            if f.endswith(".jsonl"))
                   + ["--out", split_dir], check=True, stderr=subprocess.DEVNULL)
    with open(os.path.join(split_dir, "train.jsonl"), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def dump_features(bench, docs, bits, tmp):
    path = os.path.join(tmp, "train.in.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
    out = subprocess.run([bench, "model-features", "--corpus", path, "--bits", str(bits)], check=True,
                         capture_output=True).stdout
    feats = {}
    for line in out.decode("utf-8").splitlines():
        o = json.loads(line)
        feats[o["id"]] = o
    return feats


def byte_offsets(text):
    """Code-point index -> UTF-8 byte offset (one past the end included)."""
    offs = [0] * (len(text) + 1)
    b = 0
    for i, ch in enumerate(text):
        offs[i] = b
        b += len(ch.encode("utf-8"))
    offs[len(text)] = b
    return offs


def bio(doc, tokens):
    """Gold BIO label index per token: longer spans first; a token takes a span's label when at
    least half of its bytes lie inside it."""
    offs = byte_offsets(doc["text"])
    labels = np.zeros(len(tokens), dtype=np.int64)
    starts = np.array([t[0] for t in tokens], dtype=np.int64)
    spans = [s for s in doc["spans"] if s["label"] in CATEGORIES]
    spans.sort(key=lambda s: -(s["end"] - s["start"]))
    for s in spans:
        bs, be = offs[s["start"]], offs[s["end"]]
        k = int(np.searchsorted(starts, bs, side="right")) - 1
        k = max(k, 0)
        idx = []
        while k < len(tokens) and tokens[k][0] < be:
            ts, te = tokens[k][0], tokens[k][1]
            inter = min(te, be) - max(ts, bs)
            if inter * 2 >= te - ts and inter > 0:
                idx.append(k)
            k += 1
        if not idx or any(labels[i] != 0 for i in idx):
            continue
        c = CATS.index(CATEGORIES[s["label"]])
        labels[idx[0]] = 1 + 2 * c
        for i in idx[1:]:
            labels[i] = 2 + 2 * c
    return labels


def sentences(feat):
    tokens = feat["tokens"]
    rows = np.array(feat["rows"], dtype=np.int64).reshape(len(tokens), SLOTS)
    cuts = [i for i, t in enumerate(tokens) if t[2] == 1 or i == 0] + [len(tokens)]
    return [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)], rows


class Perceptron:
    def __init__(self, bits):
        n = 1 << bits
        self.W = np.zeros((n, L)); self.U = np.zeros((n, L))
        self.T = np.zeros((L, L)); self.TU = np.zeros((L, L))
        self.S = np.zeros(L); self.SU = np.zeros(L)
        self.c = 1

    def emissions(self, rows, W):
        return W[rows].sum(axis=1)

    def viterbi(self, em, T, S):
        n = em.shape[0]
        Tm = np.where(ALLOWED, T, NEG)
        delta = np.where(START_ALLOWED, S, NEG) + em[0]
        back = np.zeros((n, L), dtype=np.int64)
        for t in range(1, n):
            v = delta[:, None] + Tm
            back[t] = v.argmax(axis=0)
            delta = v.max(axis=0) + em[t]
        y = np.zeros(n, dtype=np.int64)
        y[-1] = int(delta.argmax())
        for t in range(n - 1, 0, -1):
            y[t - 1] = back[t, y[t]]
        return y

    def update(self, rows, gold, pred):
        c = self.c
        for t in np.nonzero(gold != pred)[0]:
            r = rows[t]
            np.add.at(self.W, (r, gold[t]), 1.0); np.add.at(self.U, (r, gold[t]), c)
            np.add.at(self.W, (r, pred[t]), -1.0); np.add.at(self.U, (r, pred[t]), -c)
        for seq, sign in ((gold, 1.0), (pred, -1.0)):
            self.S[seq[0]] += sign; self.SU[seq[0]] += sign * c
            for t in range(1, len(seq)):
                self.T[seq[t - 1], seq[t]] += sign; self.TU[seq[t - 1], seq[t]] += sign * c
        self.W[0] = 0; self.U[0] = 0

    def averaged(self):
        return self.W - self.U / self.c, self.T - self.TU / self.c, self.S - self.SU / self.c


def train(items, bits, epochs, seed):
    """items: list of (rows, gold) per sentence."""
    p = Perceptron(bits)
    rng = np.random.RandomState(seed)
    order = np.arange(len(items))
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            rows, gold = items[k]
            pred = p.viterbi(p.emissions(rows, p.W), p.T, p.S)
            if (pred != gold).any():
                p.update(rows, gold, pred)
            p.c += 1
    return p.averaged()


def decode_doc(model, feat):
    W, T, S = model
    sents, rows = sentences(feat)
    em = W[rows].sum(axis=1)
    y = np.zeros(len(feat["tokens"]), dtype=np.int64)
    p = Perceptron.__new__(Perceptron)
    for a, b in sents:
        y[a:b] = p.viterbi(em[a:b], T, S)
    spans = []
    k = 0
    n = len(y)
    while k < n:
        c = category_of(y[k])
        if c is None:
            k += 1; continue
        e = k + 1
        while e < n and not is_begin(y[e]) and category_of(y[e]) == c:
            e += 1
        margin = min(em[u, y[u]] - em[u, 0] for u in range(k, e))
        spans.append((feat["tokens"][k][0], feat["tokens"][e - 1][1], c, float(margin)))
        k = e
    return spans


def kept_spans(spans, feat, text_bytes):
    """The recognizer's filter: drop a span a rule finding of its family, or a public entity, overlaps."""
    n = text_bytes
    cov = np.zeros(n + 1, dtype=np.int64)
    for s, e, cat, pub in feat["rules"]:
        bit = 1 << FAMILY.get(cat, 5)
        if pub:
            bit |= 1 << 31
        cov[s:e] |= bit
    out = []
    for s, e, c, m in spans:
        bit = (1 << FAMILY[c]) | (1 << 31)
        if (cov[s:e] & bit).any():
            continue
        out.append((s, e, c, m))
    return out


def score(docs, feats, preds):
    """score_news.py's measures on byte offsets: caught when 80% of a gold span's non-space bytes
    are covered; a prediction is correct when it overlaps a scored gold span."""
    per = defaultdict(lambda: [0, 0])
    correct = false = 0
    for d in docs:
        raw = d["text"].encode("utf-8")
        offs = byte_offsets(d["text"])
        found = preds[d["id"]]
        cov = np.zeros(len(raw) + 1, dtype=bool)
        for s, e, *_ in found:
            cov[s:e] = True
        for g in d["spans"]:
            if g["label"] not in SCORED:
                continue
            bs, be = offs[g["start"]], offs[g["end"]]
            idx = [i for i in range(bs, be) if raw[i] not in b" \t\n\r"]
            per[g["label"]][0] += 1
            if idx and cov[idx].mean() >= 0.8:
                per[g["label"]][1] += 1
        gold = [(offs[g["start"]], offs[g["end"]], g["label"]) for g in d["spans"]]
        for s, e, *_ in found:
            hits = [g for g in gold if g[0] < e and s < g[1]]
            if any(h[2] in SCORED for h in hits):
                correct += 1
            elif not hits:
                false += 1
    rec = {k: v[1] / v[0] for k, v in per.items() if v[0]}
    head = np.mean([rec[k] for k in HEADLINE if k in rec])
    return head, correct / max(1, correct + false), rec


def correct_flags(doc, spans):
    offs = byte_offsets(doc["text"])
    gold = [(offs[g["start"]], offs[g["end"]]) for g in doc["spans"] if g["label"] in SCORED]
    return [any(g[0] < e and s < g[1] for g in gold) for s, e, _, _ in spans]


def platt(margins, ys, ridge=1.0):
    """Logistic fit of correctness on the standardized margin (Newton's method with a ridge, so a
    few dozen spans cannot drive it to a step function); the slope is kept non-negative."""
    x = np.array(margins, dtype=float); y = np.array(ys, dtype=float)
    sd = x.std() or 1.0
    xs = (x - x.mean()) / sd
    a, b = 0.0, 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(a * xs + b, -30, 30)))
        g = np.array([((p - y) * xs).sum() + ridge * a, (p - y).sum() + 0.1 * b])
        w = p * (1 - p)
        H = np.array([[(w * xs * xs).sum() + ridge, (w * xs).sum()], [(w * xs).sum(), w.sum() + 0.1]])
        step = np.linalg.solve(H, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-9:
            break
    a = max(a, 0.0)
    # Back to raw margins: a * (m - mean) / sd + b.
    return a / sd, b - a * x.mean() / sd


def fold_of(outlet, k):
    key = "".join(ch for ch in outlet.lower() if ch.isalnum())
    return hashlib.sha256(("fold:" + key).encode()).digest()[0] % k


def write_model(path, model, bits, calibration, provenance):
    W, T, S = model
    mx = max(np.abs(W).max(), np.abs(T).max(), np.abs(S).max(), 1e-9)
    scale = 32000.0 / mx
    q = np.clip(np.rint(W * scale), -32767, 32767).astype("<i2")
    nz = np.nonzero(np.abs(q).max(axis=1) > 0)[0]
    lines = ["format veil-tagger 1", f"slots {SLOTS}", f"bits {bits}", f"labels {','.join(LABELS)}", f"scale {scale:.6f}",
             f"rows {len(nz)}"]
    for c in CATS:
        a, b = calibration.get(c, (1.0, 0.0))
        lines.append(f"calibration.{c} {a:.6f} {b:.6f}")
    lines += provenance
    with open(path, "wb") as f:
        f.write(("\n".join(lines) + "\n\n").encode("utf-8"))
        f.write(np.clip(np.rint(T * scale), -32767, 32767).astype("<i2").tobytes())
        f.write(np.clip(np.rint(S * scale), -32767, 32767).astype("<i2").tobytes())
        rec = np.zeros(len(nz), dtype=[("row", "<u4"), ("w", "<i2", (L,))])
        rec["row"] = nz; rec["w"] = q[nz]
        f.write(rec.tobytes())
    return len(nz)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=os.path.join(ROOT, ".build/release/veil-bench"))
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--bits", type=int, default=18)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default=os.path.join(ROOT, "Sources/VeilDetect/Lexicons/model/tagger.bin"))
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--docs", type=int, default=0, help="train on the first N reports only (tests)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        docs = load_train(os.path.join(tmp, "split"))
        if args.docs:
            docs = docs[:args.docs]
        feats = dump_features(args.bench, docs, args.bits, tmp)
    per_doc = {}
    for d in docs:
        sents, rows = sentences(feats[d["id"]])
        gold = bio(d, feats[d["id"]]["tokens"])
        per_doc[d["id"]] = [(rows[a:b], gold[a:b]) for a, b in sents]
    print(f"train side: {len(docs)} reports, {sum(len(v) for v in per_doc.values())} sentences, "
          f"{sum(len(f['tokens']) for f in feats.values())} tokens", file=sys.stderr)
    # Cross-validation by outlet: out-of-fold spans for the figures and the calibration.
    margins = defaultdict(list); ys = defaultdict(list)
    rules_only = {}; combined = {}
    if args.folds > 1:
        for k in range(args.folds):
            test = [d for d in docs if fold_of(d["outlet"], args.folds) == k]
            items = [it for d in docs if fold_of(d["outlet"], args.folds) != k for it in per_doc[d["id"]]]
            model = train(items, args.bits, args.epochs, args.seed)
            for d in test:
                f = feats[d["id"]]
                spans = kept_spans(decode_doc(model, f), f, len(d["text"].encode("utf-8")))
                for (s, e, c, m), ok in zip(spans, correct_flags(d, spans)):
                    margins[c].append(m); ys[c].append(ok)
                rules_only[d["id"]] = [(s, e) for s, e, _, _ in f["rules"]] + [(s, e) for s, e in f.get("net", [])]
                combined[d["id"]] = rules_only[d["id"]] + [(s, e) for s, e, _, _ in spans]
            print(f"fold {k}: {len(test)} reports", file=sys.stderr)
        h0, p0, r0 = score(docs, feats, rules_only)
        h1, p1, r1 = score(docs, feats, combined)
        print(f"cross-validated by outlet ({args.folds} folds, rule findings and the unknown-name net):")
        print(f"  rules alone:       headline recall {h0:.3f}, precision {p0:.3f}")
        print(f"  rules plus model:  headline recall {h1:.3f}, precision {p1:.3f}")
        for lab in SCORED:
            if lab in r0:
                print(f"    {lab:<13} {r0[lab]:.3f} -> {r1[lab]:.3f}")
        for c in CATS:
            if ys[c]:
                print(f"  model {c:<13} {len(ys[c]):5d} spans kept, {np.mean(ys[c]):.3f} correct")
    calibration = {}
    for c in CATS:
        if len(ys[c]) >= 10 and 0 < sum(ys[c]) < len(ys[c]):
            calibration[c] = platt(margins[c], ys[c])
        elif ys[c]:
            calibration[c] = (0.0, float(np.log((sum(ys[c]) + 1) / (len(ys[c]) - sum(ys[c]) + 1))))
    for c, (a, b) in sorted(calibration.items()):
        print(f"  calibration {c:<13} sigmoid({a:.4f} * margin + {b:.3f})")
    if args.cv_only:
        return
    items = [it for d in docs for it in per_doc[d["id"]]]
    model = train(items, args.bits, args.epochs, args.seed)
    try:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "unknown"
    provenance = [f"trained commit {commit}",
                  f"command tools/model/train.py --epochs {args.epochs} --bits {args.bits} --folds {args.folds} --seed {args.seed}",
                  f"data {len(docs)} train-side reports of corpus/news/gold (tools/corpus/split.py)"]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    rows = write_model(args.out, model, args.bits, calibration, provenance)
    print(f"wrote {args.out}: {rows} rows, {os.path.getsize(args.out)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
