import Fluent
import OpenCUSCore
import Vapor

/// The page models of `HomeController` (what its templates receive).
extension HomeController {
    struct HomePage: Encodable, Sendable {
        let layout: Layout
        let organisationCount: String
        let cusCount: Int
    }

    struct DirectoryPage: Encodable, Sendable {
        struct Group: Encodable, Sendable {
            let kind: String
            let organisations: [Entry]
        }
        struct Entry: Encodable, Sendable {
            let name: String
            let place: String?
            let voivodeship: String?
            let website: String?
            let email: String?
            let phone: String?
        }
        let layout: Layout
        let groups: [Group]
        let summary: String
    }
}
