import Foundation

/// One agenda entry as typed into the agenda editor.
public struct EntryForm: Sendable, Codable, Equatable {
    public var day: String = ""
    public var startTime: String = ""
    public var endTime: String = ""
    public var type: String = AgendaEntryType.talk.rawValue
    public var title: String = ""
    public var description: String = ""
    public var roomID: String = ""
    public var placeNote: String = ""
    public var parallelGroupID: String = ""
    public var capacity: String = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        try FormFields(decoder).fill(&self, Self.fields)
    }

    enum CodingKeys: String, CodingKey {
        case day, startTime, endTime, type, title, description, roomID, placeNote, parallelGroupID, capacity
    }

    /// Computed: key paths are not Sendable, so this cannot be a stored static.
    static var fields: [(CodingKeys, WritableKeyPath<EntryForm, String>)] {
        [
            (.day, \.day),
            (.startTime, \.startTime),
            (.endTime, \.endTime),
            (.type, \.type),
            (.title, \.title),
            (.description, \.description),
            (.roomID, \.roomID),
            (.placeNote, \.placeNote),
            (.parallelGroupID, \.parallelGroupID),
            (.capacity, \.capacity),
        ]
    }

    public func cleaned() -> EntryForm {
        var f = self
        for path in [
            \EntryForm.day, \.startTime, \.endTime, \.type, \.title, \.roomID, \.placeNote, \.parallelGroupID, \.capacity,
        ] {
            f[keyPath: path] = TextInput.clean(f[keyPath: path])
        }
        f.description = TextInput.clean(description, multiline: true)
        return f
    }

    public struct Valid: Sendable, Equatable {
        public let type: AgendaEntryType
        public let start: Date
        public let end: Date?
        public let roomID: UUID?
        public let parallelGroupID: UUID?
        public let capacity: Int?
    }

    /// `rooms` and `groups` are the ids that belong to the event (anything else is refused).
    public func validate(firstDay: CalendarDay, lastDay: CalendarDay, rooms: Set<UUID>, groups: Set<UUID>) -> Result<
        Valid, FieldErrors
    > {
        var errors = FieldErrors()
        if title.isEmpty { errors.add("title", "Podaj tytuł punktu programu.") }
        if title.count > EventForm.shortLimit {
            errors.add("title", "Tytuł jest za długi: najwyżej \(EventForm.shortLimit) znaków (jest \(title.count)).")
        }
        if description.count > EventForm.longLimit {
            errors.add("description", "Opis jest za długi: najwyżej \(EventForm.longLimit) znaków.")
        }
        if placeNote.count > EventForm.shortLimit {
            errors.add("placeNote", "Opis miejsca jest za długi: najwyżej \(EventForm.shortLimit) znaków.")
        }
        let type = AgendaEntryType(rawValue: self.type)
        if type == nil { errors.add("type", "Wybierz rodzaj punktu programu z listy.") }

        let day = CalendarDay(iso: self.day)
        if day == nil {
            errors.add("day", "Wybierz dzień wydarzenia.")
        } else if let day, day < firstDay || day > lastDay {
            errors.add("day", "Dzień musi mieścić się w czasie wydarzenia (\(firstDay.polish) – \(lastDay.polish)).")
        }
        let parsedStart = TimeOfDay(startTime)
        if parsedStart == nil { errors.add("startTime", "Podaj godzinę rozpoczęcia, np. 09:00.") }
        var parsedEnd: TimeOfDay?
        if !endTime.isEmpty {
            parsedEnd = TimeOfDay(endTime)
            if parsedEnd == nil { errors.add("endTime", "Podaj godzinę zakończenia, np. 10:30, albo zostaw puste pole.") }
        }
        func instant(_ time: TimeOfDay, field: String) -> Date? {
            guard let day else { return nil }
            switch WallClock.resolve(day: day, time: time) {
            case .exact(let date): return date
            // The repeated hour of the October change: the first occurrence, as RFC 5545 does.
            case .ambiguous(let first, _): return first
            case .nonexistent:
                errors.add(field, "Godzina \(time) nie istnieje \(day.polish) – tej nocy zegary przestawia się z 2:00 na 3:00.")
                return nil
            }
        }
        let startInstant = parsedStart.flatMap { instant($0, field: "startTime") }
        let endInstant = parsedEnd.flatMap { instant($0, field: "endTime") }
        if let startInstant, let endInstant, endInstant <= startInstant {
            errors.add("endTime", "Godzina zakończenia musi być późniejsza niż godzina rozpoczęcia.")
        }
        var room: UUID?
        if !roomID.isEmpty {
            room = UUID(uuidString: roomID).flatMap { rooms.contains($0) ? $0 : nil }
            if room == nil { errors.add("roomID", "Wybierz salę z listy sal tego wydarzenia.") }
        }
        var group: UUID?
        if !parallelGroupID.isEmpty {
            group = UUID(uuidString: parallelGroupID).flatMap { groups.contains($0) ? $0 : nil }
            if group == nil { errors.add("parallelGroupID", "Wybierz blok równoległy z listy.") }
        }
        var places: Int?
        if !capacity.isEmpty {
            if let value = Int(capacity), (1...100_000).contains(value) {
                places = value
            } else {
                errors.add("capacity", "Liczba miejsc to liczba całkowita od 1 do 100 000, albo puste pole (bez limitu).")
            }
        }
        guard errors.isEmpty, let type, let startInstant else { return .failure(errors) }
        return .success(
            Valid(type: type, start: startInstant, end: endInstant, roomID: room, parallelGroupID: group, capacity: places))
    }
}
