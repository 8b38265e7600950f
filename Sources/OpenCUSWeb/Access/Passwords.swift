import Vapor

/// Bcrypt runs on the thread pool: at cost 12 it takes ~250 ms of CPU, which must not block
/// an event loop.
enum Passwords {
    static func hash(_ password: String, cost: Int, on app: Application) async throws -> String {
        try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String, on app: Application) async throws -> Bool {
        try await app.threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    /// Compared against when the e-mail is unknown, so that a wrong e-mail takes as long as a
    /// wrong password and response times do not reveal which accounts exist. Made once at start
    /// with the configured cost.
    static func makeUnknownUserHash(cost: Int) throws -> String {
        try Bcrypt.hash(SecureToken.make(), cost: cost)
    }
}
