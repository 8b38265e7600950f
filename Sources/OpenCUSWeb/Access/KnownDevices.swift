import Fluent
import Foundation
import Vapor

/// A browser a staff member has logged in from before, remembered by a random token in a
/// cookie (only its SHA-256 is stored).
final class KnownDevice: Model, @unchecked Sendable {
    static let schema = "known_devices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_used_at") var lastUsedAt: Date

    init() {}

    init(userID: UUID, tokenHash: String, now: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.createdAt = now
        self.lastUsedAt = now
    }
}

/// The lockout policy's answer to "anyone who knows a colleague's e-mail can keep them locked
/// out" (the device-cookie scheme OWASP recommends): five wrong passwords for an account within
/// 15 minutes lock that account only for browsers it has never logged in from. A browser the
/// person completed a login on (password and, where enabled, the second factor) in the last 180
/// days carries a device cookie; from it the person logs in as usual while the lock holds
/// elsewhere, and wrong passwords typed there count against that device alone (five per 15
/// minutes). A password change forgets every other device, a reset link forgets all of them
/// and lifts the lock.
enum KnownDevices {
    static let cookieName = "opencus_device"
    static let lifetime: TimeInterval = 180 * 24 * 3600

    struct Recognised: Sendable {
        let deviceID: UUID
        /// The throttle key for this device's own failures.
        let throttleKey: String
    }

    /// The device this request comes from, when its cookie names a recent device of `userID`.
    static func recognised(_ request: Request, userID: UUID?, now: Date) async throws -> Recognised? {
        guard let userID, let (device, token) = try await stored(request, userID: userID),
            now.timeIntervalSince(device.lastUsedAt) < lifetime
        else { return nil }
        return Recognised(deviceID: try device.requireID(), throttleKey: ("device:" + token).sha256Hex)
    }

    /// The person's device named by the request's cookie, with the cookie's token.
    private static func stored(_ request: Request, userID: UUID) async throws -> (KnownDevice, String)? {
        guard let token = request.cookies[cookieName]?.string, !token.isEmpty, token.count <= 100,
            let device = try await KnownDevice.query(on: request.db).filter(\.$tokenHash == token.sha256Hex)
                .filter(\.$user.$id == userID).first()
        else { return nil }
        return (device, token)
    }

    /// After a complete login: the device is remembered (or its remembrance renewed) and the
    /// response carries its cookie.
    static func remember(userID: UUID, response: Response, request: Request, now: Date) async throws {
        if let (device, token) = try await stored(request, userID: userID) {
            device.lastUsedAt = now
            try await device.update(on: request.db)
            response.cookies[cookieName] = cookie(token, request)
            return
        }
        let token = SecureToken.make()
        try await KnownDevice(userID: userID, tokenHash: token.sha256Hex, now: now).create(on: request.db)
        // Devices unused for the whole lifetime are of no use to anyone.
        try await KnownDevice.query(on: request.db).filter(\.$user.$id == userID)
            .filter(\.$lastUsedAt < now.addingTimeInterval(-lifetime)).delete()
        response.cookies[cookieName] = cookie(token, request)
    }

    /// Forgets the person's devices, except the one this request comes from when `keepCurrent`.
    static func forget(userID: UUID, keepCurrent: Request? = nil, on db: any Database) async throws {
        var query = KnownDevice.query(on: db).filter(\.$user.$id == userID)
        if let token = keepCurrent?.cookies[cookieName]?.string, !token.isEmpty {
            query = query.filter(\.$tokenHash != token.sha256Hex)
        }
        try await query.delete()
    }

    /// Sent only to the login pages, never readable by scripts.
    static func cookie(_ token: String, _ request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: Int(lifetime), domain: nil, path: "/login",
            isSecure: request.config.secureCookies, isHTTPOnly: true, sameSite: .strict)
    }
}
