import Fluent
import Foundation
import OpenCUSCore

/// The organisation's diagnoses and the five-year clock (`diagnosis/list.leaf`).
struct DiagnosisListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let url: String
        let title: String
        let dataYear: Int
        let status: String
        let adoptedOn: String
    }

    let layout: Layout
    let rows: [Row]
    let clockWarning: String?
    let form: DiagnosisTextsForm
    let errors: FieldErrors

    static func make(
        _ diagnoses: [Diagnosis], clock: DiagnosisClock, form: DiagnosisTextsForm, errors: FieldErrors, layout: Layout
    ) throws -> DiagnosisListPage {
        DiagnosisListPage(
            layout: layout,
            rows: try diagnoses.map {
                Row(
                    url: SiteRoute.diagnosisPage.url(try $0.requireID()), title: $0.title, dataYear: $0.dataYear,
                    status: $0.status.polishName, adoptedOn: $0.adoptedOn?.polish ?? "—")
            }, clockWarning: clock.warning, form: form, errors: errors)
    }
}

/// One diagnosis for staff (`diagnosis/page.leaf`).
struct DiagnosisPage: Encodable, Sendable {
    /// What the page reads besides the diagnosis row.
    struct Data: Sendable {
        let indicators: [DiagnosisIndicator]
        let recommendations: [DiagnosisRecommendation]
        /// Service names by recommendation id.
        let linked: [UUID: [(id: UUID, name: String)]]
        let services: [ServiceDefinition]
        let figures: DiagnosisFigures

        static func load(_ diagnosis: Diagnosis, organisationID: UUID, on db: any Database) async throws -> Data {
            let id = try diagnosis.requireID()
            let indicators = try await DiagnosisIndicator.scoped(to: organisationID, on: db).filter(\.$diagnosis.$id == id)
                .sort(\.$createdAt).all()
            let recommendations = try await DiagnosisRecommendation.scoped(to: organisationID, on: db)
                .filter(\.$diagnosis.$id == id).sort(\.$number).all()
            let links =
                recommendations.isEmpty
                ? []
                : try await DiagnosisRecommendationService.scoped(to: organisationID, on: db)
                    .filter(\.$recommendation.$id ~~ recommendations.compactMap(\.id)).with(\.$service).all()
            var linked: [UUID: [(id: UUID, name: String)]] = [:]
            for link in links { linked[link.$recommendation.id, default: []].append((link.service.id!, link.service.name)) }
            // The services of the newest programme version (what a recommendation can lead to).
            let programme = try await Programme.scoped(to: organisationID, on: db).sort(\.$version, .descending).first()
            var services: [ServiceDefinition] = []
            if let programme {
                services = try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.requireID())
                    .sort(\.$position).all()
            }
            var figures = try await DiagnosisQueries.figures(organisationID, year: diagnosis.dataYear, on: db)
            for survey in try await Survey.scoped(to: organisationID, on: db).filter(\.$diagnosisID == id).sort(\.$createdAt)
                .all()
            {
                let surveyID = try survey.requireID()
                func submitted() -> QueryBuilder<SurveyResponse> {
                    SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$number != nil)
                }
                figures.surveys.append(
                    (survey.title, try await submitted().count(), try await submitted().filter(\.$channel == .paper).count()))
            }
            return Data(
                indicators: indicators, recommendations: recommendations, linked: linked, services: services,
                figures: figures)
        }
    }

    struct Section: Encodable, Sendable {
        let key: String
        let title: String
        let hint: String
        let text: String
        let error: String?
        let indicators: [Indicator]
        let figures: [DiagnosisFigures.Row]
    }

    struct Indicator: Encodable, Sendable {
        let id: String
        let name: String
        let value: String
        let unit: String
        let source: String
        let year: Int
    }

    struct Recommendation: Encodable, Sendable {
        let id: String
        let number: Int
        let text: String
        let services: [String]
    }

    let layout: Layout
    let diagnosisID: String
    let title: String
    let status: String
    let adoptedOn: String?
    let adoptedByAct: String
    let texts: DiagnosisTextsForm
    let textErrors: FieldErrors
    let sections: [Section]
    let figuresYear: Int
    let statusForm: DiagnosisStatusForm
    let statusOptions: [SelectOption]
    let statusErrors: FieldErrors
    let indicator: DiagnosisIndicatorForm
    let sectionOptions: [SelectOption]
    let indicatorErrors: FieldErrors
    let recommendations: [Recommendation]
    let recommendation: RecommendationForm
    let serviceOptions: [SelectOption]
    let recommendationErrors: FieldErrors
    let consultationURL: String?
    let publicURL: String?
    let notice: String?
    let conflict: String?

    static let notices = [
        "created": "Utworzono diagnozę. Uzupełnij jej części, wskaźniki i rekomendacje.",
        "saved": "Zapisano tekst diagnozy.",
        "status": "Zmieniono stan diagnozy.",
        "indicator": "Dodano wskaźnik.",
        "indicator-deleted": "Usunięto wskaźnik.",
        "recommendation": "Dodano rekomendację.",
        "recommendation-deleted": "Usunięto rekomendację.",
    ]

    static func make(
        _ d: Diagnosis, organisation: Organisation, data: Data, today: CalendarDay, texts: DiagnosisTextsForm,
        textErrors: FieldErrors, statusForm: DiagnosisStatusForm?, statusErrors: FieldErrors, indicator: DiagnosisIndicatorForm,
        indicatorErrors: FieldErrors, recommendation: RecommendationForm, recommendationErrors: FieldErrors, notice: String?,
        conflict: String?, layout: Layout
    ) throws -> DiagnosisPage {
        let id = try d.requireID()
        var status = statusForm ?? DiagnosisStatusForm()
        if statusForm == nil {
            status.status = d.status.rawValue
            status.adoptedOn = d.adoptedOn?.iso ?? ""
            status.adoptedByAct = d.adoptedByAct
        }
        var indicator = indicator
        if indicator.year.isEmpty { indicator.year = String(d.dataYear) }
        let figures = data.figures.rows
        return DiagnosisPage(
            layout: layout, diagnosisID: id.uuidString, title: d.title, status: d.status.polishName,
            adoptedOn: d.adoptedOn?.polish, adoptedByAct: d.adoptedByAct, texts: texts, textErrors: textErrors,
            sections: DiagnosisSection.allCases.map { section in
                Section(
                    key: section.rawValue, title: section.polishName, hint: section.hint, text: texts.text(section),
                    error: textErrors[section.rawValue],
                    indicators: data.indicators.filter { $0.section == section }.compactMap { row in
                        row.id.map {
                            Indicator(
                                id: $0.uuidString, name: row.name, value: row.value, unit: row.unit, source: row.source,
                                year: row.year)
                        }
                    },
                    figures: figures.filter { $0.section == section.rawValue })
            }, figuresYear: d.dataYear, statusForm: status,
            statusOptions: DiagnosisStatus.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: status.status == $0.rawValue)
            }, statusErrors: statusErrors, indicator: indicator,
            sectionOptions: [SelectOption(value: "", label: "— wybierz —")]
                + DiagnosisSection.allCases.map {
                    SelectOption(value: $0.rawValue, label: $0.polishName, selected: indicator.section == $0.rawValue)
                }, indicatorErrors: indicatorErrors,
            recommendations: data.recommendations.compactMap { r in
                r.id.map {
                    Recommendation(
                        id: $0.uuidString, number: r.number, text: r.text, services: (data.linked[$0] ?? []).map(\.name))
                }
            }, recommendation: recommendation,
            serviceOptions: data.services.compactMap { s in
                s.id.map {
                    SelectOption(value: $0.uuidString, label: s.name, selected: recommendation.services.contains($0.uuidString))
                }
            }, recommendationErrors: recommendationErrors,
            consultationURL: d.consultationRoundID.map { SiteRoute.consultationRound.url($0) },
            publicURL: d.status == .published ? SiteRoute.diagnosisPublic.url(organisation.slug, id) : nil,
            notice: notice, conflict: conflict)
    }

    /// The diagnosis as a consulted document: one section per part with text, the
    /// recommendations as a numbered list of their own section.
    static func consultedDocument(_ d: Diagnosis, recommendations: [DiagnosisRecommendation]) -> String {
        var parts: [String] = []
        for section in DiagnosisSection.allCases where !d.text(section).isEmpty {
            parts.append("# \(section.polishName)\n\n\(d.text(section))")
        }
        if !recommendations.isEmpty {
            parts.append("# Rekomendacje\n\n" + recommendations.map { "\($0.number). \($0.text)" }.joined(separator: "\n\n"))
        }
        return parts.joined(separator: "\n\n")
    }
}

