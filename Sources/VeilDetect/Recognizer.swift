import VeilModel

/// One way of finding identifying details. Each recognizer lives in its own file under
/// `Recognizers/`, carries its own matching and non-matching examples, and works on the
/// document's UTF-8 bytes through the shared token stream.
public protocol Recognizer: Sendable {
    /// Stable identifier reported in findings and SARIF rules (e.g. `date.absolute`).
    var id: String { get }
    /// One line saying what the recognizer finds.
    var summary: String { get }
    /// Texts in which the recognizer must find something; the expected span is marked with
    /// `[[` and `]]`, e.g. `"arrested in [[Hyesan]] last week"`. Several marks are allowed.
    var matchingExamples: [String] { get }
    /// Texts in which the recognizer must find nothing.
    var nonMatchingExamples: [String] { get }
    /// Appends its findings for `text` to `findings`.
    func recognize(_ text: TokenizedText, into findings: inout [Finding])
}
