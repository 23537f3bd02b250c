/// How far a long run has got, as the library reports it to its caller (`ProgressHandler`).
/// The library never prints: `veil` shows these on standard error when it is a terminal.
public struct ProgressReport: Sendable, Equatable {
    /// What the run is doing.
    public enum Step: String, Sendable, CaseIterable {
        /// Running the recognizers.
        case detecting
        /// Applying the policy.
        case deciding
        /// Writing the published text (or its preview) and re-scanning it.
        case checking = "checking the published text"
        /// Sealing the originals into the vault.
        case sealing = "sealing the vault"
        /// Reading JSON Lines and answering each.
        case reading
    }

    /// What `done` and `total` count.
    public enum Unit: String, Sendable {
        case drafts, segments, lines
        func name(_ n: Int) -> String { n == 1 ? String(rawValue.dropLast()) : rawValue }
    }

    /// The step under way.
    public var step: Step
    /// How many units are done, and of how many (`nil` when unknown, as for a stream).
    public var done: Int
    public var total: Int?
    public var unit: Unit
    /// The size the step works through, or has read so far, in bytes (when known).
    public var bytes: Int?

    /// A report with the given fields.
    public init(step: Step, done: Int = 0, total: Int? = nil, unit: Unit = .drafts, bytes: Int? = nil) {
        self.step = step
        self.done = done
        self.total = total
        self.unit = unit
        self.bytes = bytes
    }

    /// One line for a terminal, without line ending: "veil audit: detecting 3/12 drafts",
    /// "veil redact: detecting 2/16 segments (64.0 MB)", "veil audit: reading 12,000 lines (48.2 MB)".
    public func line(command: String) -> String {
        var s = "\(command): \(step.rawValue)"
        if let total {
            s += " \(ProgressReport.grouped(done))/\(ProgressReport.grouped(total)) \(unit.name(total))"
        } else if done > 0 {
            s += " \(ProgressReport.grouped(done)) \(unit.name(done))"
        }
        if let bytes { s += " (\(ProgressReport.size(bytes)))" }
        return s
    }

    /// "12,000".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// "512 bytes", "48.2 kB", "64.0 MB", "1.2 GB" (decimal units).
    public static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var u = 0
        while value >= 999.95 && u < units.count - 1 { value /= 1000; u += 1 }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[u])"
    }
}

/// Receives progress reports, from any thread.
public typealias ProgressHandler = @Sendable (ProgressReport) -> Void

extension ProgressReport {
    /// A segment callback (`Detector.detect(_:progress:)`) forwarding `detecting` reports to
    /// `handler` for a text of `bytes` bytes; nil without a handler.
    static func segments(_ handler: ProgressHandler?, bytes: Int) -> (@Sendable (Int, Int) -> Void)? {
        guard let handler else { return nil }
        return { done, total in handler(ProgressReport(step: .detecting, done: done, total: total, unit: .segments, bytes: bytes)) }
    }
}
