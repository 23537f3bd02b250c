import Foundation
import Veil

/// Detector benchmarks: single-core throughput on news text, throughput with every core,
/// linearity in document size, peak memory of `veil audit --jsonl` on a large corpus, and the
/// ratio to Presidio's AnalyzerEngine on the same text. Figures are printed, never asserted.
///
/// `veil-bench detect [--corpus PATH] [--mb N] [--rss-mb N] [--veil PATH] [--presidio PYTHON]`
/// - `--corpus`: a text file, a directory of `.txt`/`.md` files, or a JSON Lines file with a
///   `text` field per line (default: the repository's `seeds/`).
/// - `--mb`: size of the throughput corpus in MB (default 10).
/// - `--rss-mb`: size of the JSONL corpus for the memory run (default 100; 0 skips it).
/// - `--veil`: the `veil` executable for the memory run (default: beside this executable).
/// - `--presidio`: a Python interpreter with presidio-analyzer and a spaCy English model; runs
///   `tools/bench/presidio_bench.py` on the same texts (default: `$VEIL_BENCH_PRESIDIO`).
enum DetectBench {
    /// Runs every detector benchmark with the given command-line options.
    static func run(arguments: [String]) {
        var options: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            if arguments[i].hasPrefix("--"), i + 1 < arguments.count {
                options[String(arguments[i].dropFirst(2))] = arguments[i + 1]
                i += 2
            } else { i += 1 }
        }
        let texts = loadTexts(options["corpus"] ?? "seeds")
        guard !texts.isEmpty else {
            say("detect: no corpus text found (give --corpus PATH)")
            return
        }
        let sample = texts.reduce(0) { $0 + $1.utf8.count }
        say("detect: corpus of \(texts.count) text(s), \(sample) bytes, repeated as needed")
        let detector = Detector(model: ProcessInfo.processInfo.environment["VEIL_MODEL"] == "1")
        let targetMB = Double(options["mb"] ?? "10") ?? 10

        // 1. Single-core throughput on documents of news size.
        var docs: [Document] = []
        var total = 0
        while Double(total) < targetMB * 1e6 {
            for t in texts {
                if let d = try? Document(text: t) { docs.append(d); total += d.bytes.count }
            }
        }
        _ = detector.detect(docs[0])   // load lexicons outside the timing
        let tokStart = cpuTime()
        var tokens = 0
        for d in docs { tokens += TokenizedText(d).tokens.count }
        let tokCPU = cpuTime() - tokStart
        let start = cpuTime()
        let wallStart = wallTime()
        var findings = 0
        for d in docs { findings += detector.detect(d).count }
        let cpu = cpuTime() - start
        let wall = wallTime() - wallStart
        let mb = Double(total) / 1e6
        say(String(format: "detect: tokenizer alone        %7.1f MB/s per core (%d tokens)", mb / tokCPU, tokens))
        say(String(format: "detect: whole detector         %7.1f MB/s per core (CPU time; %.1f MB/s wall, %d findings in %.1f MB)",
                     mb / cpu, mb / wall, findings, mb))
        let perRecognizer = detector.recognizers.map { r -> (String, Double) in
            let one = Detector(recognizers: [r])
            let n = min(docs.count, max(1, docs.count / 4))
            var bytes = 0
            let s = cpuTime()
            for d in docs.prefix(n) { _ = one.detect(d); bytes += d.bytes.count }
            let t = cpuTime() - s
            let tokenizing = tokCPU * Double(bytes) / Double(total)
            return (r.id, max(t - tokenizing, 1e-9) / (Double(bytes) / 1e6) * 1000)
        }
        for (id, ms) in perRecognizer.sorted(by: { $0.1 > $1.1 }) {
            say("detect:   " + id.padding(toLength: 22, withPad: " ", startingAt: 0) + String(format: "%7.2f ms CPU per MB", ms))
        }

        // 2. Every core.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let parStart = wallTime()
        let counts = Counter()
        let allDocs = docs
        DispatchQueue.concurrentPerform(iterations: cores) { w in
            var n = 0
            var k = w
            while k < allDocs.count { n += detector.detect(allDocs[k]).count; k += cores }
            counts.add(n)
        }
        let parWall = wallTime() - parStart
        say(String(format: "detect: all %d cores            %7.1f MB/s wall", cores, mb / parWall))

        // 3. Linearity: one document of ~20 KB, 10x and 100x that.
        let joined = texts.joined(separator: "\n\n")
        var base = joined
        while base.utf8.count < 20_000 { base += "\n\n" + joined }
        var rates: [Double] = []
        for factor in [1, 10, 100] {
            let text = Array(repeating: base, count: factor).joined(separator: "\n\n")
            guard let doc = try? Document(text: text) else { continue }
            let s = cpuTime()
            let n = detector.detect(doc).count
            let t = cpuTime() - s
            let rate = Double(doc.bytes.count) / 1e6 / t
            rates.append(rate)
            say(String(format: "detect: one document of %8.0f KB: %7.2f MB/s per core, %d findings", Double(doc.bytes.count) / 1e3, rate, n))
        }
        if let first = rates.first, let last = rates.last {
            say(String(format: "detect: linearity: 100x size runs at %.2f of the 1x rate", last / first))
        }

