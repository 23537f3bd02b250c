#!/usr/bin/env bash
# Scores the detector on the evaluation corpora kept beside the checkout (../shared/eval), which
# are not part of the project and not needed by its tests.
#   tools/eval.sh [news|ner|all] [--misses]   (env: BUILD=debug|release, SCRATCH=.build)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"; shift || true
shared="${SHARED:-../shared}"
config="${BUILD:-release}"
scratch="${SCRATCH:-.build}"
swift build -c "$config" --scratch-path "$scratch" --product veil >/dev/null
veil="$scratch/$config/veil"
out="${OUT:-$scratch/eval}"
mkdir -p "$out"
if [[ "$which" == news || "$which" == all ]]; then
  "$veil" audit --jsonl < "$shared/eval/news-dev.jsonl" > "$out/news-dev.pred.jsonl"
  echo "== news-dev"
  python3 "$shared/tools/score_news.py" "$shared/eval/news-dev.jsonl" "$out/news-dev.pred.jsonl" "$@"
fi
if [[ "$which" == ner || "$which" == all ]]; then
  for corpus in wikigold gum-news gum-interview; do
    "$veil" audit --jsonl < "$shared/eval/ner/$corpus.jsonl" > "$out/$corpus.pred.jsonl"
    echo "== $corpus"
    if [[ "$corpus" == gum-* ]]; then
      python3 "$shared/tools/score_ner.py" "$shared/eval/ner/$corpus.jsonl" "$out/$corpus.pred.jsonl" --specific-only "$@" | tail -n 12
    else
      python3 "$shared/tools/score_ner.py" "$shared/eval/ner/$corpus.jsonl" "$out/$corpus.pred.jsonl" "$@" | tail -n 12
    fi
  done
fi
