/// Recognizers for dates and times, ages, sums of money, contact details, anonymous-source
/// phrasing and occupations.
enum PatternRecognizers {
    /// Every recognizer of this family, in the order they run.
    static var all: [any Recognizer] {
        [DateRecognizer(), SourceRecognizer(), AgeRecognizer(), AmountRecognizer(),
         OccupationRecognizer(), ContactRecognizer()]
    }
}
