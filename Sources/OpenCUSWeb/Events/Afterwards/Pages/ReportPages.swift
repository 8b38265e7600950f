import Fluent
import OpenCUSCore
import Vapor

/// The page models of `ReportController` (what its templates receive).
extension ReportController {
    struct PublicPage: Encodable, Sendable {
        struct Photo: Encodable, Sendable {
            let url: String
            let alt: String
            let caption: String
            let number: Int
        }
        let layout: Layout
        let slug: String
        let title: String
        let dates: String
        let place: String
        let summaryHTML: String
        let numbers: ReportNumbers
        let materials: [EventViews.Attachment]
        let photos: [Photo]
        let photoCount: String
    }

    struct Page: Encodable, Sendable {
        struct Photo: Encodable, Sendable {
            let id: UUID
            let url: String
            let alt: String
            let caption: String
            let position: String
            let altError: String?
            let positionError: String?
        }
        struct Material: Encodable, Sendable {
            let id: UUID
            let title: String
            let inReport: Bool
        }
        let layout: Layout
        let eventID: UUID
        let slug: String
        let title: String
        let summary: String
        let materials: [Material]
        let photos: [Photo]
        let numbers: ReportNumbers
        let published: Bool
        let publishedAt: String?
        let consentChecked: String?
        let retentionMonths: String
        let retentionDefault: Int
        let errors: FieldErrors
        let notice: String?
    }
}

extension ReportController.Page {
    /// What was typed into the report's forms when they come back with messages.
    struct Typed: Sendable {
        let summary: String?
        let photos: [UUID: ReportController.PhotoInput]
        let errors: FieldErrors
    }

    /// The organiser's report page: summary, materials, gallery, numbers and retention.
    static func make(
        _ event: Event, report: EventReport?, attachments: [EventAttachment], photos: [EventPhoto], numbers: ReportNumbers,
        retention: RetentionSettings, typed: Typed, layout: Layout, notice: String?
    ) throws -> ReportController.Page {
        let (summary, typed, errors) = (typed.summary, typed.photos, typed.errors)
        return ReportController.Page(
            layout: layout,
            eventID: try event.requireID(), slug: event.slug,
            title: event.displayTitle, summary: summary ?? report?.summary ?? "",
            materials: try attachments.map { .init(id: try $0.requireID(), title: $0.title, inReport: $0.inReport) },
            photos: try photos.map { p in
                let input = typed[try p.requireID()]
                return .init(
                    id: try p.requireID(), url: SiteRoute.reportStaffPhoto.url(try event.requireID(), try p.requireID()),
                    alt: input?.alt ?? p.alt,
                    caption: input?.caption ?? p.caption,
                    position: input?.position ?? String(p.position), altError: errors["alt_\(try p.requireID().uuidString)"],
                    positionError: errors["position_\(try p.requireID().uuidString)"])
            },
            numbers: numbers,
            published: report?.publishedAt != nil, publishedAt: report?.publishedAt.map(WarsawTime.format),
            consentChecked: report?.consentCheckedAt.map { "\(WarsawTime.format($0)), \(report?.consentCheckedBy ?? "")" },
            retentionMonths: event.retentionMonths.map(String.init) ?? "",
            retentionDefault: event.isFunded ? retention[.registrationsFunded] : retention[.registrations],
            errors: errors, notice: notice)
    }
}

extension ReportController.PublicPage {
    /// The published report's photos, the materials marked for it, and its numbers.
    struct Loaded {
        let photos: [EventPhoto]
        let materials: [EventAttachment]
        let numbers: ReportNumbers
    }

    static func load(_ event: Event, on db: any Database) async throws -> Loaded {
        Loaded(
            photos: try await ReportController.photos(event, on: db),
            materials: try await EventAttachment.query(on: db).filter(\.$event.$id == event.requireID()).all().filter(\.inReport),
            numbers: try await ReportNumbers.compute(event.requireID(), on: db))
    }

    static func make(_ event: Event, report: EventReport, loaded: Loaded, layout: Layout) throws -> ReportController.PublicPage {
        ReportController.PublicPage(
            layout: layout, slug: event.slug, title: event.displayTitle,
            dates: EventViews.dates(event.startDay, event.endDay), place: EventViews.place(event),
            summaryHTML: MarkdownRenderer.html(report.summary),
            numbers: loaded.numbers,
            materials: loaded.materials.map { EventViews.attachment($0, slug: event.slug) },
            photos: try loaded.photos.enumerated().map {
                Photo(
                    url: SiteRoute.reportPublicPhoto.url(event.slug, try $1.requireID()), alt: $1.alt, caption: $1.caption,
                    number: $0 + 1)
            },
            photoCount: PolishPlural(one: "zdjęcie", few: "zdjęcia", many: "zdjęć").phrase(loaded.photos.count))
    }
}
