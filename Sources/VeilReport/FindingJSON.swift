import VeilModel

/// The finding object of the audit JSON contract (issue 3): `start`/`end` in Unicode scalars
/// of the document, end exclusive.
public enum FindingJSON {
    /// One finding as a JSON object. `action` is policy's decision, `reason` its explanation.
    public static func object(_ f: Finding, in document: Document, action: String, reason: String? = nil) -> String {
        object(f, in: document, scalarBase: 0, action: action, reason: reason)
    }

    /// One finding of a segment of a larger text (`document` is the segment, which starts
    /// `scalarBase` Unicode scalars into the whole text; offsets are reported in the whole text).
    public static func object(_ f: Finding, in document: Document, scalarBase: Int, action: String, reason: String? = nil) -> String {
        var s = "{\"start\":\(scalarBase + document.scalarOffset(ofByte: f.range.lowerBound))"
        s += ",\"end\":\(scalarBase + document.scalarOffset(ofByte: f.range.upperBound))"
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
