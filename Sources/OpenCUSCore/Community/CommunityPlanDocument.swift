import Foundation

/// The plan as the document of a consultation round: a section per part of the plan and one
/// paragraph per group, aim and action, so a resident can comment on exactly one action.
public enum CommunityPlanDocument {
    public static func markdown(_ c: CommunityPlanContent, names: PlanNames) -> String {
        var parts = [
            "# Postanowienia ogólne\n\n\(c.title). Okres realizacji planu: od \(c.start.polish) do \(c.end.polish). Obszary: \(c.areas.joined(separator: ", "))."
        ]
        if !c.issues.isEmpty {
            parts.append(
                "# Grupy i problemy, na które odpowiada plan\n\n"
                    + c.issues.map { i in
                        var line = "**\(i.group).** \(i.issue)"
                        if let r = i.recommendationID.flatMap({ names.recommendations[$0] }) { line += " (\(r))" }
                        return flat(line)
                    }.joined(separator: "\n\n"))
        }
        if !c.aims.isEmpty {
            parts.append(
                "# Cele i wskaźniki\n\n"
                    + c.aims.enumerated().map { i, a in
                        flat(
                            "**C\(i + 1). \(a.text)** Wskaźnik: \(a.indicator) — z \(a.baseline) do \(a.target) \(a.unit) do \(a.due.polish)."
                        )
                    }.joined(separator: "\n\n"))
        }
        if !c.actions.isEmpty {
            parts.append(
                "# Działania\n\n"
                    + c.actions.enumerated().map { i, a in
                        var line = "**D\(i + 1). \(a.title).** Prowadzi: \(a.lead)."
                        let aims = a.aimKeys.compactMap { c.aimCode($0) }
                        if !aims.isEmpty { line += " Cele: \(aims.joined(separator: ", "))." }
                        let partners = a.partnerIDs.compactMap { names.partners[$0] }
                        if !partners.isEmpty { line += " Partnerzy: \(partners.joined(separator: ", "))." }
                        if !a.area.isEmpty { line += " Obszar: \(a.area)." }
                        if !a.places.isEmpty { line += " Miejsca: \(a.places)." }
                        line += " Harmonogram: \(a.schedule)."
                        if !a.resources.isEmpty { line += " Zasoby: \(a.resources)." }
                        if let n = a.expectedParticipants { line += " Przewidywana liczba uczestników: \(n)." }
                        return flat(line)
                    }.joined(separator: "\n\n"))
        }
        parts.append("# Osoby odpowiedzialne\n\n\(flat(c.responsible))")
        return parts.joined(separator: "\n\n")
    }

    /// One paragraph: blank lines typed inside a field would split it into two.
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
