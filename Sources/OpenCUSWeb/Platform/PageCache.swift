import Foundation
import NIOConcurrencyHelpers

/// Rendered HTML of public pages that anonymous visitors ask for again and again (an event page
/// during a registration rush). Keys carry a version read from the database on every request
/// (the event's `updated_at`), so a change shows at once on every app instance; entries also
/// expire after `lifetime`, which bounds staleness of anything outside the key (the footer).
final class PageCache: Sendable {
    private struct Entry {
        let html: String
        let storedAt: Date
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    let capacity: Int
    let lifetime: TimeInterval

    init(capacity: Int = 500, lifetime: TimeInterval = 300) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    func html(for key: String, now: Date) -> String? {
        entries.withLockedValue { entries in
            guard let entry = entries[key] else { return nil }
            guard now.timeIntervalSince(entry.storedAt) < lifetime else {
                entries[key] = nil
                return nil
            }
            return entry.html
        }
    }

    func store(_ html: String, for key: String, now: Date) {
        entries.withLockedValue { entries in
            // Simple bound: when full, start over. Keys are few (one per public page version).
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(html: html, storedAt: now)
        }
    }

    func removeAll() {
        entries.withLockedValue { $0.removeAll() }
    }
}
