import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// Whether a refusal is a decision is the CUS's setting (the reform may change it); each refusal
/// record keeps the form it was issued in.
struct M0015_RefusalKind: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("intake_settings").field("refusal_is_decision", .bool, .required, .sql(.default(true))).update()
        try await database.schema("refusal_decisions").field(
            "kind", .string, .required, .sql(.default(RefusalKind.decision.rawValue))
        ).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("refusal_decisions").deleteField("kind").update()
        try await database.schema("intake_settings").deleteField("refusal_is_decision").update()
    }
}
