import Foundation
import Veil

/// Prints every finding of every text of a corpus with all its fields (hierarchy, qualifiers and
/// attributes included, which `veil audit` does not show), one JSON object per line with sorted
/// keys. Speed work compares this output before and after a change: it must stay byte-identical.
///
/// `veil-bench findings --corpus PATH` (same corpus forms as `detect`).
enum FindingsDump {
    /// Writes the findings of the corpus at `--corpus` to standard output.
    static func run(arguments: [String]) {
        var corpus = "seeds"
        if let k = arguments.firstIndex(of: "--corpus"), k + 1 < arguments.count { corpus = arguments[k + 1] }
        let detector = Detector(model: ProcessInfo.processInfo.environment["VEIL_MODEL"] == "1")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = Data()
        for (n, text) in DetectBench.loadTexts(corpus).enumerated() {
            guard let document = try? Document(text: text) else { continue }
            for finding in detector.detect(document) {
                out.append(Data("\(n)\t".utf8))
                out.append((try? encoder.encode(finding)) ?? Data())
                out.append(0x0A)
            }
        }
        FileHandle.standardOutput.write(out)
    }
}
