#!/usr/bin/env python3
"""Audit a JSON Lines archive ({"id","text"} per line) with `veil audit --jsonl` on Apache Spark.

    spark-submit [--archives veil.tar.gz#veil] veil_audit_spark.py INPUT[,INPUT...] OUTPUT
        [--policy standard|strict|minimal|FILE] [--veil PATH] [--top N]
        [--watchlist FILE --passphrase-env VAR]

INPUT is one or more files, directories or globs on any Hadoop file system (file://, hdfs://,
s3a://, ...), comma-separated. Each Spark partition is piped through ONE long-lived
`veil audit --jsonl` process: a writer thread feeds the partition's lines to veil's standard
input while the task reads veil's standard output line by line, so neither side can block the
other. veil answers every input line with exactly one line, in order, so the answer to input
line N is output line N of the same partition.

OUTPUT (must not exist) receives:
  findings/part-*.txt   veil's output lines, byte for byte, one per input line (error lines
                        for the lines veil refused included), in input order per partition
  errors/part-*.txt     one JSON line per refused or id-less input line: file, line number
                        (when known), id, veil's error message (never the text)
  summary/              summary.json, by_category.csv, top_documents.csv, summary.md
  _SUCCESS              written last, when everything above is complete

Tasks write only through Spark's output committer (one DataFrame write, partitioned by kind,
whose directories the driver then moves into place), so a task that fails and is retried
leaves no partial or duplicate output, and the summary is gathered from the committed per-task
statistics; the driver writes summary/ once at the end.
"""
import argparse
import collections
import csv
import heapq
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

SHIPPED_POLICIES = ("standard", "strict", "minimal")
BUNDLE = "Veil_VeilDetect.resources"
REMOVING = ("redact", "generalize", "pseudonymize")
# Test mode only: fail the first attempt of this partition half-way (see scripts/test-spark.sh).
FAIL_CONF = "spark.veil.test.failFirstAttemptOfPartition"

# A finding as FindingJSON writes it (fields in the contract's order). Inside a JSON string every
# '"' is escaped, so this can only match the keys of a finding; a line where it does not match
# every finding is parsed with json instead (`line_stats`).
FINDING = re.compile(rb'"category":"([^"\\]*)","confidence":[^,]*,"recognizer":"[^"\\]*","action":"([a-z]+)"')
FINDING_START = b'{"start":'


class AuditError(RuntimeError):
    """A failure of the veil process or its setup; the task fails and Spark retries it."""


# ---------------------------------------------------------------------------------------------
# Executor side

def locate_veil(veil_option):
    """The veil executable for this task: --veil, else the `veil` archive shipped with
    --archives veil.tar.gz#veil (SparkFiles, or ./veil in a YARN/K8s container), else PATH."""
    candidates = []
    if veil_option:
        candidates.append(veil_option)
    else:
        try:
            from pyspark import SparkFiles
            candidates.append(os.path.join(SparkFiles.getRootDirectory(), "veil"))
        except Exception:
            pass
        candidates.append(os.path.join(os.getcwd(), "veil"))
        found = shutil.which("veil")
        if found:
            candidates.append(found)
    for c in candidates:
        if os.path.isdir(c):
            c = os.path.join(c, "veil")
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.realpath(c)
    raise AuditError("veil not found (looked at %s): ship it with --archives veil.tar.gz#veil "
                     "(integrations/spark/make_archive.sh) or name an installed binary with --veil"
                     % ", ".join(candidates))


def veil_environment(veil):
    """The environment veil runs in: the task's (which carries the watch-list passphrase
    variable, if any), plus the archive's lib/ directory when it ships its shared libraries.
    Fails when the resource bundle is not beside the binary: without it veil cannot detect."""
    home = os.path.dirname(veil)
    if not os.path.isdir(os.path.join(home, BUNDLE, "Lexicons")):
        raise AuditError("%s/%s is missing: veil looks for its resource bundle next to the "
                         "executable; ship both (integrations/spark/make_archive.sh)" % (home, BUNDLE))
    env = dict(os.environ)
    lib = os.path.join(home, "lib")
    if os.path.isdir(lib):
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    return env


