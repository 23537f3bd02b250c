#!/usr/bin/env python3
"""Checks the Spark job's output against a single `veil audit --jsonl` run (scripts/test-spark.sh).

    check_output.py identical REFERENCE OUTPUT        findings/ == reference after sorting by id
    check_output.py ids-once OUTPUT LINES             each id once; LINES output lines in all
    check_output.py errors REFERENCE OUTPUT CORPUS    errors/ names each refused or id-less line
    check_output.py summary REFERENCE OUTPUT          summary/ counts recomputed from the reference
    check_output.py fast-path REFERENCE               the summary's line parser agrees with json
    check_output.py units VEIL                        veil location, bundle, watch-list probe

Each prints one line and exits 0 when the check holds, 1 when it does not.
"""
import collections
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import veil_audit_spark as job  # noqa: E402


def part_lines(output, kind):
    parts = sorted(glob.glob(os.path.join(output, kind, "part-*")))
    if not parts:
        raise SystemExit("no %s/part-* files in %s" % (kind, output))
    lines = []
    for p in parts:
        with open(p, "rb") as f:
            lines += f.read().splitlines()
    return lines


def read_lines(path):
    with open(path, "rb") as f:
        return f.read().splitlines()


def id_key(line):
    """Sort key: the id's JSON text, then the whole line (lines without an id tie on null)."""
    value, end = json.JSONDecoder().raw_decode(line.decode("utf-8"), 6)
    return (json.dumps(value), line)


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


def identical(reference, output):
    ref = sorted(read_lines(reference), key=id_key)
    got = sorted(part_lines(output, "findings"), key=id_key)
    if len(ref) != len(got):
        fail("findings: %d lines, the single veil run wrote %d" % (len(got), len(ref)))
    for i, (a, b) in enumerate(zip(ref, got)):
        if a != b:
            fail("findings: line %d (sorted by id) differs from the single veil run: id %s" % (i + 1, id_key(a)[0]))
    print("ok   findings identical, line for line after sorting by id, to the single veil run (%d lines)" % len(ref))


def ids_once(output, expected_lines):
    lines = part_lines(output, "findings")
    counts = collections.Counter(id_key(l)[0] for l in lines)
    counts.pop("null", None)
    dup = [k for k, n in counts.items() if n > 1]
    if len(lines) != int(expected_lines):
        fail("findings: %d lines, expected one per input line (%s)" % (len(lines), expected_lines))
    if dup:
        fail("findings: %d ids written more than once (e.g. %s)" % (len(dup), dup[0]))
    leftovers = glob.glob(os.path.join(output, "findings", "_temporary")) + glob.glob(os.path.join(output, "findings", ".*attempt*"))
    if leftovers:
        fail("findings: a task attempt's files were left behind: %s" % leftovers[0])
    print("ok   every id exactly once, %d lines for %s input lines, no attempt files left" % (len(lines), expected_lines))


def errors(reference, output, corpus):
    """errors/ has one record per reference line that is an error or has no id, and each record's
    file:line is the input line whose single-run answer is that line."""
    files = sorted(glob.glob(os.path.join(corpus, "*.jsonl")))
    offset, start = 0, {}
    for f in files:
        start[os.path.realpath(f)] = offset
        with open(f, "rb") as h:
            offset += sum(1 for _ in h)
    ref = read_lines(reference)
    answers = [json.loads(l) for l in ref]
    expected = [i for i, o in enumerate(answers) if "error" in o or o.get("id") is None]
    records = [json.loads(l) for l in part_lines(output, "errors")]
    if len(records) != len(expected):
        fail("errors: %d records, the single run has %d error or id-less lines" % (len(records), len(expected)))
    located = 0
    seen = set()
    for r in records:
        path = r["file"][len("file:"):] if r["file"].startswith("file:") else r["file"]
        path = os.path.realpath(path.replace("file://", "", 1) if path.startswith("//") else path)
        if r["line"] is None:
            continue
        i = start[path] + r["line"] - 1
        answer = answers[i]
        if i in seen or answer.get("id") != r["id"]:
            fail("errors: %s line %d does not answer as recorded" % (path, r["line"]))
        if "error" in answer and answer["error"] != r["error"]:
            fail("errors: %s line %d: veil said %r, errors/ says %r" % (path, r["line"], answer["error"], r["error"]))
        if "error" not in answer and r.get("findings") != len(answer["findings"]):
            fail("errors: %s line %d: finding count differs" % (path, r["line"]))
        seen.add(i)
        located += 1
    if located == 0:
        fail("errors: no record carries a line number")
    print("ok   errors/ lists all %d refused or id-less lines; %d located by file and line, each verified" % (len(records), located))


