import Foundation

/// The yearly documents a CUS prepares from its data: the activity report to the council with
/// the needs in social services, the evaluation of the programme of social services, and a
/// helper for the assessment of social-assistance resources (OZPS). Each is drafted from the
/// facts (its tables under the small-number rule, its texts started with sentences the staff
/// rewrite), edited while a draft, then finalised: numbered and frozen.
public enum YearlyDocumentKind: String, Sendable, Codable, CaseIterable {
    case activityReport = "activity_report"
    case programmeEvaluation = "programme_evaluation"
    case ozpsHelper = "ozps_helper"

    public var polishName: String {
        switch self {
        case .activityReport: "Sprawozdanie z działalności centrum wraz z wykazem potrzeb w zakresie usług społecznych"
        case .programmeEvaluation: "Ocena realizacji programu usług społecznych"
        case .ozpsHelper: "Dane do oceny zasobów pomocy społecznej (OZPS)"
        }
    }

    /// The register prefix of a finalised document ("SPR/2026/1").
    public var prefix: String {
        switch self {
        case .activityReport: "SPR"
        case .programmeEvaluation: "OCN"
        case .ozpsHelper: "OZPS"
        }
    }

    public var audience: String {
        switch self {
        case .activityReport: "Rada gminy (co roku)"
        case .programmeEvaluation: "Rada gminy; podstawa zmian programu"
        case .ozpsHelper: "Do formularza OZPS w systemie CAS (do 30 kwietnia)"
        }
    }
}

/// A table of a document, already as published (small counts as "<5", hidden ones "ukryte").
public struct DocumentTable: Sendable, Equatable, Codable {
    public let title: String
    public let columns: [String]
    public let rows: [[String]]
    public let note: String
}

/// A section: its heading, its text (the staff's to write; drafted from the data), what the
/// text should cover, its tables, and whether its figures must come from outside OpenCUS.
public struct DocumentSection: Sendable, Equatable, Codable {
    public let key: String
    public let title: String
    public var text: String
    public let guidance: String
    public let tables: [DocumentTable]
    public let fromElsewhere: Bool
}

public struct YearlyDocumentContent: Sendable, Equatable, Codable {
    public var sections: [DocumentSection]

    public init(sections: [DocumentSection]) { self.sections = sections }

    /// The same document with tables from `fresh` and the texts typed so far kept.
    public func refreshed(from fresh: YearlyDocumentContent) -> YearlyDocumentContent {
        let typed = Dictionary(uniqueKeysWithValues: sections.map { ($0.key, $0.text) })
        var out = fresh
        for i in out.sections.indices { if let text = typed[out.sections[i].key] { out.sections[i].text = text } }
        return out
    }

    /// Sets the texts from a form (one field per section key); the longest text a section takes.
    public static let maximumText = 20_000

    public func withTexts(_ texts: [String: String]) -> Result<YearlyDocumentContent, FieldErrors> {
        var errors = FieldErrors()
        var out = self
        for i in out.sections.indices {
            guard let raw = texts[out.sections[i].key] else { continue }
            let text = TextInput.clean(raw, multiline: true)
            if text.count > Self.maximumText {
                errors.add(
                    "text-\(out.sections[i].key)", "Najwyżej \(Self.maximumText) znaków w jednej części (jest \(text.count)).")
            }
            out.sections[i].text = text
        }
        return errors.isEmpty ? .success(out) : .failure(errors)
    }
}

/// What a draft needs to know of each service of the programme, beyond the facts.
public struct ServiceYearInput: Sendable {
    public let id: UUID
    public let name: String
    public let area: String
    public let places: Int?
    /// Fees due in the year, in grosze, by person (for the sum and its dominance check).
    public let feesByPerson: [UUID: Int]
    public let commissioned: Bool

    public init(id: UUID, name: String, area: String, places: Int?, feesByPerson: [UUID: Int] = [:], commissioned: Bool = false) {
        (self.id, self.name, self.area, self.places) = (id, name, area, places)
        (self.feesByPerson, self.commissioned) = (feesByPerson, commissioned)
    }
}

public enum YearlyDocumentDraft {
    public static func make(
        _ kind: YearlyDocumentKind, year: Int, facts: InsightFacts, services: [ServiceYearInput], organisationName: String,
        programmeTitle: String?, rule: DisclosureRule
    ) -> YearlyDocumentContent {
        let period = InsightPeriod(.year, containing: CalendarDay(year: year, month: 6, day: 1)!)
        let context = Context(year: year, period: period, facts: facts, services: services, rule: rule)
        switch kind {
        case .activityReport: return activityReport(context, organisationName: organisationName)
        case .programmeEvaluation: return programmeEvaluation(context, programmeTitle: programmeTitle)
        case .ozpsHelper: return ozpsHelper(context)
        }
    }

