/// One line of a table of changes between two versions of a plan: what, before, after.
public struct VersionChange: Sendable, Equatable, Encodable {
    public let what: String
    public let old: String
    public let new: String

    public init(what: String, old: String, new: String) { (self.what, self.old, self.new) = (what, old, new) }
}

/// The shared way plans (IPUS, the community organising plan) describe a new version to the
/// person approving it: entries described in words, compared as lists.
public enum VersionDiff {
    /// Entries removed, added, or changed in place (same position, different text).
    public static func lists(_ label: String, _ old: [String], _ new: [String]) -> [VersionChange] {
        var out: [VersionChange] = []
        let kept = Set(old).intersection(new)
        let removed = old.filter { !kept.contains($0) }
        let added = new.filter { !kept.contains($0) }
        for i in 0..<max(removed.count, added.count) {
            out.append(
                VersionChange(what: label, old: i < removed.count ? removed[i] : "—", new: i < added.count ? added[i] : "—"))
        }
        return out
    }

    /// A single value that changed, or nothing.
    public static func value(_ label: String, _ old: String, _ new: String) -> [VersionChange] {
        old == new ? [] : [VersionChange(what: label, old: old.isEmpty ? "—" : old, new: new.isEmpty ? "—" : new)]
    }
}
