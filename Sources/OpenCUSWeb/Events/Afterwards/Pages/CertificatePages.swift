import Fluent
import OpenCUSCore
import Vapor

/// The page models of `CertificateController` (what its templates receive).
extension CertificateController {
    struct PrintPage: Encodable, Sendable {
        let backURL: String
        let backLabel: String
        let title: String
        let certificates: [Document]
    }

    struct RegisterPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let number: String
            let issuedOn: String
            let event: String
            let participant: String
            let reissues: String
        }
        let layout: Layout
        let year: Int
        let years: [SelectOption]
        let rows: [Row]
        let summary: String
    }

    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let registrationID: UUID
            let name: String
            let institution: String
            let days: String
            let certificateID: UUID?
            let number: String?
            let reissues: Int
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let form: CertificateSettingsForm
        let errors: FieldErrors
        let configured: Bool
        let programmeHours: String
        let rows: [Row]
        let waiting: Int
        let issued: Int
        let notice: String?
    }
}

extension CertificateController.Page {
    struct Loaded: Sendable {
        let settings: CertificateSettings?
        let organisationSlug: String
        let eligible: [CertificateService.Eligible]
        let certificates: [Certificate]
        /// What the programme adds up to for someone present every day (no workshop chosen).
        let programmeMinutes: Int
    }

