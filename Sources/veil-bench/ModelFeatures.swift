import Foundation
import Veil

/// Dumps what the learned tagger sees, for `tools/model/train.py`: for every `{"id", "text"}`
/// line of a JSONL corpus, one line `{"id", "tokens": [[start, end, sentenceStart]...],
/// "rows": [...], "rules": [[start, end, category, public]...], "net": [[start, end]...]}` with UTF-8 byte offsets and `TaggerFeatures.slots` hashed feature rows per
/// token, computed by the detector's own code after its rule recognizers ran.
///
/// `veil-bench model-features --corpus PATH.jsonl [--bits N]`
enum ModelFeatures {
    static func run(arguments: [String]) {
        var corpus = ""
        var bits = 18
        if let k = arguments.firstIndex(of: "--corpus"), k + 1 < arguments.count { corpus = arguments[k + 1] }
        if let k = arguments.firstIndex(of: "--bits"), k + 1 < arguments.count, let b = Int(arguments[k + 1]) { bits = b }
        guard let data = FileManager.default.contents(atPath: corpus) else {
            FileHandle.standardError.write(Data("model-features: cannot read --corpus \(corpus)\n".utf8))
            return
        }
        let out = FileHandle.standardOutput
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let id = object["id"] as? String, let text = object["text"] as? String,
                  let document = try? Document(text: text) else { continue }
            let f = TaggerFeatures.features(of: document, bits: bits)
            var s = "{\"id\":" + JSONText.quoted(id) + ",\"tokens\":["
            for (i, r) in f.tokens.enumerated() {
                if i > 0 { s += "," }
                s += "[\(r.lowerBound),\(r.upperBound),\(f.sentenceStart[i] ? 1 : 0)]"
            }
            s += "],\"rows\":["
            s += f.rows.map(String.init).joined(separator: ",")
            s += "],\"rules\":["
            s += f.findings.map { "[\($0.range.lowerBound),\($0.range.upperBound),\"\($0.category.rawValue)\",\($0.attributes["entity"] == "public" ? 1 : 0)]" }.joined(separator: ",")
            // The unknown-name net's findings after the rules (for the trainer's figures, not features).
            var all = f.findings
            UnknownNameRecognizer().recognize(TokenizedText(document), into: &all)
            s += "],\"net\":["
            s += all[f.findings.count...].map { "[\($0.range.lowerBound),\($0.range.upperBound)]" }.joined(separator: ",")
            s += "]}\n"
            out.write(Data(s.utf8))
        }
    }
}
