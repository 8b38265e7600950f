import Foundation
import OpenCUSCore

/// The volunteers' registry (`volunteers/list.leaf`).
struct VolunteerListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let url: String
        let name: String
        let areas: String
        let agreement: String
        let hours: String
    }

    let layout: Layout
    let rows: [Row]
    let totalHours: String

    static func make(_ volunteers: [Volunteer], hours: [VolunteerHours], today: CalendarDay, layout: Layout) -> VolunteerListPage
    {
        let minutes = Dictionary(grouping: hours, by: { $0.$volunteer.id }).mapValues { $0.reduce(0) { $0 + $1.minutes } }
        return VolunteerListPage(
            layout: layout,
            rows: volunteers.compactMap { v in
                v.id.map {
                    Row(
                        url: SiteRoute.volunteerPage.url($0), name: v.name, areas: v.areas,
                        agreement: VolunteerPage.agreementState(v, today: today),
                        hours: VolunteerHoursForm.text(minutes[$0] ?? 0))
                }
            }, totalHours: VolunteerHoursForm.text(hours.reduce(0) { $0 + $1.minutes }))
    }
}

/// The volunteer form (`volunteers/form.leaf`).
struct VolunteerFormPage: Encodable, Sendable {
    let layout: Layout
    let volunteerID: UUID?
    let title: String
    let form: VolunteerForm
    let errors: FieldErrors
}

/// One volunteer (`volunteers/page.leaf`): data, agreement, hours, certificates.
struct VolunteerPage: Encodable, Sendable {
    static let notices = [
        "created": "Dodano wolontariusza.", "saved": "Zapisano dane wolontariusza.", "hours": "Wpisano godziny.",
    ]

    struct Hours: Encodable, Sendable {
        let day: String
        let duration: String
        let activity: String
        let what: String
    }

    struct Certificate: Encodable, Sendable {
        let number: String
        let issuedOn: String
        let hours: String
        let url: String
    }

    let layout: Layout
    let volunteerID: UUID
    let name: String
    let contact: String
    let availability: String
    let skills: String
    let areas: String
    let agreement: String
    let hasAgreement: Bool
    let total: String
    let hours: [Hours]
    let certificates: [Certificate]
    let activityOptions: [SelectOption]
    let form: VolunteerHoursForm
    let errors: FieldErrors
    let notice: String?

    static func agreementState(_ v: Volunteer, today: CalendarDay) -> String {
        guard !v.agreementNumber.isEmpty, let from = v.validFrom else { return "bez porozumienia" }
        if let until = v.validUntil, until < today { return "porozumienie nr \(v.agreementNumber) wygasło \(until.polish)" }
        return "porozumienie nr \(v.agreementNumber) od \(from.polish)" + (v.validUntil.map { " do \($0.polish)" } ?? "")
    }

    static func make(
        _ v: Volunteer, hours: [VolunteerHours], certificates: [VolunteerCertificate], activities: [Activity],
        form: VolunteerHoursForm, errors: FieldErrors, notice: String?, today: CalendarDay, layout: Layout
    ) throws -> VolunteerPage {
        let titles = Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a.title) } })
        let id = try v.requireID()
        return VolunteerPage(
            layout: layout, volunteerID: id, name: v.name,
            contact: [v.phone, v.email].filter { !$0.isEmpty }.joined(separator: ", "), availability: v.availability,
            skills: v.skills, areas: v.areas,
            agreement: agreementState(v, today: today),
            hasAgreement: !v.agreementNumber.isEmpty, total: VolunteerHoursForm.text(hours.reduce(0) { $0 + $1.minutes }),
            hours: hours.map {
                Hours(
                    day: $0.day.polish, duration: VolunteerHoursForm.text($0.minutes),
                    activity: $0.activityID.flatMap { titles[$0] } ?? "—", what: $0.what)
            },
            certificates: try certificates.map {
                Certificate(
                    number: $0.number, issuedOn: $0.issuedOn.polish, hours: VolunteerHoursForm.text($0.minutes),
                    url: SiteRoute.volunteerCertificate.url(id, try $0.requireID()))
            },
            activityOptions: [SelectOption(value: "", label: "— bez działania (inne) —")]
                + activities.compactMap { a in
                    a.id.map { SelectOption(value: $0.uuidString, label: a.title, selected: $0.uuidString == form.activity) }
                }, form: form, errors: errors, notice: notice)
    }
}

/// The printable agreement and certificate (`volunteers/agreement.leaf`, `volunteers/certificate.leaf`).
struct VolunteerDocumentPage: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let activity: String
        let hours: String
    }

    let layout: Layout
    let organisationName: String
    let organisationCity: String
    let name: String
    let number: String
    let date: String
    let period: String
    let scope: String
    let total: String
    let lines: [Line]
    let backURL: String

    static func agreement(_ v: Volunteer, organisation: Organisation, layout: Layout) -> VolunteerDocumentPage {
        VolunteerDocumentPage(
            layout: layout, organisationName: organisation.name, organisationCity: organisation.city ?? "", name: v.name,
            number: v.agreementNumber, date: v.signedOn?.polish ?? "", period: period(v.validFrom, v.validUntil),
            scope: v.scope, total: "", lines: [], backURL: SiteRoute.volunteerPage.url(v.id!))
    }

    static func certificate(
        _ v: Volunteer, _ c: VolunteerCertificate, hours: [VolunteerHours], activities: [Activity], organisation: Organisation,
        layout: Layout
    ) -> VolunteerDocumentPage {
        let titles = Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a.title) } })
        let byActivity = Dictionary(grouping: hours, by: { $0.activityID.flatMap { titles[$0] } ?? "inne działania centrum" })
        return VolunteerDocumentPage(
            layout: layout, organisationName: organisation.name, organisationCity: organisation.city ?? "", name: v.name,
            number: c.number, date: c.issuedOn.polish, period: period(c.firstDay, c.lastDay), scope: v.scope,
            total: VolunteerHoursForm.text(c.minutes),
            lines: byActivity.keys.sorted().map { key in
                Line(activity: key, hours: VolunteerHoursForm.text(byActivity[key]!.reduce(0) { $0 + $1.minutes }))
            }, backURL: SiteRoute.volunteerPage.url(v.id!))
    }

    static func period(_ from: CalendarDay?, _ until: CalendarDay?) -> String {
        guard let from else { return "" }
        return "od \(from.polish)" + (until.map { " do \($0.polish)" } ?? " na czas nieokreślony")
    }
}
