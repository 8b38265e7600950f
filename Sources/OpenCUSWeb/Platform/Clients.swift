import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The time source for every rule that depends on "now" (session expiry, throttling, mail
/// retries). Tests replace it with a fixed or steppable clock.
struct AppClock: Sendable {
    var now: @Sendable () -> Date

    static let system = AppClock(now: { Date() })

    /// A clock tests can move forward.
    static func manual(_ start: Date) -> (clock: AppClock, advance: @Sendable (TimeInterval) -> Void) {
        let current = NIOLockedValueBox(start)
        return (
            AppClock(now: { current.withLockedValue { $0 } }),
            { seconds in current.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
        )
    }
}

enum SecureToken {
    /// 32 random bytes from the system CSPRNG, base64url without padding (43 characters).
    static func make() -> String {
        Data([UInt8].random(count: 32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension String {
    var sha256Hex: String {
        SHA256.hash(data: Data(utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Compares secrets without leaking, through timing, how many leading characters matched.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<x.count { difference |= x[i] ^ y[i] }
    return difference == 0
}
