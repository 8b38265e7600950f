import Fluent
import OpenCUSCore
import Vapor

/// The page models of `AccessController` (what its templates receive).
extension AccessController {
    struct LoginPage: Encodable, Sendable {
        let layout: Layout
        let email: String
        let next: String
        let error: String?
        let notice: String?
    }
}