    struct Context {
        let year: Int
        let period: InsightPeriod
        let facts: InsightFacts
        let services: [ServiceYearInput]
        let rule: DisclosureRule

        /// The indicators' values in the year and the year before.
        func indicators(_ codes: [String], title: String) -> DocumentTable {
            let definitions = codes.compactMap(IndicatorCatalogue.definition)
            return DocumentTable(
                title: title, columns: ["Wskaźnik", "Kod", "Rok \(year)", "Rok \(year - 1)"],
                rows: definitions.map { d in
                    [
                        d.name, d.code, d.display(d.value(facts, period), rule: rule),
                        d.display(d.value(facts, period.previous), rule: rule),
                    ]
                },
                note: "Wartości opierające się na mniej niż \(rule.threshold) osobach nie są podawane.")
        }

        func value(_ code: String) -> String {
            guard let d = IndicatorCatalogue.definition(code) else { return "—" }
            return d.display(d.value(facts, period), rule: rule)
        }

        /// Per service: people served in the year, granted, refused, waiting at its end.
        func serviceCounts() -> [[Int]] {
            services.map { s in
                [
                    Set(
                        facts.enrolments.filter {
                            $0.service == s.id && $0.start <= period.last && ($0.end.map { $0 >= period.first } ?? true)
                        }.map(\.person)
                    ).count,
                    facts.requests.filter {
                        $0.service == s.id && $0.outcome == .granted && $0.outcomeOn.map(period.contains) == true
                    }
                    .count,
                    facts.requests.filter {
                        $0.service == s.id && $0.outcome == .refused && $0.outcomeOn.map(period.contains) == true
                    }
                    .count,
                    facts.waiting.filter {
                        $0.service == s.id && $0.added <= period.last && ($0.left.map { $0 > period.last } ?? true)
                    }.count,
                ]
            }
        }

        /// The fees of a service as published: withheld when few people paid or one paid most.
        func fees(_ s: ServiceYearInput) -> String {
            let paying = s.feesByPerson.values.filter { $0 > 0 }
            let total = paying.reduce(0, +)
            if total == 0 { return "0,00 zł" }
            if rule.isSmall(paying.count) || rule.dominated(Double(paying.max() ?? 0) / Double(total)) { return "za mało danych" }
            return Money.polish(total)
        }
    }

    static func note(_ rule: DisclosureRule) -> String {
        "„<\(rule.threshold)” — od 1 do \(rule.threshold - 1) osób; „ukryte” — liczba zakryta dodatkowo, bo z sumą pozwoliłaby obliczyć małą liczbę."
    }