def check_watchlist_support(veil, env):
    """A veil whose --jsonl mode ignores --watchlist accepts a watch-list that does not exist;
    one that applies it refuses that (exit 2). Refuse to run rather than miss every term."""
    probe = subprocess.run([veil, "audit", "--jsonl", "--watchlist", "/nonexistent/veil-spark-probe.vwl",
                            "--passphrase-env", "VEIL_SPARK_PROBE_UNSET"],
                           input=b"", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if probe.returncode == 0:
        raise AuditError("this veil ignores --watchlist in --jsonl mode, so watch-list terms would "
                         "go unreported; run without --watchlist, or use a veil that applies it")


class Stats:
    """Counts for the summary, per partition; merged on the driver."""

    def __init__(self, top):
        self.top = top
        self.lines = 0
        self.answered = 0
        self.refused = 0
        self.no_id = 0
        self.findings = 0
        self.documents_with_findings = 0
        self.by_category = collections.Counter()  # (category, action) -> findings
        self.errors = collections.Counter()       # veil's error message -> lines
        self.heap = []                            # min-heap of the `top` most exposed documents

    def add_document(self, id_json, pairs):
        self.answered += 1
        if id_json == "null":
            self.no_id += 1
        if not pairs:
            return
        self.documents_with_findings += 1
        self.findings += len(pairs)
        self.by_category.update(pairs)
        remove = sum(1 for _, a in pairs if a in REMOVING)
        flagged = sum(1 for _, a in pairs if a == "flag")
        categories = sorted({c for c, a in pairs if a in REMOVING})
        # Ranked by details the policy would remove, then how many kinds of them (a name, a
        # place and a date together identify more than three dates), then flagged ones.
        key = (remove, len(categories), flagged, _neg(id_json))
        entry = (key, id_json, remove, flagged, len(pairs), categories)
        if self.top == 0:
            return
        if len(self.heap) < self.top:
            heapq.heappush(self.heap, entry)
        elif key > self.heap[0][0]:
            heapq.heapreplace(self.heap, entry)

    def as_dict(self):
        return {"lines": self.lines, "answered": self.answered, "refused": self.refused, "no_id": self.no_id,
                "findings": self.findings, "documents_with_findings": self.documents_with_findings,
                "by_category": [[c, a, n] for (c, a), n in self.by_category.items()],
                "errors": dict(self.errors), "top": [list(e[1:]) for e in self.heap]}


def _neg(s):
    """A key that sorts strings in reverse, so ties in a max-ranking go to the smaller id."""
    return tuple(-b for b in s.encode("utf-8")) + (1,)


def line_stats(line, decoder):
    """(id as JSON text, [(category, action)] or None, error message or None) of one veil
    output line. Fast path: a regular expression over veil's fixed field order; checked
    against the number of findings, else json."""
    text = line.decode("utf-8")
    try:
        if text.startswith('{"id":'):
            value, end = decoder.raw_decode(text, 6)
            id_json = text[6:end]
            if text.startswith(',"findings":[', end):
                pairs = [(c.decode(), a.decode()) for c, a in FINDING.findall(line)]
                if len(pairs) == line.count(FINDING_START):
                    return id_json, pairs, None
    except ValueError:
        pass
    obj = json.loads(text)
    id_json = json.dumps(obj.get("id"), ensure_ascii=False)
    if "error" in obj:
        return id_json, None, str(obj["error"])
    return id_json, [(f["category"], f["action"]) for f in obj.get("findings", [])], None


def audit_partition(rows, settings):
    """Pipes one partition through one `veil audit --jsonl` process. Yields veil's output
    lines (bytes), then ("E", json) for refused or id-less lines and ("S", stats) once."""
    from pyspark import SparkFiles, TaskContext

    veil = locate_veil(settings["veil"])
    env = veil_environment(veil)
    args = [veil, "audit", "--jsonl", "--policy", settings["policy"]]
    if settings["policy_file"]:
        args[-1] = SparkFiles.get(settings["policy_file"])
    if settings["watchlist_file"]:
        check_watchlist_support(veil, env)
        var = settings["passphrase_env"]
        if var not in env:
            raise AuditError("the watch-list passphrase variable %s is not set on this executor "
                             "(spark.executorEnv.%s, or a Kubernetes secret)" % (var, var))
        args += ["--watchlist", SparkFiles.get(settings["watchlist_file"]), "--passphrase-env", var]

    ctx = TaskContext.get()
    # Test mode: the first attempt of one partition fails after 100 lines have been written.
    fail_after = None
    if settings["fail_partition"] is not None and ctx is not None and \
            ctx.partitionId() == settings["fail_partition"] and ctx.attemptNumber() == 0:
        fail_after = 100

    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, bufsize=1 << 16)
    where = collections.deque()   # (file, line number or None) of each line sent, in order
    state = {"error": None, "sent": 0}
    stderr_tail = collections.deque(maxlen=20)

    def feed():
        current, number = None, 0
        try:
            for row in rows:
                value, path, block_start = row[0], row[1], row[2]
                if path != current:
                    current, number = path, 0
                    exact = block_start == 0  # the file's first line is this task's: count from 1
                number += 1
                where.append((path, number if exact else None))
                proc.stdin.write(bytes(value) + b"\n")
                state["sent"] += 1
        except BaseException as e:  # veil died (broken pipe) or the input failed
            state["error"] = e
        finally:
            try:
                proc.stdin.close()
            except BaseException:
                pass

    def drain_stderr():
        for raw in proc.stderr:
            stderr_tail.append(raw.decode("utf-8", "replace").rstrip()[:500])

    writer = threading.Thread(target=feed, name="veil-stdin", daemon=True)
    reader = threading.Thread(target=drain_stderr, name="veil-stderr", daemon=True)
    writer.start()
    reader.start()
    stats = Stats(settings["top"])
    decoder = json.JSONDecoder()
    received = 0
    try:
        for raw in proc.stdout:
            line = raw[:-1] if raw.endswith(b"\n") else raw
            received += 1
            if not where:
                raise AuditError("veil wrote more lines than it was given")
            path, number = where.popleft()
            id_json, pairs, error = line_stats(line, decoder)
            if error is not None:
                stats.refused += 1
                stats.errors[error] += 1
            else:
                stats.add_document(id_json, pairs)
            if error is not None or id_json == "null":
                yield ("errors", json.dumps({"file": path, "line": number, "id": json.loads(id_json),
                                        "error": error if error is not None else
                                        "no id: veil answered with findings that name no document",
                                        **({} if pairs is None else {"findings": len(pairs)})},
                                       ensure_ascii=False))
            yield ("findings", line.decode("utf-8"))
            if fail_after is not None and received >= fail_after:
                raise AuditError("veil-spark test mode: injected failure of the first attempt of partition %d"
                                 % ctx.partitionId())
        writer.join()
        code = proc.wait()
        reader.join()
        if state["error"] is not None and not isinstance(state["error"], BrokenPipeError):
            raise AuditError("reading the input failed: %r" % (state["error"],))
        if code != 0:
            raise AuditError("veil audit --jsonl exited with status %d: %s" % (code, " | ".join(stderr_tail)))
        if received != state["sent"]:
            raise AuditError("veil answered %d of %d lines" % (received, state["sent"]))
        stats.lines = received
        yield ("stats", json.dumps(stats.as_dict()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------------------------------------
# Driver side

def merge(parts, top):
    total = {"lines": 0, "answered": 0, "refused": 0, "no_id": 0, "findings": 0, "documents_with_findings": 0}
    by_category = collections.Counter()
    errors = collections.Counter()
    candidates = []
    for p in parts:
        for k in total:
            total[k] += p[k]
        for c, a, n in p["by_category"]:
            by_category[(c, a)] += n
        errors.update(p["errors"])
        candidates += p["top"]
    # [id_json, remove, flagged, findings, categories]: rank as Stats.add_document does.
    candidates.sort(key=lambda e: (-e[1], -len(e[4]), -e[2], e[0].encode("utf-8")))
    return total, by_category, errors, candidates[:top]


def summary_documents(total, by_category, errors, top, meta):
    actions = sorted({a for _, a in by_category}, key=lambda a: ["keep", "flag", "generalize", "pseudonymize", "redact"].index(a)
                     if a in ("keep", "flag", "generalize", "pseudonymize", "redact") else 99)
    categories = sorted({c for c, _ in by_category}, key=lambda c: (-sum(n for (k, _), n in by_category.items() if k == c), c))
    by_action = collections.Counter()
    for (_, a), n in by_category.items():
        by_action[a] += n
    top_rows = [{"id": json.loads(e[0]), "to_remove": e[1], "flagged": e[2], "findings": e[3], "categories_to_remove": e[4]}
                for e in top]
    summary = dict(meta)
    summary.update({
        "documents": total["lines"],
        "answered": total["answered"],
        "refused": total["refused"],
        "without_id": total["no_id"],
        "documents_with_findings": total["documents_with_findings"],
        "findings": total["findings"],
        "findings_by_action": {a: by_action[a] for a in actions},
        "findings_by_category": {c: {a: by_category[(c, a)] for a in actions if by_category[(c, a)]} for c in categories},
        "errors": dict(sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))),
        "top_documents": top_rows,
        "ranking": "details the policy would remove (redact, generalize, pseudonymize), then how many "
                   "categories they span, then flagged details; veil audit --jsonl does not compute the "
                   "risk score of `veil audit` reports",
    })

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["category"] + actions + ["total"])
    for c in categories:
        row = [by_category[(c, a)] for a in actions]
        w.writerow([c] + row + [sum(row)])
    w.writerow(["total"] + [by_action[a] for a in actions] + [total["findings"]])
    by_category_csv = out.getvalue()

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["rank", "id", "to_remove", "flagged", "findings", "categories_to_remove"])
    for i, r in enumerate(top_rows, 1):
        w.writerow([i, r["id"] if isinstance(r["id"], str) else json.dumps(r["id"]), r["to_remove"], r["flagged"],
                    r["findings"], " ".join(r["categories_to_remove"])])
    top_csv = out.getvalue()

    md = ["# veil audit on Spark: summary", "",
          "Input: %s  " % ", ".join(meta["input"]),
          "Policy: %s; veil tasks: %d; %.1f s (planning %.1f s, veil and findings/ %.1f s, errors/ and summary %.1f s)"
          % (meta["policy"], meta["partitions"], meta["seconds"]["total"], meta["seconds"]["planning"],
             meta["seconds"]["audit"], meta["seconds"]["errors_and_summary"]), "",
          "| documents | with findings | refused | without id | findings |", "|---:|---:|---:|---:|---:|",
          "| %d | %d | %d | %d | %d |" % (total["lines"], total["documents_with_findings"], total["refused"],
                                        total["no_id"], total["findings"]), "",
          "## Findings by category and action", "",
          "| category | " + " | ".join(actions) + " | total |", "|---|" + "---:|" * (len(actions) + 1)]
    for c in categories:
        row = [by_category[(c, a)] for a in actions]
        md.append("| %s | %s | %d |" % (c, " | ".join(str(n) for n in row), sum(row)))
    md.append("| **total** | %s | %d |" % (" | ".join(str(by_action[a]) for a in actions), total["findings"]))
    md += ["", "## Most exposed documents", "", "Ranked by " + summary["ranking"] + ".", "",
           "| rank | id | to remove | flagged | findings | categories to remove |", "|---:|---|---:|---:|---:|---|"]
    for i, r in enumerate(top_rows, 1):
        md.append("| %d | %s | %d | %d | %d | %s |" % (i, json.dumps(r["id"], ensure_ascii=False), r["to_remove"],
                                                      r["flagged"], r["findings"], ", ".join(r["categories_to_remove"])))
    if errors:
        md += ["", "## Refused lines", "", "| lines | veil's error |", "|---:|---|"]
        for e, n in sorted(errors.items(), key=lambda kv: (-kv[1], kv[0])):
            md.append("| %d | %s |" % (n, e.replace("|", "\\|")))
        md += ["", "Each refused line is listed, with its file and line number, in errors/."]
    return {"summary.json": json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
            "by_category.csv": by_category_csv, "top_documents.csv": top_csv, "summary.md": "\n".join(md) + "\n"}


