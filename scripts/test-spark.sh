#!/usr/bin/env bash
# Tests the Spark integration (integrations/spark) in local mode against a single
# `veil audit --jsonl` run over the same generated corpus.
#
#   VEIL=path/to/veil scripts/test-spark.sh     # a built veil, its Veil_VeilDetect.resources beside it
#   scripts/test-spark.sh                       # builds veil in release mode first
#
# Installs what is missing: Java 17 (Debian's openjdk-17-jre-headless) and pyspark (pip).
# SPARK_TEST_DOCUMENTS sets the corpus size (default 12000; at least 10000 for the measured run).
# Ends with `spark: N passed, M failed`; exits 1 when a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
spark_dir="$root/integrations/spark"
began=$(date +%s)
passed=0
failed=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { if python3 "$spark_dir/check_output.py" "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi; }
now() { date +%s.%N; }

# --- What the test needs -------------------------------------------------------------------
java_major() { java -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }'; }
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
  echo "test-spark: installing openjdk-17-jre-headless" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! python3 -c 'import pyspark' >/dev/null 2>&1; then
  echo "test-spark: installing pyspark" >&2
  python3 -m pip install -q pyspark
fi
command -v spark-submit >/dev/null 2>&1 || PATH="$(python3 -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin"))'):$PATH"
if [ -z "${VEIL:-}" ]; then
  echo "test-spark: building veil (release)" >&2
  swift build -c release --product veil >/dev/null
  VEIL="$root/.build/release/veil"
fi
VEIL="$(readlink -f "$VEIL")"
[ -x "$VEIL" ] || { echo "test-spark: $VEIL is not an executable" >&2; exit 2; }
echo "test-spark: veil $VEIL; java $(java_major); pyspark $(python3 -c 'import pyspark; print(pyspark.__version__)')"
setup_seconds=$(( $(date +%s) - began ))

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"   # spark-submit leaves spark-warehouse/ and metastore files in its working directory
documents="${SPARK_TEST_DOCUMENTS:-12000}"
python3 "$spark_dir/make_corpus.py" corpus --documents "$documents" --files 4
cat corpus/*.jsonl > all.jsonl
lines=$(wc -l < all.jsonl)
bash "$spark_dir/make_archive.sh" "$VEIL" veil.tar.gz >/dev/null
quiet=(--conf spark.ui.enabled=false)

single() {  # single [veil options...] : one veil audit --jsonl over the whole corpus; prints seconds
  local t0 t1
  t0=$(now); "$VEIL" audit --jsonl "$@" < all.jsonl > "$out_file"; t1=$(now)
  python3 -c "print(round($t1 - $t0, 3))"
}

# --- Run 1: local[2], veil shipped as an archive ---------------------------------------------
out_file=reference.jsonl
single1=$(single)
t0=$(now)
if spark-submit --master 'local[2]' "${quiet[@]}" --archives veil.tar.gz#veil \
     "$spark_dir/veil_audit_spark.py" corpus out1 > run1.log 2>&1; then
  ok "spark-submit --master local[2] --archives veil.tar.gz#veil: $(grep '^veil_audit_spark:' run1.log)"
else
  bad "spark-submit (run 1) failed:"; tail -30 run1.log
fi
t1=$(now)
out_file=reference-again.jsonl
single2=$(single)
cmp -s reference.jsonl reference-again.jsonl || bad "two single veil runs differ"
total1=$(python3 -c "print(round($t1 - $t0, 3))")

if [ -f out1/_SUCCESS ]; then
  check identical reference.jsonl out1
  check ids-once out1 "$lines"
  check errors reference.jsonl out1 corpus
  check summary reference.jsonl out1
  # (b) Throughput. The job's time is counted from its SparkSession being up to every output
  # written (JVM and SparkContext start-up and query planning excluded). That still holds costs
  # paid once per run whatever the corpus size (Python workers starting, the write job's setup):
  # they are measured by the same job on a 200-document corpus and taken off, so the ratio
  # compares documents per second once running. The single process's time is the mean of two
  # runs, one just before and one just after the Spark run. The plain ratio is printed too.
  python3 "$spark_dir/make_corpus.py" small --documents 200 --files 4 --seed 15
  spark-submit --master 'local[2]' "${quiet[@]}" --archives veil.tar.gz#veil \
    "$spark_dir/veil_audit_spark.py" small out-small > run-small.log 2>&1 || { bad "the 200-document run failed"; tail -20 run-small.log; }
  read -r planning job fixed ratio plain verdict < <(python3 -c "
import json
def after_planning(out):
    s = json.load(open(out + '/summary/summary.json'))['seconds']
    return s['planning'], s['total'] - s['planning']
planning, job = after_planning('out1')
fixed = after_planning('out-small')[1]
single = ($single1 + $single2) / 2
r = (job - fixed) / single
print(planning, round(job, 3), round(fixed, 3), round(r, 2), round(job / single, 2), 'ok' if r <= 1.5 else 'slow')") || true
  msg="throughput on $lines documents: single veil ${single1} s and ${single2} s; Spark local[2] ${job} s after start-up and planning, of which ${fixed} s fixed (a 200-document run's), planning ${planning} s, whole spark-submit ${total1} s; steady-state ratio ${ratio} (limit 1.5), ${plain} with the fixed costs"
  if [ "$verdict" = ok ]; then ok "$msg"; else bad "$msg"; fi
else
  bad "run 1 wrote no _SUCCESS"
fi

# --- Run 2: local[2,2] (a task may fail twice), an installed veil (--veil), a policy file, small
# partitions (files split between tasks), and the first attempt of partition 1 failing after
# it has written 100 lines: Spark retries it; the output must hold each line once. -------------
cp "$root/policies/strict.yaml" strict-copy.yaml
out_file=reference-strict.jsonl
single --policy strict-copy.yaml >/dev/null
if spark-submit --master 'local[2,2]' "${quiet[@]}" \
     --conf spark.veil.test.failFirstAttemptOfPartition=1 --conf spark.sql.files.maxPartitionBytes=1m \
     "$spark_dir/veil_audit_spark.py" corpus out2 --veil "$(dirname "$VEIL")" --policy strict-copy.yaml \
     > run2.log 2>&1; then
  ok "spark-submit --master local[2,2] --veil DIR --policy FILE, one task failing once: $(grep '^veil_audit_spark:' run2.log)"
else
  bad "spark-submit (run 2) failed:"; tail -30 run2.log
fi
if grep -q "injected failure of the first attempt of partition 1" run2.log && grep -q "Lost task 1.0 in stage 0.0" run2.log; then
  ok "the first attempt of partition 1 failed after writing 100 lines and Spark ran it again"
else
  bad "no injected task failure in run 2's log"
fi
if [ -f out2/_SUCCESS ]; then
  check ids-once out2 "$lines"
  check identical reference-strict.jsonl out2
  check errors reference-strict.jsonl out2 corpus
  check summary reference-strict.jsonl out2
else
  bad "run 2 wrote no _SUCCESS"
fi

# --- Without Spark: the summary's line parser, locating veil, the watch-list probe -------------
check fast-path reference.jsonl
check units "$VEIL"

elapsed=$(( $(date +%s) - began ))
echo "test-spark: ${elapsed} s in all (${setup_seconds} s finding or installing Java, pyspark and veil)"
echo "spark: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
