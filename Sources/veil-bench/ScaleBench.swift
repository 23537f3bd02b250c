import Foundation
import Veil

/// Linearity of one draft in its size: `audit` and `redact` of news-like drafts of 1, 4, 16 and
/// 64 MiB in process (CPU seconds per MB and the ratio to the smallest size), then the `veil`
/// command under `/usr/bin/time -v` for peak resident memory, and `audit --jsonl` on one long
/// line. Figures are printed, never asserted.
///
/// `veil-bench scale [--sizes 1,4,16,64] [--seed FILE] [--cli 1|0] [--jsonl-mb N] [--veil PATH]`
/// - `--sizes`: draft sizes in MiB (default 1,4,16,64).
/// - `--seed`: the article repeated, with varied names, places and numbers (default: the
///   repository's seed article).
/// - `--cli`: also run the `veil` executable under `/usr/bin/time -v` (default 1).
/// - `--jsonl-mb`: size of the single `--jsonl` line, in MB (default 200; 0 skips it).
/// - `--stages MiB`: instead, memory after each stage of an audit and a redaction of one draft of
///   that size (resident after `malloc_trim`, and `malloc`'s bytes in use); `--detail 1` adds
///   what each field of the findings holds.
enum ScaleBench {
    static let surnames = ["Kang", "Kim", "Ri", "Pak", "Choe", "Jong", "Han", "Ryu", "Mun", "Song", "Jang", "O"]
    static let given = ["Mi Jin", "Chol", "Sun Hui", "Myong Ho", "Yong Su", "Kum Sil", "Hyok", "Ok Ran", "Jin Hyok", "Song Mi"]
    static let cities = ["Hyesan", "Hoeryong", "Musan", "Sinuiju", "Chongjin", "Kimchaek", "Hamhung", "Kanggye"]

