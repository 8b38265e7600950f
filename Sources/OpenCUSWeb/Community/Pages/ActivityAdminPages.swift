import Foundation
import OpenCUSCore

/// The organisation's activities for staff (`activities/list.leaf`).
struct ActivityListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let url: String
        let title: String
        let kind: String
        let schedule: String
        let next: String
        let signUps: String
    }

    let layout: Layout
    let rows: [Row]
    let calendarURL: String
    let canManage: Bool

    static func make(
        _ activities: [Activity], taken: [UUID: Int], today: CalendarDay, organisationSlug: String, canManage: Bool,
        layout: Layout
    ) throws -> ActivityListPage {
        ActivityListPage(
            layout: layout,
            rows: try activities.map { a in
                let id = try a.requireID()
                let count = taken[id] ?? 0
                return Row(
                    url: canManage ? SiteRoute.activityPage.url(id) : SiteRoute.publicActivity.url(organisationSlug, id),
                    title: a.title, kind: a.kind.polishName, schedule: a.schedule.polish,
                    next: a.schedule.next(after: today)?.polish ?? "—",
                    signUps: !a.signUps && count == 0 ? "bez zapisów" : a.capacity.map { "\(count) z \($0)" } ?? String(count))
            }, calendarURL: SiteRoute.publicActivities.url(organisationSlug), canManage: canManage)
    }
}

/// The activity form (`activities/form.leaf`), new or edited.
struct ActivityFormPage: Encodable, Sendable {
    struct Weekday: Encodable, Sendable {
        let value: String
        let label: String
        let checked: Bool
    }

    let layout: Layout
    let activityID: UUID?
    let title: String
    let form: ActivityForm
    let errors: FieldErrors
    let kindOptions: [SelectOption]
    let weekdays: [Weekday]
    let everyOptions: [SelectOption]
    let partnerOptions: [SelectOption]

    static func make(activity: Activity?, form: ActivityForm, errors: FieldErrors, partners: [Partner], layout: Layout) throws
        -> ActivityFormPage
    {
        let names = ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"]
        return ActivityFormPage(
            layout: layout, activityID: activity?.id, title: activity?.title ?? "Nowe działanie wspierające", form: form,
            errors: errors,
            kindOptions: [SelectOption(value: "", label: "— wybierz —")]
                + ActivityKind.allCases.map {
                    SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.kind)
                },
            weekdays: names.enumerated().map {
                Weekday(
                    value: String($0.offset + 1), label: $0.element,
                    checked: (form.weekdays ?? []).contains(String($0.offset + 1)))
            },
            everyOptions: [("1", "co tydzień"), ("2", "co 2 tygodnie"), ("3", "co 3 tygodnie"), ("4", "co 4 tygodnie")].map {
                SelectOption(value: $0.0, label: $0.1, selected: $0.0 == (form.everyWeeks ?? "1"))
            },
            partnerOptions: [SelectOption(value: "", label: "— bez partnera —")]
                + partners.compactMap { p in
                    p.id.map { SelectOption(value: $0.uuidString, label: p.name, selected: $0.uuidString == form.partner) }
                })
    }
}

/// One activity for staff (`activities/page.leaf`): details, sign-ups, meetings and attendance.
struct ActivityPage: Encodable, Sendable {
    static let notices = [
        "created": "Utworzono działanie. Jest już w publicznym kalendarzu.",
        "saved": "Zapisano zmiany.",
        "signed-up": "Zapisano osobę.",
        "cancelled": "Wypisano osobę.",
        "session": "Wpisano obecność.",
    ]

    struct SignUp: Encodable, Sendable {
        let id: UUID
        let name: String
        let contact: String
        let source: String
        let attended: Int
        let cancelled: Bool
        let checked: Bool
    }

    struct Session: Encodable, Sendable {
        let day: String
        let total: Int
        let named: Int
        let breakdown: String
        let notes: String
    }

    struct Band: Encodable, Sendable {
        let name: String
        let label: String
        let value: String
        let error: String?
    }

