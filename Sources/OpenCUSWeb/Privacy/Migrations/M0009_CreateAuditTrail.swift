import Fluent
import SQLKit

/// The audit trail: records (append-only, hash-chained per organisation), the subjects each
/// record concerns (for "who has seen this person"), changed values kept apart from the hashed
/// record so that anonymisation can erase them, and one head row per chain.
struct M0009_CreateAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_heads")
            .field("chain", .string, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            // The previous hash of the oldest row still kept (rows past retention are removed
            // oldest first); the genesis hash while nothing was removed.
            .field("anchor_hash", .string, .required)
            .create()
        try await database.schema("audit_records")
            .id()
            .field("chain", .string, .required)
            .field("sequence", .int64, .required)
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
            .field("value_digests", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "chain", "sequence", name: "uq_audit_records_chain_sequence")
            .create()
        let sql = try database.sql()
        try await sql.create(index: "idx_audit_records_org_time").on("audit_records").column("organisation_id").column(
            "occurred_at"
        ).run()
        try await sql.create(index: "idx_audit_records_actor").on("audit_records").column("actor_user_id").column("occurred_at")
            .run()
        try await sql.create(index: "idx_audit_records_record").on("audit_records").column("record_type").column("record_id")
            .run()
        try await database.schema("audit_subjects")
            .field("audit_id", .uuid, .required)
            .field("organisation_id", .uuid)
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        try await sql.create(index: "idx_audit_subjects_subject").on("audit_subjects").column("subject_id").column("occurred_at")
            .run()
        try await sql.create(index: "idx_audit_subjects_audit").on("audit_subjects").column("audit_id").run()
        try await database.schema("audit_values")
            .field("audit_id", .uuid, .required)
            .field("position", .int, .required)
            .field("subject_id", .string)
            .field("field", .string, .required)
            .field("old_value", .string)
            .field("new_value", .string)
            .field("sensitive", .bool, .required)
            .field("erased_at", .datetime)
            .create()
        try await sql.create(index: "idx_audit_values_audit").on("audit_values").column("audit_id").run()
        try await sql.create(index: "idx_audit_values_subject").on("audit_values").column("subject_id").run()
        // The application never updates an audit record; the database refuses it too, so a
        // bug or an injected statement cannot rewrite history quietly (deletion stays possible
        // for the retention job, and is visible to `opencus audit verify` as a moved anchor).
        if database.isSQLite {
            try await sql.raw(
                """
                CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END
                """
            ).run()
        } else {
            try await sql.raw(
                """
                CREATE FUNCTION audit_records_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit records are append-only'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
                FOR EACH ROW EXECUTE FUNCTION audit_records_refuse_update()
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_values").delete()
        try await database.schema("audit_subjects").delete()
        try await database.schema("audit_records").delete()
        if !database.isSQLite { try await database.sql().raw("DROP FUNCTION IF EXISTS audit_records_refuse_update()").run() }
        try await database.schema("audit_heads").delete()
    }
}
