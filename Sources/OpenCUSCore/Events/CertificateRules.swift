import Foundation

/// A number in an organiser's register of certificates of attendance: `12/2025/ROPS-OPOLE`.
/// The sequence restarts every year per organisation (and register code); the web layer takes
/// the next number inside the same transaction that writes the certificate, so a failed issue
/// never leaves a gap and two desks never get the same number.
public struct CertificateNumber: Sendable, Hashable, Comparable {
    public let sequence: Int
    public let year: Int
    public let code: String

    public init(sequence: Int, year: Int, code: String) {
        self.sequence = sequence
        self.year = year
        self.code = code
    }

    public var text: String { "\(sequence)/\(year)/\(code)" }

    public static func < (a: CertificateNumber, b: CertificateNumber) -> Bool {
        (a.year, a.code, a.sequence) < (b.year, b.code, b.sequence)
    }

    /// Register codes are short, upper-case and safe in a file name: `ROPS-OPOLE`, `CUS-1`.
    public static func normalisedCode(_ raw: String) -> String? {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
            .folding(options: .diacriticInsensitive, locale: nil).replacingOccurrences(of: "Ł", with: "L")
            .replacingOccurrences(of: " ", with: "-")
        guard (2...30).contains(code.count), code.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }),
            code.first != "-", code.last != "-"
        else { return nil }
        return code
    }
}

/// How long the programme of an event is, for the "number of hours" on a certificate:
/// everything but breaks and meals (and the arrival desk), and for a block of parallel
/// workshops only the one the participant attended (or, for the general figure, the longest).
public enum ProgrammeHours {
    public struct Item: Sendable {
        public let start: Date
        public let end: Date?
        public let countable: Bool
        /// The parallel group the entry belongs to, if any.
        public let group: UUID?
        public let id: UUID

        public init(id: UUID, start: Date, end: Date?, countable: Bool, group: UUID?) {
            self.id = id
            self.start = start
            self.end = end
            self.countable = countable
            self.group = group
        }
    }

    /// Minutes of the programme; `attended` picks the workshop counted for its group.
    public static func minutes(_ items: [Item], attended: Set<UUID> = []) -> Int {
        var total = 0
        var groups: [UUID: [Item]] = [:]
        for item in items where item.countable {
            guard let end = item.end, end > item.start else { continue }
            if let group = item.group { groups[group, default: []].append(item); continue }
            total += Int(end.timeIntervalSince(item.start) / 60)
        }
        for (_, alternatives) in groups {
            let durations = alternatives.map { (attended.contains($0.id), Int($0.end!.timeIntervalSince($0.start) / 60)) }
            total += durations.first(where: { $0.0 })?.1 ?? durations.map(\.1).max() ?? 0
        }
        return total
    }

    /// The hours a certificate states for one participant: only the days they were marked
    /// present (a person at one day of two is certified for that day), their own workshop in a
    /// block. Hours the organiser typed for the whole event (`manualMinutes`) are shared out in
    /// proportion to the programme of the days attended, or to the number of days when the
    /// programme has no timed entries.
    public static func certified(
        _ items: [Item], attended: Set<UUID>, daysPresent: Set<CalendarDay>, eventDays: Int, manualMinutes: Int?,
        timeZone: TimeZone
    ) -> Int {
        let onDaysPresent = items.filter { daysPresent.contains(CalendarDay($0.start, in: timeZone)) }
        let present = minutes(onDaysPresent, attended: attended)
        guard let manualMinutes else { return present }
        let whole = minutes(items, attended: attended)
        if whole > 0 { return Int((Double(manualMinutes) * Double(present) / Double(whole)).rounded()) }
        let days = max(eventDays, 1)
        return manualMinutes * min(daysPresent.count, days) / days
    }

    /// "6 godzin", "4,5 godziny", "1 godzina" (clock hours, rounded to half an hour).
    public static func polish(minutes: Int) -> String {
        let halves = Int((Double(minutes) / 30).rounded())
        if halves % 2 == 0 { return PolishPlural.hour.phrase(halves / 2) }
        return "\(halves / 2),5 godziny"
    }
}

extension ProgrammeHours {
    /// "w wymiarze 10 godzin zegarowych", "1 godziny zegarowej", "4,5 godziny zegarowej":
    /// after "w wymiarze" the number takes the genitive.
    public static func inScope(minutes: Int) -> String {
        let halves = Int((Double(minutes) / 30).rounded())
        if halves % 2 == 1 { return "w wymiarze \(halves / 2),5 godziny zegarowej" }
        let hours = halves / 2
        return hours == 1 ? "w wymiarze 1 godziny zegarowej" : "w wymiarze \(hours) godzin zegarowych"
    }
}

extension PolishPlural {
    public static let hour = PolishPlural(one: "godzina", few: "godziny", many: "godzin")
}

/// Numbers published about participants are shown only for groups large enough not to point
/// at anyone: smaller groups are pooled into "inne", and the pool itself is hidden when it is
/// still too small.
public enum SmallGroups {
    public static let minimum = 5

    public struct Result: Sendable, Equatable {
        public let shown: [Row]
        /// People in groups too small to show (0 when nothing was hidden).
        public let pooled: Int
        public let pooledShown: Bool

