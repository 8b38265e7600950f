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