class HadoopFS:
    """Small files written by the driver through Hadoop's FileSystem (any scheme OUTPUT uses)."""

    def __init__(self, spark, root):
        jvm = spark.sparkContext._jvm
        self.jvm = jvm
        self.root = jvm.org.apache.hadoop.fs.Path(root)
        self.fs = self.root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())

    def path(self, *parts):
        p = self.root
        for part in parts:
            p = self.jvm.org.apache.hadoop.fs.Path(p, part)
        return p

    def exists(self, *parts):
        return self.fs.exists(self.path(*parts))

    def read_lines(self, *parts):
        lines = []
        for status in self.fs.listStatus(self.path(*parts)):
            name = status.getPath().getName()
            if name.startswith("_") or name.startswith("."):
                continue
            stream = self.fs.open(status.getPath())
            reader = self.jvm.java.io.BufferedReader(self.jvm.java.io.InputStreamReader(stream, "UTF-8"))
            try:
                while True:
                    line = reader.readLine()
                    if line is None:
                        break
                    lines.append(line)
            finally:
                reader.close()
        return lines

    def rename(self, source, target):
        if not self.fs.rename(self.path(*source), self.path(*target)):
            raise RuntimeError("could not rename %s to %s" % (self.path(*source).toString(), self.path(*target).toString()))

    def mkdirs(self, *parts):
        self.fs.mkdirs(self.path(*parts))

    def delete(self, *parts):
        self.fs.delete(self.path(*parts), True)

    def write(self, data, *parts):
        stream = self.fs.create(self.path(*parts), False)
        try:
            stream.write(bytearray(data.encode("utf-8")))
        finally:
            stream.close()


