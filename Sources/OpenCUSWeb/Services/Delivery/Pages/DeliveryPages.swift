import Fluent
import OpenCUSCore
import Vapor

/// The page models of `DeliveryController` (what its templates receive).
extension DeliveryController {
    struct SummaryPage: Encodable, Sendable {
        struct Service: Encodable, Sendable {
            let id: UUID
            let name: String
        }
        let layout: Layout
        let month: String
        let monthValue: String
        let previous: String
        let next: String
        let rows: [SummaryRow]
        let services: [Service]
        let people: [PersonRow]
        let today: String
    }

    struct EnrolmentPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let person: String
        let service: String
        let period: String
        let needs: String
        let records: [RecordRow]
        let form: Typed
        let attendances: [SelectOption]
        let errors: FieldErrors
        let notice: String?
    }

    struct SessionRow: Encodable, Sendable {
        let enrolmentID: UUID
        let name: String
        let needs: String
        let attendance: String
        let error: String?
    }

    struct SessionPage: Encodable, Sendable {
        let layout: Layout
        let serviceID: UUID
        let service: String
        let day: String
        let minutes: String
        let rows: [SessionRow]
        let errors: FieldErrors
        /// Records already stored for this day: the form shows them and saving corrects them.
        let recorded: Int
        let recordedText: String
        let notice: String?
    }
}

// MARK: The month's summary

extension DeliveryController {
    struct SummaryRow: Encodable, Sendable {
        let service: String
        let provider: String
        let people: Int
        let sessions: Int
        let attended: Int
        let absent: Int
        let cancelled: Int
        let hours: String
        let units: Int
        let rate: String
    }

    struct PersonRow: Encodable, Sendable {
        let enrolmentID: UUID
        let name: String
        let service: String
        let start: String
    }
}

extension DeliveryController.SummaryPage {
    /// One month's records with the names of their services and providers (three queries).
    struct Month: Sendable {
        let records: [DeliveryRecord]
        let services: [UUID: String]
        let providers: [UUID: String]

        init(_ scope: DeliveryController.Scope, _ month: OpenCUSCore.Month, on db: any Database) async throws {
            records = try await scope.records(on: db).filter(\.$onDay >= month.first).filter(\.$onDay <= month.last).all()
            let serviceIDs = Array(Set(records.map(\.$service.id)))
            services =
                serviceIDs.isEmpty
                ? [:]
                : Dictionary(
                    try await ServiceDefinition.query(on: db).filter(\.$id ~~ serviceIDs).all().map {
                        (try $0.requireID(), $0.name)
                    }, uniquingKeysWith: { a, _ in a })
            let providerIDs = Array(Set(records.compactMap(\.providerOrganisationID)))
            providers =
                providerIDs.isEmpty
                ? [:]
                : Dictionary(
                    try await Organisation.query(on: db).filter(\.$id ~~ providerIDs).all().map { (try $0.requireID(), $0.name) },
                    uniquingKeysWith: { a, _ in a })
        }
    }

    struct Loaded: Sendable {
        /// Active enrolments (at most 1 000), oldest start first, with their person and service.
        let enrolments: [Enrolment]
        let month: Month
    }

    static func load(_ scope: DeliveryController.Scope, month: OpenCUSCore.Month, on db: any Database) async throws -> Loaded {
        let enrolments = try await scope.enrolments(on: db).filter(\.$active == true).with(\.$person).with(\.$service)
            .sort(\.$startDay).limit(1_000).all()
        return Loaded(enrolments: enrolments, month: try await Month(scope, month, on: db))
    }

    /// One row per service and provider: sessions, attendance, hours, units (the screen and the CSV).
    static func rows(_ m: Month) -> [DeliveryController.SummaryRow] {
        struct Key: Hashable {
            let service: UUID
            let provider: UUID?
        }
        return Dictionary(grouping: m.records, by: { Key(service: $0.$service.id, provider: $0.providerOrganisationID) }).map {
            key, records in
            var s = DeliverySummary()
            for r in records { s.add(r.attendance, minutes: r.minutes, units: r.units) }
            return DeliveryController.SummaryRow(
                service: m.services[key.service] ?? "—",
                provider: key.provider.flatMap { m.providers[$0] } ?? "centrum (samodzielnie)",
                people: Set(records.map(\.$enrolment.id)).count, sessions: s.sessions, attended: s.attended, absent: s.absent,
                cancelled: s.cancelled,
                hours: String(format: "%.1f", Double(s.minutes) / 60).replacingOccurrences(of: ".", with: ","), units: s.units,
                rate: s.attendanceRate.map { "\($0)%" } ?? "—")
        }.sorted { ($0.service, $0.provider) < ($1.service, $1.provider) }
    }

