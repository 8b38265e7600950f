import Fluent

/// When a snapshot was last computed from the whole history: the last two months are
/// recomputed every quarter of an hour from their own rows, the earlier ones once a day.
struct M0036_AddSnapshotFullAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("insight_snapshots").field("full_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("insight_snapshots").deleteField("full_at").update()
    }
}
