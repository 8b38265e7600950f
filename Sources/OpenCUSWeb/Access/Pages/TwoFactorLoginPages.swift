import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The page models of `TwoFactorLogin` (what its templates receive).
extension TwoFactorLogin {
    struct Page: Encodable, Sendable {
        let layout: Layout
        let error: String?
    }
}
