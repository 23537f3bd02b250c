#!/usr/bin/env bash
# Rebuilds corpus/news/gold/<batch>.jsonl from the two annotations in corpus/news/<batch>.jsonl
# and the adjudicator's decisions in corpus/news/adjudication/<batch>-decisions.jsonl, and
# prints the agreement of the two annotators per batch and over all batches.
#   tools/corpus/build_gold.sh [BATCH...]     (default: every batch with decisions)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=corpus/news
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
batches=("$@")
if [[ ${#batches[@]} -eq 0 ]]; then
  for d in "$dir"/adjudication/*-decisions.jsonl; do batches+=("$(basename "$d" -decisions.jsonl)"); done
fi
mkdir -p "$dir/gold"
for b in "${batches[@]}"; do
  python3 tools/corpus/resolve_spans.py "$dir/$b.jsonl" "$tmp/$b-A.jsonl" --key annotations_a 2>/dev/null
  python3 tools/corpus/resolve_spans.py "$dir/$b.jsonl" "$tmp/$b-B.jsonl" --key annotations_b 2>/dev/null
  echo "== agreement, $b"
  python3 tools/corpus/agreement.py "$tmp/$b-A.jsonl" "$tmp/$b-B.jsonl"
  python3 tools/corpus/adjudicate.py "$tmp/$b-A.jsonl" "$tmp/$b-B.jsonl" "$dir/adjudication/$b-decisions.jsonl" "$dir/gold/$b.jsonl"
done
if [[ ${#batches[@]} -gt 1 ]]; then
  cat "$tmp"/*-A.jsonl > "$tmp/all-A"; cat "$tmp"/*-B.jsonl > "$tmp/all-B"
  echo "== agreement, all batches"
  python3 tools/corpus/agreement.py "$tmp/all-A" "$tmp/all-B"
fi