def write_outputs(spark, audited, parts, out):
    """The one committed write of findings, errors and per-task statistics, then findings/ and
    errors/ moved into place; returns the statistics of every committed task."""
    (spark.createDataFrame(audited, "kind string, value string", verifySchema=False)
     .write.partitionBy("kind").option("lineSep", "\n").text(parts))
    stats = [json.loads(line) for line in out.read_lines("_parts", "kind=stats")]
    out.rename(("_parts", "kind=findings"), ("findings",))
    if out.exists("_parts", "kind=errors"):
        out.rename(("_parts", "kind=errors"), ("errors",))
    else:
        out.mkdirs("errors")
    out.delete("_parts")
    return stats


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="veil_audit_spark.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="JSON Lines files, directories or globs (any Hadoop file system), comma-separated")
    ap.add_argument("output", help="output directory (must not exist)")
    ap.add_argument("--policy", default="standard", help="standard (default), strict, minimal, or a policy file")
    ap.add_argument("--veil", help="an installed veil on every node (default: the shipped `veil` archive, else PATH)")
    ap.add_argument("--watchlist", help="a sealed watch-list file (veil watchlist add), shipped to the executors")
    ap.add_argument("--passphrase-env", metavar="VAR",
                    help="the environment variable holding the watch-list passphrase (its name, never the passphrase)")
    ap.add_argument("--top", type=int, default=20, help="how many of the most exposed documents the summary lists (20)")
    a = ap.parse_args(argv)
    if bool(a.watchlist) != bool(a.passphrase_env):
        ap.error("--watchlist and --passphrase-env go together")
    if a.top < 0:
        ap.error("--top must not be negative")
    return a


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("veil-audit")
    if a.passphrase_env:
        # The passphrase travels in the executors' environment, never on a command line. Spark
        # redacts configuration keys matching spark.redaction.regex in its UI and logs.
        builder = builder.config("spark.redaction.regex",
                                 "(?i)secret|password|token|access[.]key|" + re.escape(a.passphrase_env))
        if a.passphrase_env in os.environ:
            builder = builder.config("spark.executorEnv." + a.passphrase_env, os.environ[a.passphrase_env])
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    started = time.time()

    out = HadoopFS(spark, a.output)
    if out.exists():
        sys.exit("veil_audit_spark: %s already exists; choose a new output directory" % a.output)

    settings = {"veil": a.veil, "policy": a.policy, "policy_file": None, "watchlist_file": None,
                "passphrase_env": a.passphrase_env, "top": a.top, "fail_partition": None}
    if a.policy not in SHIPPED_POLICIES:
        sc.addFile(a.policy)
        settings["policy_file"] = os.path.basename(a.policy)
    if a.watchlist:
        sc.addFile(a.watchlist)
        settings["watchlist_file"] = os.path.basename(a.watchlist)
    fail = sc.getConf().get(FAIL_CONF, None)
    if fail not in (None, ""):
        settings["fail_partition"] = int(fail)

    inputs = [p for p in a.input.split(",") if p]
    # lineSep "\n": lines are cut exactly where veil cuts them (a CR stays in its line). The
    # value is taken as bytes, as read: a line that is not UTF-8 reaches veil as it is (and is
    # refused there), not decoded with replacement characters.
    rows = (spark.read.option("lineSep", "\n").text(inputs)
            .selectExpr("CAST(value AS BINARY) AS value", "_metadata.file_path AS file",
                        "_metadata.file_block_start AS block_start"))
    partitions = rows.rdd.getNumPartitions()
    planned = time.time()
    # One pass: every task writes its findings, errors and statistics through one committed
    # DataFrame write, partitioned by kind (no cache, no second run of veil). With a writer per
    # kind open at once, rows are not sorted: each file keeps its task's input order.
    audited = rows.rdd.mapPartitions(lambda it: audit_partition(it, settings))
    spark.conf.set("spark.sql.maxConcurrentOutputFileWriters", "4")
    parts = out.path("_parts").toString()
    try:
        stats = write_outputs(spark, audited, parts, out)
    except BaseException:
        # OUTPUT did not exist when the job began: leave nothing half-written behind.
        out.delete()
        raise
    piped = time.time()
    parts = stats
    finished = time.time()
    # Seconds from the SparkSession being up (JVM and SparkContext start-up are not counted):
    # planning reads the input's file listing and generates code (independent of the corpus
    # size); audit runs veil on every partition and writes findings/; the rest writes errors/
    # and gathers the summary.
    seconds = {"planning": round(planned - started, 3), "audit": round(piped - planned, 3),
               "errors_and_summary": round(finished - piped, 3), "total": round(finished - started, 3)}
    audit_seconds = finished - started

    total, by_category, errors, top = merge(parts, a.top)
    meta = {"tool": "veil_audit_spark", "input": inputs, "policy": a.policy,
            "watchlist": bool(a.watchlist), "partitions": partitions, "seconds": seconds}
    for name, text in summary_documents(total, by_category, errors, top, meta).items():
        out.write(text, "summary", name)
    out.write("", "_SUCCESS")
    print("veil_audit_spark: %d documents, %d findings, %d refused lines, %d partitions, %.1f s; wrote %s"
          % (total["lines"], total["findings"], total["refused"], partitions, audit_seconds, a.output))
    spark.stop()


if __name__ == "__main__":
    main()
