import Fluent
import OpenCUSCore
import Vapor

/// Reads and records failed logins for `LoginThrottlePolicy`. Keys are hashed so that the
/// table holds neither e-mail addresses nor IP addresses in the clear.
struct LoginThrottleStore {
    let database: any Database
    let policy: LoginThrottlePolicy

    func waitTime(accountKey: String, addressKey: String, now: Date) async throws -> TimeInterval? {
        let since = now.addingTimeInterval(-policy.window)
        let account = try await failures(.account, accountKey, since: since)
        let address = try await failures(.address, addressKey, since: since)
        return policy.waitTime(accountFailures: account, addressFailures: address, now: now)
    }

    /// On a known device only its own failures count.
    func waitTime(deviceKey: String, now: Date) async throws -> TimeInterval? {
        let device = try await failures(.device, deviceKey, since: now.addingTimeInterval(-policy.window))
        return policy.waitTime(knownDeviceFailures: device, now: now)
    }

    func recordDeviceFailure(_ deviceKey: String, now: Date) async throws {
        try await LoginFailure(scope: .device, keyHash: deviceKey, failedAt: now).create(on: database)
    }

    func clearDevice(_ deviceKey: String) async throws {
        try await LoginFailure.query(on: database).filter(\.$scope == .device).filter(\.$keyHash == deviceKey).delete()
    }

    func recordFailure(accountKey: String, addressKey: String, now: Date) async throws {
        try await LoginFailure(scope: .account, keyHash: accountKey, failedAt: now).create(on: database)
        try await LoginFailure(scope: .address, keyHash: addressKey, failedAt: now).create(on: database)
    }

    /// A successful login forgives the account's failures (not the address's: one machine
    /// guessing many accounts should stay slowed down).
    func clearAccount(_ accountKey: String) async throws {
        try await LoginFailure.query(on: database)
            .filter(\.$scope == .account).filter(\.$keyHash == accountKey).delete()
    }

    private func failures(_ scope: LoginFailure.Scope, _ key: String, since: Date) async throws -> [Date] {
        try await LoginFailure.query(on: database)
            .filter(\.$scope == scope).filter(\.$keyHash == key).filter(\.$failedAt > since)
            .all().map(\.failedAt)
    }

    static func accountKey(email: String) -> String {
        ("account:" + email.lowercased().trimmingCharacters(in: .whitespaces)).sha256Hex
    }

    /// Failures from one network: an IPv6 client by its /64 (see `ClientAddress.limitKey`).
    static func addressKey(_ request: Request) -> String {
        ("address:" + ClientAddress.limitKey(ClientAddress.of(request))).sha256Hex
    }
}
