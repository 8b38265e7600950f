import Foundation

/// Slows down password guessing: a login is refused, without checking the password, when an
/// account or a network address has too many recent failures. Per account stops a targeted
/// attack; per address stops one machine trying many accounts.
public struct LoginThrottlePolicy: Sendable {
    public let window: TimeInterval
    public let maxFailuresPerAccount: Int
    public let maxFailuresPerAddress: Int

    public init(window: TimeInterval = 15 * 60, maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20) {
        self.window = window
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    /// How long the caller must wait, or nil when a login may be attempted now.
    /// `accountFailures` and `addressFailures` are the times of recent failed attempts.
    public func waitTime(accountFailures: [Date], addressFailures: [Date], now: Date) -> TimeInterval? {
        let waits = [
            wait(failures: accountFailures, limit: maxFailuresPerAccount, now: now),
            wait(failures: addressFailures, limit: maxFailuresPerAddress, now: now),
        ].compactMap { $0 }
        return waits.max()
    }

    /// A browser the person logged in from before: the account's and the address's failures
    /// (which anyone can cause) do not apply, the device's own do, with the account's limit.
    public func waitTime(knownDeviceFailures: [Date], now: Date) -> TimeInterval? {
        wait(failures: knownDeviceFailures, limit: maxFailuresPerAccount, now: now)
    }

    /// With `limit` failures inside the window, the block lasts until the oldest of the newest
    /// `limit` failures leaves the window.
    private func wait(failures: [Date], limit: Int, now: Date) -> TimeInterval? {
        let recent = failures.filter { now.timeIntervalSince($0) < window }.sorted(by: >)
        guard recent.count >= limit else { return nil }
        let oldestThatCounts = recent[limit - 1]
        let remaining = window - now.timeIntervalSince(oldestThatCounts)
        return remaining > 0 ? remaining : nil
    }

    /// "Spróbuj ponownie za 14 minut."
    public static func polishWaitMessage(_ wait: TimeInterval) -> String {
        let minutes = max(1, Int((wait / 60).rounded(.up)))
        return "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za \(PolishPlural.minute.phrase(minutes))."
    }

    /// Added where the lock is the account's (not the person's own device): what its owner can do now.
    public static let polishLockedAccountHint =
        "Jeśli to Twoje konto, możesz zalogować się od razu na komputerze lub telefonie, na którym logowałeś(-aś) się wcześniej,"
        + " albo poprosić administratora o link do ustawienia nowego hasła."
}
