import Fluent
import OpenCUSCore
import Vapor

extension OutboxMessage: OrganisationOwned {}

/// The administrator's view of outgoing mail: what was sent, what waits, what failed and why,
/// and a button to try a failed message again.
enum OutboxController {
    static let pageSize = 50

    /// Messages this person may see: their organisation's, plus system mail for operator admins.
    private static func visible(to staff: StaffContext, on db: any Database) -> QueryBuilder<OutboxMessage> {
        if staff.permissions.organisationIsOperator {
            return OutboxMessage.query(on: db).group(.or) { group in
                group.filter(\.$organisation.$id == staff.organisationID).filter(\.$organisation.$id == nil)
            }
        }
        return OutboxMessage.scoped(to: staff.organisationID, on: db)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewOutbox)
        let state = request.query[String.self, at: "state"].flatMap(OutboxMessage.State.init(rawValue:))
        let page = max(1, min(request.query[Int.self, at: "page"] ?? 1, 10_000))
        var query = visible(to: staff, on: request.db)
        if let state { query = query.filter(\.$state == state) }
        let total = try await query.count()
        let messages = try await query.sort(\.$createdAt, .descending)
            .range(((page - 1) * pageSize)..<(page * pageSize)).all()
        var counts: [OutboxMessage.State?: Int] = [nil: try await visible(to: staff, on: request.db).count()]
        for candidate in OutboxMessage.State.allCases {
            counts[candidate] = try await visible(to: staff, on: request.db).filter(\.$state == candidate).count()
        }
        let context = try ListPage.make(
            messages, total: total, counts: counts, state: state, page: page, pageSize: pageSize,
            layout: try await request.layout(title: "Poczta wychodząca", section: "outbox"))
        return try await request.render("mail/outbox-list", context)
    }

    @Sendable static func detail(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewOutbox)
        let message = try await find(request, staff: staff)
        let notice =
            request.query[String.self, at: "ok"] == "retry"
            ? "Wiadomość wróciła do kolejki i zostanie wysłana w ciągu kilku sekund." : nil
        let attachments = try await message.$attachments.query(on: request.db).sort(\.$position).all()
        let context = try DetailPage.make(
            message, attachments: attachments, canRetry: staff.allows(.retryOutbox), notice: notice,
            layout: try await request.layout(title: "Wiadomość: \(message.subject)", section: "outbox"))
        return try await request.render("mail/outbox-detail", context)
    }

    @Sendable static func retry(_ request: Request) async throws -> Response {
        let staff = try request.require(.retryOutbox)
        let message = try await find(request, staff: staff)
        guard message.state == .failed else {
            throw Abort(.conflict, reason: "Tę wiadomość można ponowić tylko wtedy, gdy jej wysyłka się nie powiodła.")
        }
        message.state = .pending
        message.attempts = 0
        message.nextAttemptAt = request.clock.now()
        message.lockedUntil = nil
        try await message.update(on: request.db)
        request.logger.info(
            "Outbox message retried by admin",
            metadata: ["outbox_id": "\(message.id?.uuidString ?? "?")", "user_id": "\(staff.userID)"])
        return request.redirect(to: SiteRoute.outboxDetail.url(try message.requireID(), query: "ok=retry"), redirectType: .normal)
    }

    private static func find(_ request: Request, staff: StaffContext) async throws -> OutboxMessage {
        guard let id = request.parameters.get("id", as: UUID.self),
            let message = try await visible(to: staff, on: request.db).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        return message
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
