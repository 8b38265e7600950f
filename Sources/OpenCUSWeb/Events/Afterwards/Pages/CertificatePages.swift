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
            layout: layout, eventID: try event.requireID(), title: event.displayTitle, form: shown, errors: errors,
            configured: stored != nil, programmeHours: ProgrammeHours.polish(minutes: l.programmeMinutes), rows: rows,
            waiting: rows.filter { $0.number == nil }.count, issued: rows.filter { $0.number != nil }.count, notice: notice)
    }
}