    let layout: Layout
    let activityID: UUID
    let title: String
    let kind: String
    let organiser: String
    let place: String
    let schedule: String
    let capacity: String
    let signUpsOpen: Bool
    let publicURL: String
    let notice: String?
    let signUps: [SignUp]
    let sessions: [Session]
    let dayOptions: [SelectOption]
    let signUpForm: ActivitySignUpForm
    let signUpErrors: FieldErrors
    let attendanceErrors: FieldErrors
    let total: String
    let notes: String
    let bands: [Band]
    let totalPeople: Int
    let totalMeetings: Int

    static func make(
        _ activity: Activity, signUps: [ActivitySignUp], sessions: [ActivitySession], presence: [ActivityPresence],
        today: CalendarDay, organisationSlug: String, forms: ActivityAdminController.Forms, notice: String?, layout: Layout
    ) throws -> ActivityPage {
        let id = try activity.requireID()
        let attended = Dictionary(grouping: presence, by: { $0.$signUp.id }).mapValues(\.count)
        let named = Dictionary(grouping: presence, by: { $0.$session.id }).mapValues(\.count)
        let recorded = Set(sessions.map(\.day))
        let chosenDay = forms.attendance["day"]?.first
        let present = Set(forms.attendance["present"] ?? [])
        // Meetings of the last eight weeks not yet recorded, the newest first.
        let open = activity.schedule.occurrences(from: today.adding(days: -56), through: today).filter { !recorded.contains($0) }
            .reversed()
        let active = signUps.filter { $0.cancelledAt == nil }
        return ActivityPage(
            layout: layout, activityID: id, title: activity.title, kind: activity.kind.polishName, organiser: activity.organiser,
            place: activity.place, schedule: activity.schedule.polish,
            capacity: activity.capacity.map { "\(active.count) z \($0) miejsc zajętych" }
                ?? "\(active.count) zapisanych (bez limitu)",
            signUpsOpen: activity.signUps, publicURL: SiteRoute.publicActivity.url(organisationSlug, id), notice: notice,
            signUps: signUps.compactMap { s in
                s.id.map {
                    SignUp(
                        id: $0, name: s.name, contact: [s.phone, s.email].compactMap { $0 }.joined(separator: ", "),
                        source: s.personID != nil ? "z planu IPUS" : s.source == "online" ? "w internecie" : "w centrum",
                        attended: attended[$0] ?? 0, cancelled: s.cancelledAt != nil, checked: present.contains($0.uuidString))
                }
            },
            sessions: sessions.map { s in
                Session(
                    day: "\(s.day.polishWeekday), \(s.day.polish)", total: s.total, named: s.id.flatMap { named[$0] } ?? 0,
                    breakdown: CountedAttendance.ageBands.flatMap { band in
                        CountedAttendance.sexes.compactMap { sex, label in
                            s.breakdown["\(band)|\(sex)"].map { "\(label) \(band): \($0)" }
                        }
                    }.joined(separator: ", "), notes: s.notes)
            },
            dayOptions: [SelectOption(value: "", label: "— wybierz —")]
                + open.map {
                    SelectOption(value: $0.iso, label: "\($0.polishWeekday), \($0.polish)", selected: $0.iso == chosenDay)
                },
            signUpForm: forms.signUp, signUpErrors: forms.signUpErrors, attendanceErrors: forms.attendanceErrors,
            total: forms.attendance["total"]?.first ?? "", notes: forms.attendance["notes"]?.first ?? "",
            bands: CountedAttendance.ageBands.flatMap { band in
                CountedAttendance.sexes.map { sex, label in
                    let name = "n-\(band)-\(sex)"
                    return Band(
                        name: name, label: "\(label), \(band)", value: forms.attendance[name]?.first ?? "",
                        error: forms.attendanceErrors[name])
                }
            }, totalPeople: sessions.reduce(0) { $0 + $1.total }, totalMeetings: sessions.count)
    }
}
