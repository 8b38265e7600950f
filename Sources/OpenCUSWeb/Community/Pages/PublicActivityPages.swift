import Foundation
import OpenCUSCore

/// The public calendar (`activities/calendar.leaf`): the coming weeks as a list grouped by day,
/// or one month as a table of weeks; the activities with their schedules.
struct ActivityCalendarPage: Encodable, Sendable {
    struct Meeting: Encodable, Sendable {
        let time: String
        let title: String
        let place: String
        let url: String
    }

    struct Day: Encodable, Sendable {
        let label: String
        let meetings: [Meeting]
    }

    struct Cell: Encodable, Sendable {
        let number: Int?
        let label: String
        let isToday: Bool
        let meetings: [Meeting]
    }

    struct Row: Encodable, Sendable {
        let url: String
        let title: String
        let kind: String
        let organiser: String
        let schedule: String
        let place: String
        let signUps: Bool
    }

    let layout: Layout
    let organisationName: String
    let organisationSlug: String
    let days: [Day]
    let weeks: [[Cell]]
    let monthTitle: String?
    let previousMonth: String?
    let nextMonth: String?
    let monthURL: String
    let activities: [Row]
    let icsURL: String
    let jsonURL: String

    static let months = [
        "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad",
        "grudzień",
    ]

    static func meeting(_ activity: Activity, slug: String) -> Meeting {
        let s = activity.schedule
        return Meeting(
            time: "\(s.start)–\(s.end)", title: activity.title, place: activity.place,
            url: SiteRoute.publicActivity.url(slug, activity.id!))
    }

    static func make(
        organisation: Organisation, activities: [Activity], upcoming: [(CalendarDay, Activity)], month: (year: Int, month: Int)?,
        today: CalendarDay, layout: Layout
    ) throws -> ActivityCalendarPage {
        let slug = organisation.slug
        var days: [Day] = []
        for (day, activity) in upcoming {
            let label = "\(day.polishWeekday), \(day.polish)"
            if days.last?.label == label {
                days[days.count - 1] = Day(
                    label: label, meetings: days[days.count - 1].meetings + [meeting(activity, slug: slug)])
            } else {
                days.append(Day(label: label, meetings: [meeting(activity, slug: slug)]))
            }
        }
        var weeks: [[Cell]] = []
        var title: String?
        var previous: String?
        var next: String?
        if let month {
            let first = CalendarDay(year: month.year, month: month.month, day: 1)!
            let nextFirst =
                month.month == 12
                ? CalendarDay(year: month.year + 1, month: 1, day: 1)!
                : CalendarDay(year: month.year, month: month.month + 1, day: 1)!
            let last = nextFirst.adding(days: -1)
            let byDay = Dictionary(
                grouping: PublicActivitiesController.occurrences(activities, from: first, through: last), by: { $0.0 })
            var week: [Cell] = Array(
                repeating: Cell(number: nil, label: "", isToday: false, meetings: []),
                count: ActivitySchedule.isoWeekday(first) - 1)
            var day = first
            while day <= last {
                week.append(
                    Cell(
                        number: day.day, label: day.polish, isToday: day == today,
                        meetings: (byDay[day] ?? []).map { meeting($0.1, slug: slug) }))
                if week.count == 7 {
                    weeks.append(week)
                    week = []
                }
                day = day.adding(days: 1)
            }
            if !week.isEmpty {
                weeks.append(
                    week + Array(repeating: Cell(number: nil, label: "", isToday: false, meetings: []), count: 7 - week.count))
            }
            title = "\(months[month.month - 1]) \(month.year)"
            let before = first.adding(days: -1)
            previous = String(format: "%04d-%02d", before.year, before.month)
            next = String(format: "%04d-%02d", nextFirst.year, nextFirst.month)
        }
        return ActivityCalendarPage(
            layout: layout, organisationName: organisation.name, organisationSlug: slug, days: days, weeks: weeks,
            monthTitle: title, previousMonth: previous, nextMonth: next,
            monthURL: SiteRoute.publicActivities.url(slug, query: String(format: "miesiac=%04d-%02d", today.year, today.month)),
            activities: try activities.map {
                Row(
                    url: SiteRoute.publicActivity.url(slug, try $0.requireID()), title: $0.title, kind: $0.kind.polishName,
                    organiser: $0.organiser, schedule: $0.schedule.polish, place: $0.place, signUps: $0.signUps)
            }, icsURL: SiteRoute.publicActivitiesICS.url(slug), jsonURL: SiteRoute.publicActivitiesJSON.url(slug))
    }
}

/// One activity for residents (`activities/public.leaf`) with its sign-up form.
struct PublicActivityPage: Encodable, Sendable {
    let layout: Layout
    let organisationName: String
    let organisationSlug: String
    let activityID: UUID
    let title: String
    let kind: String
    let organiser: String
    let place: String
    let description: [String]
    let audience: String
    let accessibility: String
    let schedule: String
    let next: [String]
    let capacity: Int?
    let placesLeft: Int?
    let signUps: Bool
    let isFull: Bool
    let form: ActivitySignUpForm
    let errors: FieldErrors
    let signedUp: Bool
    let calendarURL: String

    static func make(
        _ activity: Activity, organisation: Organisation, taken: Int, today: CalendarDay, form: ActivitySignUpForm,
        errors: FieldErrors, signedUp: Bool, layout: Layout
    ) throws -> PublicActivityPage {
        let s = activity.schedule
        let left = activity.capacity.map { max($0 - taken, 0) }
        return PublicActivityPage(
            layout: layout, organisationName: organisation.name, organisationSlug: organisation.slug,
            activityID: try activity.requireID(), title: activity.title, kind: activity.kind.polishName,
            organiser: activity.organiser, place: activity.place,
            description: activity.description.components(separatedBy: "\n\n").filter { !$0.isEmpty }, audience: activity.audience,
            accessibility: activity.accessibility, schedule: s.polish,
            next: s.occurrences(from: today, through: today.adding(days: 60)).prefix(6).map {
                "\($0.polishWeekday), \($0.polish)"
            },
            capacity: activity.capacity, placesLeft: left, signUps: activity.signUps, isFull: left == 0, form: form,
            errors: errors, signedUp: signedUp, calendarURL: SiteRoute.publicActivities.url(organisation.slug))
    }
}