        /// The rows to publish: the large groups, then the pool as one row named `other` when it
        /// is large enough itself.
        public func rows(other: String) -> [Row] {
            shown + (pooledShown ? [Row(label: other, count: pooled)] : [])
        }
    }

    public struct Row: Sendable, Equatable, Encodable {
        public let label: String
        public let count: Int
    }

    public static func suppress(_ counts: [(String, Int)], minimum: Int = SmallGroups.minimum) -> Result {
        let shown = counts.filter { $0.1 >= minimum }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map { Row(label: $0.0, count: $0.1) }
        let pooled = counts.filter { $0.1 < minimum }.reduce(0) { $0 + $1.1 }
        return Result(shown: shown, pooled: pooled, pooledShown: pooled >= minimum)
    }
}

/// Matching a check-in search against a name or institution as people type it at a desk:
/// case- and diacritic-insensitive ("lukasz" finds "Łukasz"), every word must appear.
public enum LooseMatch {
    public static func fold(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "ł", with: "l").folding(options: .diacriticInsensitive, locale: nil)
    }

    public static func matches(_ query: String, _ haystack: String) -> Bool {
        let words = fold(query).split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return true }
        let folded = fold(haystack)
        return words.allSatisfy { folded.contains($0) }
    }
}

/// The organiser's certificate set-up as typed, and what it means once checked.
public struct CertificateSettingsForm: Sendable, Codable, Equatable {
    public var registerCode: String?
    /// Empty: from the programme. "6" or "6,5".
    public var hours: String?
    public var signatoryName: String?
    public var signatoryFunction: String?
    public var issuePlace: String?
    /// One topic per line, "Temat | 2" for two hours.
    public var topics: String?
    public var requirePesel: String?

    public init(
        registerCode: String? = nil, hours: String? = nil, signatoryName: String? = nil, signatoryFunction: String? = nil,
        issuePlace: String? = nil, topics: String? = nil, requirePesel: String? = nil
    ) {
        (self.registerCode, self.hours, self.signatoryName, self.signatoryFunction) = (
            registerCode, hours, signatoryName, signatoryFunction
        )
        (self.issuePlace, self.topics, self.requirePesel) = (issuePlace, topics, requirePesel)
    }

    public struct Topic: Sendable, Equatable, Encodable {
        public let title: String
        public let hours: String?
    }

    public struct Valid: Sendable, Equatable {
        public let registerCode: String
        public let hoursMinutes: Int?
        public let signatoryName: String
        public let signatoryFunction: String
        public let issuePlace: String
        public let topics: [Topic]
        public let topicsText: String
        public let requirePesel: Bool
    }

    public static func topics(_ text: String) -> [Topic] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let title = parts.first, !title.isEmpty else { return nil }
            return Topic(title: title, hours: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil)
        }
    }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let code = CertificateNumber.normalisedCode(TextInput.clean(registerCode))
        if code == nil {
            errors.add("registerCode", "Podaj oznaczenie rejestru: 2–30 liter, cyfr lub łączników, np. ROPS-OPOLE.")
        }
        var minutes: Int?
        let hoursText = TextInput.clean(hours).replacingOccurrences(of: ",", with: ".")
        if !hoursText.isEmpty {
            if let value = Double(hoursText), value > 0, value <= 200, (value * 2).rounded() == value * 2 {
                minutes = Int(value * 60)
            } else {
                errors.add(
                    "hours",
                    "Podaj liczbę godzin, np. 6 albo 6,5 (co pół godziny, najwyżej 200), albo zostaw puste, aby policzyć z programu."
                )
            }
        }
        let name = TextInput.clean(signatoryName)
        if name.isEmpty || name.count > 200 {
            errors.add("signatoryName", "Podaj imię i nazwisko osoby podpisującej zaświadczenia.")
        }
        let function = TextInput.clean(signatoryFunction)
        if function.isEmpty || function.count > 200 {
            errors.add("signatoryFunction", "Podaj funkcję osoby podpisującej, np. „Dyrektor”.")
        }
        let place = TextInput.clean(issuePlace)
        if place.isEmpty || place.count > 100 { errors.add("issuePlace", "Podaj miejscowość wystawienia zaświadczeń.") }
        let topicsText = TextInput.clean(topics, multiline: true)
        let parsed = Self.topics(topicsText)
        if parsed.count > 30 || topicsText.count > 4000 { errors.add("topics", "Najwyżej 30 tematów (4000 znaków).") }
        if parsed.contains(where: { $0.hours.map { Double($0.replacingOccurrences(of: ",", with: ".")) == nil } ?? false }) {
            errors.add("topics", "Po znaku | podaj liczbę godzin, np. „Standardy usług | 2”.")
        }
        guard errors.isEmpty, let code else { return .failure(errors) }
        return .success(
            Valid(
                registerCode: code, hoursMinutes: minutes, signatoryName: name, signatoryFunction: function, issuePlace: place,
                topics: parsed, topicsText: topicsText,
                requirePesel: requirePesel == "on" || requirePesel == "1" || requirePesel == "true"))
    }
}
