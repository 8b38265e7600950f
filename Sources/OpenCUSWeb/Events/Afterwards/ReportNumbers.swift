import Crypto
import Fluent
import Foundation
import OpenCUSCore

/// The report's key numbers, computed from registrations and attendance. Everything they use
/// survives anonymisation (state, attendance, institution type, voivodeship, and the
/// institution key written in place of the name), so the published numbers never change when
/// the retention job removes the personal data.
struct ReportNumbers: Encodable, Sendable, Equatable {
    let registered: Int
    let present: Int
    let institutions: Int
    let voivodeships: Int
    let byVoivodeship: [SmallGroups.Row]
    let byInstitutionType: [SmallGroups.Row]
    /// People in groups too small to show, or 0.
    let hiddenVoivodeship: Int
    let hiddenInstitutionType: Int
    /// Confirmed participants who did not consent to their image being published.
    let withoutImageConsent: Int
    /// The organising organisation's small-number threshold (groups under it are pooled).
    let threshold: Int

    /// SHA-256 of the institution's name with case, diacritics and spacing folded.
    static func institutionKey(_ name: String) -> String? {
        let folded = LooseMatch.fold(name).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !folded.isEmpty else { return nil }
        return SHA256.hash(data: Data(folded.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func compute(_ eventID: UUID, on db: any Database) async throws -> ReportNumbers {
        let confirmed = try await Registration.query(on: db).filter(\.$event.$id == eventID).filter(\.$state == .confirmed).all()
        let present = Set(
            try await EventAttendance.query(on: db).filter(\.$event.$id == eventID).all().map { $0.$registration.id })
        let institutions = Set(
            confirmed.compactMap { $0.anonymisedAt == nil ? institutionKey($0.institution) : $0.institutionKey })
        let regions = Dictionary(grouping: confirmed.compactMap(\.voivodeship), by: { $0 }).map {
            ($0.key.polishName, $0.value.count)
        }
        let types = Dictionary(grouping: confirmed.compactMap(\.institutionType), by: { $0 }).map {
            ($0.key.polishName, $0.value.count)
        }
        var rule = DisclosureRule.standard
        if let organisationID = try await Event.find(eventID, on: db)?.$organisation.id {
            rule = try await InsightSettings.of(organisationID, on: db).rule
        }
        let regionRows = SmallGroups.suppress(regions, minimum: rule.threshold)
        let typeRows = SmallGroups.suppress(types, minimum: rule.threshold)
        return ReportNumbers(
            registered: confirmed.count, present: try confirmed.filter { present.contains(try $0.requireID()) }.count,
            institutions: institutions.count,
            voivodeships: regions.count, byVoivodeship: regionRows.rows(other: "pozostałe województwa (razem)"),
            byInstitutionType: typeRows.rows(other: "pozostałe rodzaje instytucji (razem)"),
            hiddenVoivodeship: regionRows.pooled, hiddenInstitutionType: typeRows.pooled,
            withoutImageConsent: confirmed.filter { !$0.consentImage }.count, threshold: rule.threshold)
    }
}
