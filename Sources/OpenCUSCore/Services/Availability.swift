/// Availability of a service in plain words for residents ("są wolne miejsca", "lista
/// rezerwowa: 4 osoby") and in numbers for the JSON catalogue. Never names anyone.
public struct Availability: Sendable, Equatable, Encodable {
    /// nil: the programme sets no limit.
    public let places: Int?
    public let inUse: Int
    public let reserve: Int

    public init(places: Int?, inUse: Int, reserve: Int) {
        self.places = places
        self.inUse = inUse
        self.reserve = reserve
    }

    public var free: Int? { places.map { max(0, $0 - inUse) } }

    /// Someone applying now would get a place (subject to qualification), or join the reserve list.
    public var hasFreePlace: Bool { (free ?? 1) > 0 && reserve == 0 }

    public var polish: String {
        guard let free else { return "są wolne miejsca (usługa bez limitu miejsc)" }
        if free > 0 && reserve == 0 { return "są wolne miejsca (\(PolishPlural.place.phrase(free)) z \(places!))" }
        if reserve == 0 { return "brak wolnych miejsc — nowe wnioski trafiają na listę rezerwową" }
        return "brak wolnych miejsc, lista rezerwowa: \(PolishPlural.person.phrase(reserve))"
    }
}
