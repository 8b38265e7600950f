import Foundation

/// When to try delivering a message again after a failure: exponential backoff
/// (1 min, 2, 4, … capped at 6 h) and a limit after which the message is marked failed
/// and waits for an administrator.
public struct RetryPolicy: Sendable, Equatable {
    public let baseDelay: TimeInterval
    public let maximumDelay: TimeInterval
    public let maximumAttempts: Int

    public init(baseDelay: TimeInterval = 60, maximumDelay: TimeInterval = 6 * 3600, maximumAttempts: Int = 8) {
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    public enum Decision: Sendable, Equatable {
        case retry(after: TimeInterval)
        case giveUp
    }

    /// `attempts` counts the attempt that just failed (1 after the first failure).
    public func decision(afterFailedAttempts attempts: Int) -> Decision {
        guard attempts < maximumAttempts else { return .giveUp }
        let exponent = min(max(attempts - 1, 0), 30)
        return .retry(after: min(baseDelay * pow(2, Double(exponent)), maximumDelay))
    }
}
