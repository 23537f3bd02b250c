import VeilModel

/// The finding object of the audit JSON contract (issue 3): `start`/`end` in Unicode scalars
/// of the document, end exclusive.
public enum FindingJSON {
    /// One finding as a JSON object. `action` is policy's decision, `reason` its explanation.
    public static func object(_ f: Finding, in document: Document, action: String, reason: String? = nil) -> String {
        var s = "{\"start\":\(document.scalarOffset(ofByte: f.range.lowerBound))"
        s += ",\"end\":\(document.scalarOffset(ofByte: f.range.upperBound))"
        s += ",\"text\":" + JSONText.quoted(f.text)
        s += ",\"category\":\"" + f.category.rawValue + "\""
        s += ",\"confidence\":" + JSONText.number(f.confidence)
        s += ",\"recognizer\":" + JSONText.quoted(f.recognizer)
        s += ",\"action\":\"" + action + "\""
        s += ",\"explanation\":" + JSONText.quoted(f.explanation)
        if let reason { s += ",\"reason\":" + JSONText.quoted(reason) }
        s += "}"
        return s
    }
}