    /// A draft of at most `bytes` bytes (whole copies, so 64 MiB stays within the file limit):
    /// the seed article repeated, each copy with another name, city and sums, so that it reads
    /// like many stories rather than one repeated.
    static func draft(seed: String, bytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes + seed.utf8.count * 2)
        var k = 0
        while true {
            let name = surnames[k % surnames.count] + " " + given[(k / surnames.count) % given.count]
            let city = cities[(k / 7) % cities.count]
            let copy = seed.replacingOccurrences(of: "Kang Mi Jin", with: name)
                .replacingOccurrences(of: "Hyesan", with: city)
                .replacingOccurrences(of: "3,000", with: "\(1 + k % 9),\(100 + k % 900)")
                .replacingOccurrences(of: "four years ago", with: ["two", "three", "five", "six"][k % 4] + " years ago")
            guard out.count + copy.utf8.count + 1 <= bytes || out.isEmpty else { break }
            out.append(contentsOf: copy.utf8)
            out.append(0x0A)
            k += 1
        }
        return out
    }

    /// Process CPU seconds (user + system, every thread).
    static func processCPU() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(truncatingIfNeeded: RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func run(arguments: [String]) {
        var options: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            if arguments[i].hasPrefix("--"), i + 1 < arguments.count {
                options[String(arguments[i].dropFirst(2))] = arguments[i + 1]
                i += 2
            } else { i += 1 }
        }
        let say = DetectBench.say
        let sizes = (options["sizes"] ?? "1,4,16,64").split(separator: ",").compactMap { Double($0) }
        let seedPath = options["seed"] ?? "seeds/dailynk-international-calls.txt"
        guard let seed = try? String(contentsOfFile: seedPath, encoding: .utf8) else {
            say("scale: cannot read the seed article \(seedPath) (give --seed FILE)")
            return
        }
        let pipeline = Pipeline(policy: .standard)
        _ = pipeline.audit(try! Document(text: seed), markdown: false)   // lexicons loaded outside the timing
        if let mib = options["stages"].flatMap(Double.init) {
            stages(pipeline: pipeline, seed: seed, bytes: Int(mib * 1_048_576), options: options)
            return
        }
        say("scale: drafts of the seed article (\(seed.utf8.count) bytes) repeated with varied names, cities and sums; policy standard")
        var baseline: (audit: Double, redact: Double)?
        for size in sizes {
            let bytes = draft(seed: seed, bytes: Int(size * 1_048_576))
            guard let doc = try? Document(bytes: bytes) else { say("scale: generated draft invalid"); return }
            let mb = Double(bytes.count) / 1e6
            var t = processCPU()
            var w = DetectBench.wallTime()
            let tokens = TokenizedText(doc).tokens.count
            let tokCPU = processCPU() - t
            t = processCPU()
            let audited = pipeline.audit(doc, markdown: false)
            let auditCPU = processCPU() - t
            let auditWall = DetectBench.wallTime() - w
            t = processCPU()
            w = DetectBench.wallTime()
            var table = PseudonymTable()
            let records: Int
            do { records = try pipeline.redact(doc, markdown: false, pseudonyms: &table).records.count } catch {
                say("scale: redact refused: \(error)")
                records = 0
            }
            let redactCPU = processCPU() - t
            let redactWall = DetectBench.wallTime() - w
            let a = auditCPU / mb, r = redactCPU / mb
            if baseline == nil { baseline = (a, r) }
            say(String(format: "scale: %6.1f MB  tokenizer %6.1f MB/s (%d tokens) | audit %6.3f s/MB (%.2fx, %.1f s wall, %d findings) | redact %6.3f s/MB (%.2fx, %.1f s wall, %d records)",
                       mb, mb / max(tokCPU, 1e-9), tokens, a, a / baseline!.audit, auditWall, audited.outcome.decisions.count,
                       r, r / baseline!.redact, redactWall, records))
        }
        guard options["cli"] ?? "1" != "0" else { return }
        let exe = options["veil"] ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("veil").path
        guard FileManager.default.isExecutableFile(atPath: exe), FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
            say("scale: CLI runs skipped (need \(exe) and /usr/bin/time)")
            return
        }
        let dir = NSTemporaryDirectory() + "veil-bench-scale-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["VEIL_BENCH_PASS": "bench passphrase only"]
        _ = timed(["/usr/bin/time", "-v", exe, "keygen", "--output", dir + "/k", "--passphrase-env", "VEIL_BENCH_PASS",
                   "--level", "interactive"], env: env)
        for size in sizes {
            let bytes = draft(seed: seed, bytes: Int(size * 1_048_576))
            let path = dir + "/draft.txt"
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let mb = Double(bytes.count) / 1e6
            for (name, args) in [("audit", ["audit", path, "--format", "json", "--fail-on", "never"]),
                                 ("redact", ["redact", path, "--to", dir + "/k.pub", "--output", dir + "/out.txt",
                                             "--vault", dir + "/out.vault", "--force"])] {
                let m = timed(["/usr/bin/time", "-v", exe] + args, env: env)
                say(String(format: "scale: veil %@ %6.1f MB: %.1f s user+sys (%.3f s/MB), %.1f s wall, peak RSS %.0f MB = %.1fx the draft (exit %d)",
                           name, mb, m.cpu, m.cpu / mb, m.wall, m.rssMB, m.rssMB / mb, m.status))
            }
        }
        let lineMB = Double(options["jsonl-mb"] ?? "200") ?? 200
        if lineMB > 0 {
            // One JSON line holding a draft of `lineMB` MB (newlines escaped).
            let text = String(decoding: draft(seed: seed, bytes: Int(lineMB * 1e6)), as: UTF8.self)
            let line = DetectBench.jsonLine(id: 0, text: text) + "\n"
            let path = dir + "/line.jsonl"
            FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
            let mb = Double(line.utf8.count) / 1e6
            let m = timed(["/usr/bin/time", "-v", exe, "audit", "--jsonl"], env: env, stdin: path)
            say(String(format: "scale: veil audit --jsonl, one line of %.1f MB: %.1f s user+sys (%.3f s/MB), %.1f s wall, peak RSS %.0f MB = %.1fx the line (exit %d)",
                       mb, m.cpu, m.cpu / mb, m.wall, m.rssMB, m.rssMB / mb, m.status))
        }
    }

    /// Resident bytes after returning free heap pages to the system (glibc `malloc_trim(0)`,
    /// found with `dlsym`: `malloc.h` is not in Swift's Glibc module): close to the bytes in
    /// use, since freed memory no longer counts. From `/proc/self/statm`; 0 where unavailable.
    static func heapBytes() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let f = dlsym(nil, "malloc_trim") {   // RTLD_DEFAULT
            _ = unsafeBitCast(f, to: Trim.self)(0)
        }
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Bytes in use by `malloc` (glibc `mallinfo2`'s `uordblks + hblkhd`), or 0. `mallinfo2`
    /// returns a struct of ten `size_t` in memory: on x86-64 the caller passes its address as
    /// the hidden first argument, so it is called as a function of one pointer.
    static func mallocInUse() -> Int {
        #if os(Linux) && arch(x86_64)
        typealias Info = @convention(c) (UnsafeMutableRawPointer) -> UnsafeMutableRawPointer?
        guard let f = dlsym(nil, "mallinfo2") else { return 0 }
        var fields = [Int](repeating: 0, count: 10)
        fields.withUnsafeMutableBytes { _ = unsafeBitCast(f, to: Info.self)($0.baseAddress!) }
        return fields[7] + fields[4]   // uordblks, hblkhd
        #else
        return 0
        #endif
    }

    /// `--stages MiB`: live heap after each stage of an audit and a redaction of one draft, as
    /// bytes per draft byte, to show what holds memory (figures printed, never asserted).
    static func stages(pipeline: Pipeline, seed: String, bytes count: Int, options: [String: String]) {
        let say = DetectBench.say
        let base = heapBytes(), baseInUse = mallocInUse()
        let bytes = draft(seed: seed, bytes: count)
        let n = Double(bytes.count)
        func report(_ stage: String, _ extra: String = "") {
            let live = heapBytes() - base, inUse = mallocInUse() - baseInUse
            say(String(format: "stages: %@: resident %.1f MB = %.2fx the draft, malloc in use %.1f MB = %.2fx %@", stage, Double(live) / 1e6, Double(live) / n,
                       Double(inUse) / 1e6, Double(inUse) / n, extra))
        }
        report("draft bytes")
        let doc = try! Document(bytes: bytes)
        report("document")
        do {
            let tokens = TokenizedText(Document(segment: 0..<min(bytes.count, Detector.defaultSegmentBytes), of: doc))
            report("tokens of one 4 MiB segment", "(\(tokens.tokens.count) tokens)")
            _ = tokens.keys.count
        }
        var findings = pipeline.findings(in: doc, markdown: false)
        report("findings", "(\(findings.count), \(MemoryLayout<Finding>.stride) B inline each)")
        if options["detail"] != nil {
            var longText = 0, attrs = 0, hier = 0, hierUnits = 0, quals = 0, longExpl = 0
            var expl = Set<String>()
            var byRecognizer: [String: Int] = [:]
            for f in findings {
                if f.text.utf8.count > 15 { longText += 1 }
                if !f.attributes.isEmpty { attrs += 1 }
                if !f.hierarchy.isEmpty { hier += 1; hierUnits += f.hierarchy.count }
                if !f.qualifiers.isEmpty { quals += 1 }
                if f.explanation.utf8.count > 15 { longExpl += 1 }
                expl.insert(f.explanation)
                byRecognizer[f.recognizer, default: 0] += 1
            }
            say("stages: texts over 15 B \(longText), with attributes \(attrs), with hierarchy \(hier) (\(hierUnits) units), with qualifiers \(quals), explanations over 15 B \(longExpl) (\(expl.count) distinct)")
            say("stages: by recognizer " + byRecognizer.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            // What each field holds: the heap freed by emptying it, field by field.
            var probe = pipeline.findings(in: doc, markdown: false)
            var before = mallocInUse()
            func freed(_ field: String) {
                let now = mallocInUse()
                say(String(format: "stages:   emptying %@ frees %.1f MB (%.0f B per finding)", field, Double(before - now) / 1e6, Double(before - now) / Double(max(probe.count, 1))))
                before = now
            }
            for i in probe.indices { probe[i].attributes = [:] }; freed("attributes")
            for i in probe.indices { probe[i].hierarchy = [] }; freed("hierarchy")
            for i in probe.indices { probe[i].qualifiers = [] }; freed("qualifiers")
            for i in probe.indices { probe[i].explanation = "" }; freed("explanation")
            for i in probe.indices { probe[i].recognizer = "" }; freed("recognizer")
            for i in probe.indices { probe[i].text = "" }; freed("text")
            probe = []; freed("the array")
            report("after the probe (findings held once)")
            let count = findings.count
            findings = []
            report("findings dropped: what detection left behind", "(\(count) findings were held)")
            findings = pipeline.findings(in: doc, markdown: false)
        }
        let audited = pipeline.audit(doc, markdown: false)
        report("findings + audited outcome", "(\(audited.outcome.decisions.count) decisions, \(MemoryLayout<Decision>.stride) B inline each)")
        let rendered = ReportFormat.json.reporter().render(AuditReport(documents: [audited], policyName: "standard"))
        report("+ JSON report string", "(\(rendered.utf8.count) bytes)")
        _ = (findings.count, rendered.utf8.count)
        var table = PseudonymTable()
        let result = try? pipeline.redact(doc, markdown: false, pseudonyms: &table)
        report("+ redaction result", "(\(result?.records.count ?? 0) records, \(result?.replacements.count ?? 0) replacements)")
        _ = (audited.outcome.decisions.count, result?.published.count ?? 0)
    }

    /// Runs `command` (which starts with `/usr/bin/time -v`) and reads its report.
    static func timed(_ command: [String], env: [String: String], stdin: String? = nil)
        -> (cpu: Double, wall: Double, rssMB: Double, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        if let stdin { process.standardInput = FileHandle(forReadingAtPath: stdin) }
        let start = DetectBench.wallTime()
        do { try process.run() } catch { return (0, 0, 0, -1) }
        let report = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let wall = DetectBench.wallTime() - start
        func field(_ name: String) -> Double {
            for line in report.split(separator: "\n") where line.contains(name) {
                if let v = line.split(separator: ":").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) { return v }
            }
            return 0
        }
        let cpu = field("User time (seconds)") + field("System time (seconds)")
        return (cpu, wall, field("Maximum resident set size (kbytes)") / 1024, process.terminationStatus)
    }
}
