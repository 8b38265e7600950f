import Fluent
import SQLKit

/// Read audits committed ahead of their chain (`AuditQueue`), moved into `audit_records` by
/// `AuditChainer`: the same fields as a record, without its number and hashes.
struct M0020_AuditPending: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_pending")
            .id()
            .field("chain", .string, .required)
            .field("organisation_id", .uuid)
            .field("occurred_at", .datetime, .required)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string, .required)
            .field("actor_roles", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("subjects", .string, .required)
            .field("address", .string)
            .field("detail", .string, .required)
            .create()
        try await database.sql().create(index: "idx_audit_pending_chain").on("audit_pending").column("chain").column(
            "occurred_at"
        ).column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_pending").delete()
    }
}