    static func make(_ l: Loaded, month: OpenCUSCore.Month, today: CalendarDay, layout: Layout) throws
        -> DeliveryController.SummaryPage
    {
        let services = Dictionary(l.enrolments.map { ($0.$service.id, $0.service.name) }, uniquingKeysWith: { a, _ in a })
        return DeliveryController.SummaryPage(
            layout: layout, month: month.polish, monthValue: month.description, previous: month.previous.description,
            next: month.next.description, rows: rows(l.month),
            services: services.map { .init(id: $0.key, name: $0.value) }.sorted { $0.name < $1.name },
            people: try l.enrolments.map {
                DeliveryController.PersonRow(
                    enrolmentID: try $0.requireID(), name: $0.person.fullName, service: $0.service.name, start: $0.startDay.polish
                )
            },
            today: today.iso)
    }
}

// MARK: One enrolment

extension DeliveryController {
    struct RecordRow: Encodable, Sendable {
        let day: String
        let attendance: String
        let minutes: String
        let units: String
        let note: String
        let recordedBy: String
    }

    struct Typed: Encodable, Sendable {
        let day: String
        let minutes: String
        let units: String
        let note: String
    }
}

extension DeliveryController.EnrolmentPage {
    /// The enrolment (with person and service) and its records, newest first.
    static func make(
        _ e: Enrolment, records: [DeliveryRecord], today: CalendarDay, typed: DeliveryForm?, errors: FieldErrors,
        layout: Layout, notice: String?
    ) throws -> DeliveryController.EnrolmentPage {
        let f =
            typed
            ?? {
                var d = DeliveryForm()
                d.day = today.iso
                return d
            }()
        return DeliveryController.EnrolmentPage(
            layout: layout, id: try e.requireID(), person: e.person.fullName, service: e.service.name,
            period: "od \(e.startDay.polish)" + (e.endDay.map { " do \($0.polish)" } ?? ""),
            needs: e.person.deliveryNeeds,
            records: records.map { r in
                DeliveryController.RecordRow(
                    day: r.onDay.polish, attendance: r.attendance.polishName, minutes: r.minutes.map(String.init) ?? "—",
                    units: r.units.map(String.init) ?? "—", note: r.note, recordedBy: r.recordedBy)
            },
            form: DeliveryController.Typed(day: f.day, minutes: f.minutes, units: f.units, note: f.note),
            attendances: Attendance.allCases.map {
                SelectOption(
                    value: $0.rawValue, label: $0.polishName,
                    selected: $0.rawValue == (typed?.attendance ?? Attendance.attended.rawValue))
            },
            errors: errors, notice: notice)
    }
}

extension DeliveryController.SessionPage {
    /// One row per person enrolled that day with the mark typed or recorded; `saved` is how many were just saved
    /// and whether that corrected an earlier record.
    static func make(
        serviceID: UUID, service: String, day: String, minutes: String, people: [Enrolment], marks: [UUID: String],
        errors: FieldErrors, recorded: Int, saved: (count: Int, corrected: Bool)?, layout: Layout
    ) throws -> DeliveryController.SessionPage {
        DeliveryController.SessionPage(
            layout: layout, serviceID: serviceID, service: service, day: day, minutes: minutes,
            rows: try people.map { e in
                let id = try e.requireID()
                return DeliveryController.SessionRow(
                    enrolmentID: id, name: e.person.fullName, needs: e.person.deliveryNeeds, attendance: marks[id] ?? "",
                    error: errors["people.\(id.uuidString)"])
            },
            // A person's mark links to their first choice ("p-<id>-a"), the general message to the list.
            errors: errors.anchored { field in
                field.hasPrefix("people.") ? "p-\(field.dropFirst("people.".count))-a" : nil
            }, recorded: recorded, recordedText: PolishPlural.person.phrase(recorded),
            notice: saved.map {
                ($0.corrected ? "Zapisano poprawkę obecności: " : "Zapisano obecność: ") + PolishPlural.person.phrase($0.count)
                    + "."
            })
    }
}