    /// The certificates page: the settings form (as stored, or as typed) and every person
    /// eligible, with their certificate when it has been issued.
    static func make(
        _ event: Event, _ l: Loaded, form: CertificateSettingsForm?, errors: FieldErrors, layout: Layout, notice: String?
    ) throws -> CertificateController.Page {
        let stored = l.settings
        let shown =
            form
            ?? CertificateSettingsForm(
                registerCode: stored?.registerCode ?? CertificateNumber.normalisedCode(l.organisationSlug) ?? "",
                hours: stored?.hoursMinutes.map { minutes in minutes % 60 == 0 ? "\(minutes / 60)" : "\(minutes / 60),5" } ?? "",
                signatoryName: stored?.signatoryName ?? "", signatoryFunction: stored?.signatoryFunction ?? "",
                issuePlace: stored?.issuePlace ?? event.venueCity ?? "", topics: stored?.topics ?? "",
                requirePesel: (stored?.requirePesel ?? false) ? "on" : nil)
        let certificates = Dictionary(l.certificates.map { ($0.$registration.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = try l.eligible.map { e in
            let c = certificates[try e.registration.requireID()]
            return Row(
                registrationID: try e.registration.requireID(), name: "\(e.registration.lastName) \(e.registration.firstName)",
                institution: e.registration.institution, days: e.daysPresent.map(\.polish).joined(separator: ", "),
                certificateID: c?.id, number: c?.number, reissues: c?.reissueCount ?? 0)
        }
        return CertificateController.Page(
            layout: layout, eventID: try event.requireID(), title: event.displayTitle, form: shown,
            // A refused reissue names the certificate; it links to the list of certificates.
            errors: errors.anchored { $0 == "reissue" ? "wydawanie" : nil },
            configured: stored != nil, programmeHours: ProgrammeHours.polish(minutes: l.programmeMinutes), rows: rows,
            waiting: rows.filter { $0.number == nil }.count, issued: rows.filter { $0.number != nil }.count, notice: notice)
    }
}

extension CertificateController {
    // MARK: The document

    struct Document: Encodable, Sendable {
        let id: UUID
        let number: String
        let participant: String
        let pesel: String?
        let eventTitle: String
        let kind: String
        let dates: String
        let place: String
        let hours: String
        let organisers: String
        let topics: [CertificateSettingsForm.Topic]
        let issuePlace: String
        let issuedOn: String
        let reissued: String?
        let signatoryName: String
        let signatoryFunction: String
    }

    /// The days a certificate names: those the person was present (the event's days only for
    /// a certificate from before attendance was recorded).
    static func certifiedDates(_ days: [CalendarDay], event: Event) -> String {
        let days = days.sorted()
        guard let first = days.first, let last = days.last else { return EventViews.dates(event.startDay, event.endDay) }
        if first.days(until: last) == days.count - 1 { return EventViews.dates(first, last) }
        return days.map(\.polish).joined(separator: ", ")
    }

    /// One certificate as printed: the days and hours the person attended, the organisers, the signatory.
    static func document(
        _ c: Certificate, registration: Registration, event: Event, settings: CertificateSettings?, organisers: [String],
        daysPresent: [CalendarDay]
    ) throws -> Document {
        Document(
            id: try c.requireID(), number: c.number,
            participant: registration.anonymisedAt == nil ? registration.fullName : "(dane osobowe usunięte)",
            pesel: (settings?.requirePesel ?? false) ? c.pesel : nil, eventTitle: event.displayTitle, kind: event.kind.polishName,
            dates: certifiedDates(daysPresent, event: event), place: EventViews.place(event),
            hours: ProgrammeHours.inScope(minutes: c.hoursMinutes),
            organisers: organisers.joined(separator: ", "), topics: CertificateSettingsForm.topics(settings?.topics ?? ""),
            issuePlace: settings?.issuePlace ?? event.venueCity ?? "",
            issuedOn: c.issuedOn.polish,
            reissued: c.lastReissuedOn.map {
                "Duplikat / wydanie poprawione z dnia \($0.polish)"
            },
            signatoryName: settings?.signatoryName ?? "", signatoryFunction: settings?.signatoryFunction ?? "")
    }

}

extension CertificateController.PrintPage {
    /// What printing certificates of one event needs besides the certificates themselves.
    struct Loaded {
        let settings: CertificateSettings?
        let registrations: [UUID: Registration]
        let organisers: [String]
        let daysPresent: [UUID: [CalendarDay]]
    }

    static func load(_ event: Event, certificates: [Certificate], on db: any Database) async throws -> Loaded {
        let ids = certificates.map { $0.$registration.id }
        return Loaded(
            settings: try await CertificateController.settings(event, on: db),
            registrations: Dictionary(
                uniqueKeysWithValues: try await Registration.query(on: db).filter(\.$id ~~ ids).all().map {
                    (try $0.requireID(), $0)
                }),
            organisers: try await AttendanceListController.organisers(event, on: db),
            daysPresent: try await CertificateService.daysPresent(ids, on: db))
    }

    /// One document per certificate whose registration still exists, in the order given.
    static func make(_ loaded: Loaded, event: Event, certificates: [Certificate], backURL: String, backLabel: String) throws
        -> CertificateController.PrintPage
    {
        CertificateController.PrintPage(
            backURL: backURL, backLabel: backLabel, title: event.displayTitle,
            certificates: try certificates.compactMap { c in
                try loaded.registrations[c.$registration.id].map {
                    try CertificateController.document(
                        c, registration: $0, event: event, settings: loaded.settings, organisers: loaded.organisers,
                        daysPresent: loaded.daysPresent[c.$registration.id] ?? [])
                }
            })
    }
}

extension CertificateController.RegisterPage {
    /// The events and people the year's certificates name.
    struct Loaded {
        let eventTitles: [UUID: String]
        let registrations: [UUID: Registration]
    }

    static func load(_ certificates: [Certificate], organisationID: UUID, on db: any Database) async throws -> Loaded {
        Loaded(
            eventTitles: Dictionary(
                uniqueKeysWithValues: try await Event.scoped(to: organisationID, on: db)
                    .filter(\.$id ~~ Array(Set(certificates.map { $0.$event.id }))).all().map {
                        (try $0.requireID(), $0.displayTitle)
                    }),
            registrations: Dictionary(
                uniqueKeysWithValues: try await Registration.query(on: db).filter(
                    \.$id ~~ certificates.map { $0.$registration.id }
                )
                .all().map { (try $0.requireID(), $0) }))
    }

    /// The year's certificates in number order; an anonymised participant is named as such.
    static func make(_ certificates: [Certificate], _ loaded: Loaded, year: Int, years: [Int], layout: Layout)
        -> CertificateController.RegisterPage
    {
        CertificateController.RegisterPage(
            layout: layout, year: year,
            years: years.map { SelectOption(value: String($0), label: String($0), selected: $0 == year) },
            rows: certificates.map { c in
                let r = loaded.registrations[c.$registration.id]
                return Row(
                    number: c.number, issuedOn: c.issuedOn.polish,
                    event: loaded.eventTitles[c.$event.id] ?? "",
                    participant: r.map { $0.anonymisedAt == nil ? $0.fullName : "(dane usunięte po okresie przechowywania)" }
                        ?? "",
                    reissues: c.reissueCount == 0
                        ? "" : "\(c.reissueCount) (ostatnio \(c.lastReissuedOn?.polish ?? ""))")
            },
            summary: PolishPlural(one: "zaświadczenie", few: "zaświadczenia", many: "zaświadczeń").phrase(certificates.count))
    }
}