    static func activityReport(_ c: Context, organisationName: String) -> YearlyDocumentContent {
        let table = c.rule.protect(c.serviceCounts())
        let services = DocumentTable(
            title: "Usługi społeczne w \(c.year) r.",
            columns: ["Usługa", "Obszar", "Korzystający w roku", "Przyznane", "Odmowy", "Oczekujący na koniec roku"],
            rows: zip(c.services, table.cells).map { s, cells in [s.name, s.area] + cells.map { $0.label(c.rule) } }
                + [["Razem", ""] + table.columnTotals.map { $0.label(c.rule) }],
            note: note(c.rule))
        let needs = DocumentTable(
            title: "Potrzeby niezaspokojone na koniec \(c.year) r.",
            columns: ["Usługa", "Miejsca w programie", "Oczekujący na liście rezerwowej", "Odmowy w roku"],
            rows: zip(c.services, table.cells).filter { _, cells in cells[3] != .shown(0) || cells[2] != .shown(0) }.map {
                s, cells in
                [s.name, s.places.map(String.init) ?? "bez limitu", cells[3].label(c.rule), cells[2].label(c.rule)]
            },
            note: "Usługi, na które ktoś czeka albo komuś odmówiono. " + note(c.rule))
        return YearlyDocumentContent(sections: [
            DocumentSection(
                key: "wstep", title: "1. Wprowadzenie",
                text:
                    "\(organisationName) przedstawia radzie gminy sprawozdanie ze swojej działalności w \(c.year) r. wraz z wykazem potrzeb w zakresie usług społecznych.",
                guidance: "Podstawa, zadania centrum w roku, najważniejsze zmiany (nowe usługi, zespół, siedziba).", tables: [],
                fromElsewhere: false),
            DocumentSection(
                key: "dostep", title: "2. Wnioski i dostęp do usług",
                text:
                    "W \(c.year) r. we wnioskach wskazano \(c.value("DOS-01")) usług; połowę ocen potrzeb zakończono w ciągu \(c.value("DOS-03")).",
                guidance: "Jak mieszkańcy docierali do usług, czas oceny potrzeb, odmowy i odwołania.",
                tables: [
                    c.indicators(
                        ["DOS-01", "DOS-02", "DOS-03", "DOS-04", "DOS-05", "DOS-06", "DOS-07"], title: "Dostęp i kwalifikacja")
                ], fromElsewhere: false),
            DocumentSection(
                key: "uslugi", title: "3. Realizacja usług społecznych",
                text: "Z usług centrum skorzystało w \(c.year) r. \(c.value("USL-04")) osób.",
                guidance: "Usługi programu: kto korzystał, gdzie brakowało miejsc, realizatorzy.",
                tables: [
                    services,
                    c.indicators(["USL-01", "USL-03", "USL-05", "USL-06", "USL-07"], title: "Usługi i miejsca"),
                ], fromElsewhere: false),
            DocumentSection(
                key: "ipus", title: "4. Indywidualne plany usług społecznych",
                text: "Zamknięto \(c.value("IPUS-04")) planów; osiągnięto \(c.value("IPUS-03")) celów planów zamkniętych w roku.",
                guidance: "Plany, ich terminy i efekty.",
                tables: [c.indicators(["IPUS-01", "IPUS-02", "IPUS-03", "IPUS-04"], title: "IPUS")], fromElsewhere: false),
            DocumentSection(
                key: "spolecznosc", title: "5. Organizowanie społeczności lokalnej i wydarzenia",
                text:
                    "Działania wspierające zgromadziły \(c.value("SPO-02")) uczestnictw; działało \(c.value("SPO-03")) wolontariuszy.",
                guidance: "Działania wspierające, wolontariat, partnerzy, wydarzenia, konsultacje.",
                tables: [
                    c.indicators(
                        ["SPO-01", "SPO-02", "SPO-03", "SPO-04", "WYD-01", "WYD-02", "WYD-03", "GLO-01", "GLO-03"],
                        title: "Społeczność, wydarzenia, głos mieszkańców")
                ], fromElsewhere: false),
            DocumentSection(
                key: "potrzeby", title: "6. Wykaz potrzeb w zakresie usług społecznych",
                text: "Potrzeby, których centrum nie mogło zaspokoić w \(c.year) r., przedstawia tabela poniżej.",
                guidance: "Czego brakuje: miejsc, usług, realizatorów; co proponujemy na kolejny rok (budżet).",
                tables: [needs], fromElsewhere: false),
            DocumentSection(
                key: "wnioski", title: "7. Wnioski", text: "",
                guidance: "Najważniejsze wnioski i propozycje dla rady gminy.", tables: [], fromElsewhere: false),
        ])
    }

    static func programmeEvaluation(_ c: Context, programmeTitle: String?) -> YearlyDocumentContent {
        let counts = c.serviceCounts()
        let table = c.rule.protect(counts.map { [$0[0], $0[3]] })
        let planned = DocumentTable(
            title: "Plan a wykonanie w \(c.year) r.",
            columns: [
                "Usługa", "Miejsca w programie", "Korzystający w roku", "Oczekujący na koniec roku", "Spotkania z obecnością",
                "Opłaty naliczone",
            ],
            rows: zip(c.services, table.cells).map { s, cells in
                [
                    s.name, s.places.map(String.init) ?? "bez limitu", cells[0].label(c.rule), cells[1].label(c.rule),
                    String(c.facts.deliveries.filter { $0.service == s.id && $0.attended && c.period.contains($0.day) }.count),
                    c.fees(s),
                ]
            },
            note: note(c.rule)
                + " Opłaty: suma naliczona za rok (bez zwolnień); nie podajemy jej, gdy płaciło mniej niż \(c.rule.threshold) osób albo jedna osoba zapłaciła ponad 3/4 kwoty."
        )
        let refusals = c.rule.protect(counts.map { [$0[1], $0[2]] })
        let decisions = DocumentTable(
            title: "Rozstrzygnięcia w \(c.year) r.", columns: ["Usługa", "Przyznane", "Odmowy"],
            rows: zip(c.services, refusals.cells).map { s, cells in [s.name] + cells.map { $0.label(c.rule) } }
                + [["Razem"] + refusals.columnTotals.map { $0.label(c.rule) }],
            note: note(c.rule))
        return YearlyDocumentContent(sections: [
            DocumentSection(
                key: "program", title: "1. Program i okres oceny",
                text:
                    "Ocena obejmuje realizację programu \(programmeTitle.map { "„\($0)”" } ?? "usług społecznych") w \(c.year) r.",
                guidance: "Uchwała, okres programu, zmiany programu w roku.", tables: [], fromElsewhere: false),
            DocumentSection(
                key: "wykonanie", title: "2. Usługi: plan a wykonanie",
                text: "Obłożenie miejsc na koniec roku: \(c.value("USL-03")).",
                guidance: "Które usługi wykorzystano w pełni, które słabo i dlaczego.", tables: [planned, decisions],
                fromElsewhere: false),
            DocumentSection(
                key: "dostepnosc", title: "3. Dostępność i czas oczekiwania",
                text: "Mediana oczekiwania na liście rezerwowej wśród osób, które z niej zeszły: \(c.value("USL-02")).",
                guidance: "Kolejki, czas oceny potrzeb, odmowy i odwołania.",
                tables: [c.indicators(["DOS-03", "DOS-05", "DOS-06", "DOS-07", "USL-01", "USL-02"], title: "Dostęp")],
                fromElsewhere: false),
            DocumentSection(
                key: "glos", title: "4. Głos użytkowników i mieszkańców",
                text:
                    "W \(c.year) r. mieszkańcy wypełnili \(c.value("GLO-03")) ankiet i zgłosili \(c.value("GLO-01")) uwag w konsultacjach.",
                guidance: "Wyniki ankiet satysfakcji i konsultacji (szczegóły w wynikach ankiet centrum).",
                tables: [c.indicators(["GLO-01", "GLO-02", "GLO-03"], title: "Głos mieszkańców")], fromElsewhere: false),
            DocumentSection(
                key: "wnioski", title: "5. Wnioski i rekomendacje zmian programu", text: "",
                guidance: "Co zmienić w programie: limity miejsc, nowe usługi, kryteria, opłaty.", tables: [],
                fromElsewhere: false),
        ])
    }

