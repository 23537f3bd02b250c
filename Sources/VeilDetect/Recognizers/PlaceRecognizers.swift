/// Recognizers for places, facilities, organizations, public entities and person names.
enum PlaceRecognizers {
    /// Every recognizer of this family, in the order they run.
    static var all: [any Recognizer] {
        [PlaceGazetteerRecognizer(), PlacePatternRecognizer(), NaturalFeatureRecognizer(), PublicEntityRecognizer(), PersonNameRecognizer(),
         OrganizationRecognizer()]
    }
}