        // 4. Peak memory of `veil audit --jsonl` on a large corpus.
        let rssMB = Double(options["rss-mb"] ?? "100") ?? 100
        if rssMB > 0 { memoryRun(texts: texts, megabytes: rssMB, veil: options["veil"]) }

        // 5. Presidio on the same texts.
        if let python = options["presidio"] ?? ProcessInfo.processInfo.environment["VEIL_BENCH_PRESIDIO"] {
            presidioRun(python: python, texts: texts, detector: detector)
        } else {
            say("detect: presidio: skipped (give --presidio PYTHON or set VEIL_BENCH_PRESIDIO)")
        }
    }

    /// Writes one line to standard output at once (no buffering, so a long run shows progress).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Thread CPU time in seconds (robust when other processes share the cores).
    static func cpuTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Monotonic wall-clock time in seconds.
    static func wallTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Texts of the corpus at `path`: a JSON Lines file (`text` fields), a directory of `.txt`
    /// and `.md` files, or a single text file.
    static func loadTexts(_ path: String) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return [] }
        if isDir.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.sorted().filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }.compactMap {
                try? String(contentsOfFile: path + "/" + $0, encoding: .utf8)
            }
        }
        guard let content = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        if path.hasSuffix(".jsonl") {
            return content.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String
            }
        }
        return [content]
    }

    /// One JSON Lines record.
    static func jsonLine(id: Int, text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ["id": "d\(id)", "text": text])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes a JSONL corpus of `megabytes`, runs `veil audit --jsonl` on it and reports wall
    /// time, throughput, cores used and the child's peak resident memory.
    static func memoryRun(texts: [String], megabytes: Double, veil: String?) {
        let exe = veil ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("veil").path
        guard FileManager.default.isExecutableFile(atPath: exe) else {
            say("detect: memory run skipped: no veil executable at \(exe) (build it with --product veil or give --veil)")
            return
        }
        let path = NSTemporaryDirectory() + "veil-bench-\(ProcessInfo.processInfo.processIdentifier).jsonl"
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: path) else { return }
        var written = 0
        var id = 0
        let lines = texts.map { jsonLine(id: 0, text: $0) }
        while Double(written) < megabytes * 1e6 {
            var chunk = ""
            for (k, l) in lines.enumerated() {
                chunk += l.replacingOccurrences(of: "\"id\":\"d0\"", with: "\"id\":\"d\(id)-\(k)\"")
                chunk += "\n"
            }
            id += 1
            out.write(Data(chunk.utf8))
            written += chunk.utf8.count
        }
        try? out.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = ["audit", "--jsonl"]
        process.standardInput = FileHandle(forReadingAtPath: path)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let s = wallTime()
        do { try process.run() } catch {
            say("detect: memory run failed to start \(exe): \(error)")
            return
        }
        process.waitUntilExit()
        let wall = wallTime() - s
        var usage = rusage()
        getrusage(__rusage_who_t(truncatingIfNeeded: RUSAGE_CHILDREN.rawValue), &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        say(String(format: "detect: veil audit --jsonl on %.0f MB: %.1f s wall, %.1f MB/s, %.2f cores busy, peak RSS %.0f MB (exit %d)",
                     Double(written) / 1e6, wall, Double(written) / 1e6 / wall, cpu / wall,
                     Double(usage.ru_maxrss) / 1024, process.terminationStatus))
    }

    /// Runs `tools/bench/presidio_bench.py` on the texts and compares with Veil on the same texts.
    static func presidioRun(python: String, texts: [String], detector: Detector) {
        let path = NSTemporaryDirectory() + "veil-bench-presidio-\(ProcessInfo.processInfo.processIdentifier).jsonl"
        var body = ""
        var chars = 0
        var k = 0
        while chars < 300_000 {
            for t in texts { body += jsonLine(id: k, text: t) + "\n"; chars += t.unicodeScalars.count; k += 1 }
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(body.utf8)) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["tools/bench/presidio_bench.py", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            say("detect: presidio: could not start \(python): \(error)")
            return
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let result = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let presidioRate = result["chars_per_second"] as? Double else {
            say("detect: presidio: no result (exit \(process.terminationStatus))")
            return
        }
        // Veil on exactly the same documents, one core.
        let docs = body.split(separator: "\n").compactMap { line -> Document? in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let t = o["text"] as? String else { return nil }
            return try? Document(text: t)
        }
        let s = cpuTime()
        for d in docs { _ = detector.detect(d) }
        let t = cpuTime() - s
        let veilRate = Double(chars) / t
        say(String(format: "detect: presidio AnalyzerEngine %.0f chars/s per core, veil %.0f chars/s per core: veil is %.0fx faster (%d chars)",
                     presidioRate, veilRate, veilRate / presidioRate, chars))
    }
}

/// A thread-safe sum.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    /// Adds `n`.
    func add(_ n: Int) { lock.lock(); value += n; lock.unlock() }
}