    static func ozpsHelper(_ c: Context) -> YearlyDocumentContent {
        let served = c.rule.protect(c.serviceCounts().map { [$0[0]] })
        let byService = DocumentTable(
            title: "Osoby korzystające z usług społecznych w \(c.year) r.",
            columns: ["Usługa", "Obszar", "Realizacja", "Korzystający"],
            rows: zip(c.services, served.cells).map { s, cells in
                [s.name, s.area, s.commissioned ? "zlecona" : "własna", cells[0].label(c.rule)]
            } + [["Razem", "", "", served.columnTotals.first?.label(c.rule) ?? "—"]],
            note: note(c.rule) + " Osoba korzystająca z kilku usług liczy się przy każdej z nich.")
        let commissioned = c.services.filter(\.commissioned)
        let elsewhere =
            "Tych danych OpenCUS nie ma: wpisz je z systemu dziedzinowego, sprawozdania MRPiPS-03, GUS lub księgowości."
        return YearlyDocumentContent(sections: [
            DocumentSection(
                key: "demografia", title: "1. Sytuacja społeczna i demograficzna", text: "", guidance: elsewhere, tables: [],
                fromElsewhere: true),
            DocumentSection(
                key: "beneficjenci", title: "2. Osoby i rodziny korzystające ze wsparcia",
                text:
                    "Dane OpenCUS obejmują usługi społeczne centrum; świadczenia pomocy społecznej trzeba dopisać z systemu dziedzinowego.",
                guidance:
                    "Liczby osób w usługach — z OpenCUS; świadczenia pieniężne i powody przyznania pomocy — z innych źródeł.",
                tables: [byService, c.indicators(["USL-04", "USL-05", "IPUS-02"], title: "Zasięg usług")],
                fromElsewhere: false),
            DocumentSection(
                key: "instytucje", title: "3. Instytucje i realizatorzy usług",
                text:
                    "Usługi zlecane innym podmiotom: \(commissioned.isEmpty ? "brak" : commissioned.map(\.name).joined(separator: ", ")).",
                guidance: "Placówki, realizatorzy, organizacje pozarządowe; zlecanie zadań.", tables: [], fromElsewhere: false),
            DocumentSection(
                key: "kadra", title: "4. Kadra", text: "", guidance: elsewhere, tables: [], fromElsewhere: true),
            DocumentSection(
                key: "finanse", title: "5. Finanse", text: "",
                guidance: elsewhere + " OpenCUS zna tylko opłaty naliczone za usługi (ocena programu).", tables: [],
                fromElsewhere: true),
            DocumentSection(
                key: "wskazniki", title: "6. Wskaźniki",
                text: "Wskaźniki z danych OpenCUS za \(c.year) r. i rok wcześniejszy.",
                guidance: "Uzupełnij wskaźniki OZPS, których OpenCUS nie liczy.",
                tables: [
                    c.indicators(
                        ["DOS-01", "DOS-05", "USL-01", "USL-03", "USL-04", "IPUS-01", "SPO-02", "SPO-03"],
                        title: "Wskaźniki z OpenCUS")
                ], fromElsewhere: false),
            DocumentSection(
                key: "wnioski", title: "7. Wnioski i rekomendacje (podstawa budżetu na kolejny rok)", text: "",
                guidance: "Rekomendacje dla rady gminy.", tables: [], fromElsewhere: false),
        ])
    }
}
