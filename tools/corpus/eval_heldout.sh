#!/usr/bin/env bash
# Cross-outlet figures: detection (score_news.py) and what reaches the published text
# (survivors.py, under standard and strict) on the held-out outlets of the news corpus, per
# region set and for all held-out outlets together; news-dev beside them for comparison.
#   tools/corpus/eval_heldout.sh [train]   (env: VEIL=.build/release/veil, SHARED=../shared)
# The corpus's gold files are corpus/news/gold/*.jsonl (adjudicated spans); the split by outlet
# is tools/corpus/split.py's. With "train", the train side is scored too (for tuning).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="${SHARED:-../shared}"
veil="${VEIL:-.build/release/veil}"
out="${OUT:-.build/heldout}"
mkdir -p "$out"
python3 tools/corpus/split.py corpus/news/gold/*.jsonl --out "$out/split"
sets=("$out"/split/held-*.jsonl "$out/split/held.jsonl")
[[ "${1:-}" == train ]] && sets+=("$out/split/train.jsonl")
for gold in "${sets[@]}" "$shared/eval/news-dev.jsonl"; do
  name=$(basename "$gold" .jsonl)
  python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    d=json.loads(l); print(json.dumps({"id":d["id"],"text":d["text"]}, ensure_ascii=False))' "$gold" > "$out/$name.in.jsonl"
  "$veil" audit --jsonl < "$out/$name.in.jsonl" > "$out/$name.pred.jsonl"
  echo "== $name ($(wc -l < "$gold") documents)"
  python3 "$shared/tools/score_news.py" "$gold" "$out/$name.pred.jsonl" | grep -E "headline|micro|precision|category" || true
  for policy in standard strict; do
    python3 "$shared/tools/survivors.py" "$veil" "$policy" "$gold"
  done
done