/// A published diagnosis for residents (`diagnosis/public.leaf`): its parts, figures with their
/// sources or computation, and recommendations with the services they lead to.
struct DiagnosisPublicPage: Encodable, Sendable {
    struct Section: Encodable, Sendable {
        let title: String
        let blocks: [TextBlock]
        let indicators: [DiagnosisPage.Indicator]
        let figures: [DiagnosisFigures.Row]
    }

    struct Recommendation: Encodable, Sendable {
        let number: Int
        let text: String
        let services: [Link]
    }

    struct Link: Encodable, Sendable {
        let name: String
        let url: String
    }

    let layout: Layout
    let organisationName: String
    let title: String
    let adopted: String
    let sections: [Section]
    let figuresYear: Int
    let recommendations: [Recommendation]

    static func make(_ d: Diagnosis, organisation: Organisation, data: DiagnosisPage.Data, layout: Layout) throws
        -> DiagnosisPublicPage
    {
        let figures = data.figures.rows
        return DiagnosisPublicPage(
            layout: layout, organisationName: organisation.name, title: d.title,
            adopted: [d.adoptedOn.map { "Przyjęta \($0.polish)" }, d.adoptedByAct.isEmpty ? nil : d.adoptedByAct]
                .compactMap { $0 }.joined(separator: ", "),
            sections: DiagnosisSection.allCases.map { section in
                Section(
                    title: section.polishName, blocks: TextBlock.parse(d.text(section)),
                    indicators: data.indicators.filter { $0.section == section }.map {
                        DiagnosisPage.Indicator(
                            id: $0.id?.uuidString ?? "", name: $0.name, value: $0.value, unit: $0.unit, source: $0.source,
                            year: $0.year)
                    }, figures: figures.filter { $0.section == section.rawValue })
            }, figuresYear: d.dataYear,
            recommendations: data.recommendations.map { r in
                Recommendation(
                    number: r.number, text: r.text,
                    services: (r.id.flatMap { data.linked[$0] } ?? []).map {
                        Link(name: $0.name, url: SiteRoute.catalogueService.url(organisation.slug, $0.id))
                    })
            })
    }
}
