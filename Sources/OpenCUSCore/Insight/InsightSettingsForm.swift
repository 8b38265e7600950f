import Foundation

/// The director's form for the centre's figures: its small-number threshold (never below the
/// law's 3), the residents figure behind rates per 1 000, what it shares with its ROPS and
/// whether it publishes the programme's monitoring page.
public struct InsightSettingsForm: Sendable, Equatable {
    public var threshold: String
    public var residents: String
    public var residentsSource: String
    public var shareWithRegion: Bool
    public var sharedCodes: [String]
    public var publishMonitoring: Bool

    public init(
        threshold: String = String(DisclosureRule.standard.threshold), residents: String = "", residentsSource: String = "",
        shareWithRegion: Bool = false, sharedCodes: [String] = [], publishMonitoring: Bool = false
    ) {
        (self.threshold, self.residents, self.residentsSource) = (threshold, residents, residentsSource)
        (self.shareWithRegion, self.sharedCodes, self.publishMonitoring) = (shareWithRegion, sharedCodes, publishMonitoring)
    }

    public static let maximumThreshold = 50

    public struct Valid: Sendable, Equatable {
        public let rule: DisclosureRule
        public let residents: Int?
        public let residentsSource: String
        public let shareWithRegion: Bool
        /// Catalogue codes in catalogue order.
        public let sharedCodes: [String]
        public let publishMonitoring: Bool
    }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let rawThreshold = TextInput.clean(threshold)
        let minimum = DisclosureRule.minimumThreshold
        let threshold = Int(rawThreshold)
        if rawThreshold.isEmpty {
            errors.add("threshold", "Wpisz próg małych liczb (domyślnie 5).")
        } else if let t = threshold, t < minimum {
            errors.add(
                "threshold",
                "Próg nie może być niższy niż \(minimum): ustawa o statystyce publicznej nie pozwala publikować danych o mniej niż 3 osobach."
            )
        } else if let t = threshold, t > Self.maximumThreshold {
            errors.add("threshold", "Najwyżej \(Self.maximumThreshold) — wyższy próg ukryłby prawie wszystkie liczby.")
        } else if threshold == nil {
            errors.add("threshold", "Wpisz liczbę całkowitą, np. 5.")
        }
        let rawResidents = TextInput.clean(residents).replacingOccurrences(of: " ", with: "").replacingOccurrences(
            of: "\u{00A0}", with: "")
        var residents: Int?
        if !rawResidents.isEmpty {
            if let n = Int(rawResidents), (1...5_000_000).contains(n) {
                residents = n
            } else {
                errors.add("residents", "Wpisz liczbę mieszkańców gminy jako liczbę całkowitą, np. 12 480.")
            }
        }
        let source = TextInput.clean(residentsSource)
        if source.count > 200 { errors.add("residentsSource", "Najwyżej 200 znaków (jest \(source.count)).") }
        if residents != nil && source.isEmpty {
            errors.add("residentsSource", "Podaj źródło liczby mieszkańców, np. „GUS BDL, stan na 31.12.2025”.")
        }
        let known = Set(IndicatorCatalogue.all.map(\.code))
        let chosen = Set(sharedCodes.map { TextInput.clean($0) })
        if !chosen.isSubset(of: known) { errors.add("sharedCodes", "Wybierz wskaźniki z listy.") }
        if shareWithRegion && chosen.isEmpty {
            errors.add("sharedCodes", "Zaznacz wskaźniki, które ROPS ma widzieć, albo wyłącz udostępnianie.")
        }
        guard errors.isEmpty, let threshold else { return .failure(errors) }
        return .success(
            Valid(
                rule: DisclosureRule(threshold: threshold), residents: residents, residentsSource: source,
                shareWithRegion: shareWithRegion,
                sharedCodes: IndicatorCatalogue.all.map(\.code).filter(chosen.contains), publishMonitoring: publishMonitoring))
    }
}
