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
        var out: [UInt8] = []
        out.reserveCapacity(160 + f.text.utf8.count + f.explanation.utf8.count + (reason?.utf8.count ?? 0))
        append(f, in: document, scalarBase: scalarBase, action: action, reason: reason, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `object(f, in:scalarBase:action:reason:)` as UTF-8 to `out`, without building
    /// intermediate strings (the streaming JSON Lines audit writes millions of these).
    public static func append(_ f: Finding, in document: Document, scalarBase: Int = 0, action: String, reason: String?,
                              to out: inout [UInt8]) {
        JSONText.appendLiteral(#"{"start":"#, to: &out)
        JSONText.appendInt(scalarBase + document.scalarOffset(ofByte: f.range.lowerBound), to: &out)
        JSONText.appendLiteral(#","end":"#, to: &out)
        JSONText.appendInt(scalarBase + document.scalarOffset(ofByte: f.range.upperBound), to: &out)
        JSONText.appendLiteral(#","text":"#, to: &out)
        JSONText.appendQuoted(f.text, to: &out)
        JSONText.appendLiteral(#","category":""#, to: &out)
        JSONText.appendUTF8(f.category.rawValue, to: &out)
        JSONText.appendLiteral(#"","confidence":"#, to: &out)
        JSONText.appendNumber(f.confidence, to: &out)
        JSONText.appendLiteral(#","recognizer":"#, to: &out)
        JSONText.appendQuoted(f.recognizer, to: &out)
        JSONText.appendLiteral(#","action":""#, to: &out)
        JSONText.appendUTF8(action, to: &out)
        JSONText.appendLiteral(#"","explanation":"#, to: &out)
        JSONText.appendQuoted(f.explanation, to: &out)
        if let reason {
            JSONText.appendLiteral(#","reason":"#, to: &out)
            JSONText.appendQuoted(reason, to: &out)
        }
        out.append(0x7D)
    }
}