def summary(reference, output):
    with open(os.path.join(output, "summary", "summary.json")) as f:
        s = json.load(f)
    ref = [json.loads(l) for l in read_lines(reference)]
    by = collections.Counter()
    refused = 0
    ranked = []
    for o in ref:
        if "error" in o:
            refused += 1
            continue
        pairs = [(f["category"], f["action"]) for f in o["findings"]]
        by.update(pairs)
        if pairs:
            remove = [c for c, a in pairs if a in ("redact", "generalize", "pseudonymize")]
            ranked.append((-len(remove), -len(set(remove)), -sum(1 for _, a in pairs if a == "flag"),
                           json.dumps(o["id"]).encode("utf-8"), o["id"]))
    ranked.sort()
    got = collections.Counter()
    for c, actions in s["findings_by_category"].items():
        for a, n in actions.items():
            got[(c, a)] = n
    problems = []
    if s["documents"] != len(ref):
        problems.append("documents %d != %d" % (s["documents"], len(ref)))
    if s["refused"] != refused:
        problems.append("refused %d != %d" % (s["refused"], refused))
    if s["findings"] != sum(by.values()):
        problems.append("findings %d != %d" % (s["findings"], sum(by.values())))
    if got != by:
        problems.append("findings by category and action differ")
    want_top = [r[4] for r in ranked[:len(s["top_documents"])]]
    if [d["id"] for d in s["top_documents"]] != want_top or not want_top:
        problems.append("top documents %s != %s" % ([d["id"] for d in s["top_documents"]][:3], want_top[:3]))
    for name in ("by_category.csv", "top_documents.csv", "summary.md"):
        if not os.path.getsize(os.path.join(output, "summary", name)):
            problems.append(name + " is empty")
    if problems:
        fail("summary: " + "; ".join(problems))
    print("ok   summary: %d documents, %d findings in %d category/action cells, %d refused, top %d documents match"
          % (s["documents"], s["findings"], len(by), refused, len(want_top)))


def fast_path(reference):
    decoder = json.JSONDecoder()
    n = 0
    for line in read_lines(reference):
        got = job.line_stats(line, decoder)
        o = json.loads(line)
        want = (json.dumps(o.get("id"), ensure_ascii=False),
                None if "error" in o else [(f["category"], f["action"]) for f in o["findings"]],
                o.get("error"))
        if got != want:
            fail("line_stats differs from json on a line with id %s" % want[0])
        n += 1
    # A text that looks like finding keys must not fool the fast path.
    tricky = b'{"id":"x","findings":[{"start":0,"end":5,"text":"\\"category\\":\\"person\\",\\"action\\":\\"keep\\"",' \
             b'"category":"city","confidence":0.9,"recognizer":"place.gazetteer","action":"generalize","explanation":"e","reason":"r"}]}'
    if job.line_stats(tricky, decoder) != ('"x"', [("city", "generalize")], None):
        fail("line_stats is fooled by finding keys inside a quoted text")
    print("ok   the summary's line parser agrees with json on all %d lines (and a text quoting finding keys)" % n)


def units(veil):
    tmp = tempfile.mkdtemp()
    try:
        # A binary without its resource bundle beside it is refused with a clear error.
        shutil.copy(veil, os.path.join(tmp, "veil"))
        try:
            job.veil_environment(job.locate_veil(tmp))
            fail("a veil without Veil_VeilDetect.resources beside it was accepted")
        except job.AuditError as e:
            if job.BUNDLE not in str(e):
                fail("the missing-bundle error does not name the bundle: %s" % e)
        # --veil naming a directory finds the binary in it; a missing one is refused.
        home = os.path.dirname(os.path.realpath(veil))
        if job.locate_veil(home) != os.path.realpath(veil):
            fail("--veil DIR did not find DIR/veil")
        try:
            job.locate_veil(os.path.join(tmp, "nowhere"))
            fail("a missing --veil was accepted")
        except job.AuditError:
            pass
        # The watch-list probe agrees with what this veil does: if it accepts a watch-list that
        # does not exist, it ignores watch-lists in --jsonl mode and the job must refuse.
        env = job.veil_environment(os.path.realpath(veil))
        ignored = subprocess.run([veil, "audit", "--jsonl", "--watchlist", os.path.join(tmp, "none.vwl"),
                                  "--passphrase-env", "NOT_SET_X"], input=b"", capture_output=True).returncode == 0
        try:
            job.check_watchlist_support(os.path.realpath(veil), env)
            refused = False
        except job.AuditError:
            refused = True
        if refused != ignored:
            fail("watch-list probe: veil %s watch-lists in --jsonl mode but the job %s"
                 % ("ignores" if ignored else "applies", "refuses" if refused else "accepts"))
        print("ok   units: missing bundle and missing binary refused, --veil DIR found; watch-list probe: veil %s "
              "--watchlist with --jsonl, the job %s it" % ("ignores" if ignored else "applies",
                                                           "refuses" if refused else "uses"))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"identical": identical, "ids-once": ids_once, "errors": errors, "summary": summary,
     "fast-path": fast_path, "units": units}[cmd](*args)
