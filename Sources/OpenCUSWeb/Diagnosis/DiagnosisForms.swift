import Foundation
import OpenCUSCore
import Vapor

/// The diagnosis's forms as the pages send them. Lenient like every form: a missing field is
/// empty, and validation names it.
struct DiagnosisTextsForm: Content {
    var title = ""
    var dataYear = ""
    var situation = ""
    var needs = ""
    var resources = ""
    var voice = ""
    var conclusions = ""
    var revision = ""

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String { (try? c.decodeIfPresent(String.self, forKey: key)) ?? "" }
        title = TextInput.clean(text(.title))
        dataYear = TextInput.clean(text(.dataYear))
        situation = TextInput.clean(text(.situation), multiline: true)
        needs = TextInput.clean(text(.needs), multiline: true)
        resources = TextInput.clean(text(.resources), multiline: true)
        voice = TextInput.clean(text(.voice), multiline: true)
        conclusions = TextInput.clean(text(.conclusions), multiline: true)
        revision = text(.revision)
    }

    init(_ d: Diagnosis) {
        title = d.title
        dataYear = String(d.dataYear)
        situation = d.situation
        needs = d.needs
        resources = d.resources
        voice = d.voice
        conclusions = d.conclusions
        revision = String(d.revision)
    }

    func text(_ section: DiagnosisSection) -> String {
        switch section {
        case .situation: situation
        case .needs: needs
        case .resources: resources
        case .voice: voice
        case .conclusions: conclusions
        }
    }

    static let maximumSection = 100_000

    /// The checked title and data year.
    func validate(today: CalendarDay) -> Result<(String, Int), FieldErrors> {
        var errors = FieldErrors()
        if title.isEmpty { errors.add("title", "Podaj tytuł, np. „Diagnoza potrzeb i potencjału Gminy Jaśminowo 2026”.") }
        if title.count > 300 { errors.add("title", "Najwyżej 300 znaków.") }
        let year = Int(dataYear)
        if year == nil || !(2000...(today.year)).contains(year!) {
            errors.add("dataYear", "Podaj rok danych (2000–\(today.year)), np. \(today.year - 1).")
        }
        for section in DiagnosisSection.allCases where text(section).count > Self.maximumSection {
            errors.add(section.rawValue, "Najwyżej \(Self.maximumSection) znaków (jest \(text(section).count)).")
        }
        guard errors.isEmpty, let year else { return .failure(errors) }
        return .success((title, year))
    }
}

struct DiagnosisStatusForm: Content {
    var status = ""
    var adoptedOn = ""
    var adoptedByAct = ""

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = TextInput.clean((try? c.decodeIfPresent(String.self, forKey: .status)) ?? "")
        adoptedOn = TextInput.clean((try? c.decodeIfPresent(String.self, forKey: .adoptedOn)) ?? "")
        adoptedByAct = TextInput.clean((try? c.decodeIfPresent(String.self, forKey: .adoptedByAct)) ?? "")
    }

    /// Adoption starts the five-year clock, so it needs its day (not in the future) and its act.
    func validate(today: CalendarDay) -> Result<(DiagnosisStatus, CalendarDay?, String), FieldErrors> {
        var errors = FieldErrors()
        let status = DiagnosisStatus(rawValue: status)
        if status == nil { errors.add("status", "Wybierz stan diagnozy.") }
        let day = CalendarDay(iso: adoptedOn)
        if status?.isAdopted == true {
            if adoptedOn.isEmpty {
                errors.add("adoptedOn", "Podaj dzień przyjęcia diagnozy — od niego liczy się pięć lat do następnej.")
            } else if day == nil {
                errors.add("adoptedOn", "Data ma postać RRRR-MM-DD.")
            } else if today < day! {
                errors.add("adoptedOn", "Dzień przyjęcia nie może być w przyszłości.")
            }
            if adoptedByAct.isEmpty {
                errors.add("adoptedByAct", "Podaj akt przyjęcia, np. „Zarządzenie Dyrektora CUS nr 12/2026 z dnia …”.")
            }
        }
        if adoptedByAct.count > 300 { errors.add("adoptedByAct", "Najwyżej 300 znaków.") }
        guard errors.isEmpty, let status else { return .failure(errors) }
        return .success((status, status.isAdopted ? day : nil, adoptedByAct))
    }
}

struct RecommendationForm: Content {
    var text = ""
    var services: [String] = []

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = TextInput.clean((try? c.decodeIfPresent(String.self, forKey: .text)) ?? "", multiline: true)
        services = (try? c.decodeIfPresent([String].self, forKey: .services)) ?? []
    }

    func validate(known: Set<UUID>) -> Result<(String, [UUID]), FieldErrors> {
        var errors = FieldErrors()
        if text.isEmpty { errors.add("recommendation", "Wpisz treść rekomendacji.") }
        if text.count > 2_000 { errors.add("recommendation", "Najwyżej 2000 znaków (jest \(text.count)).") }
        let ids = services.compactMap(UUID.init(uuidString:))
        if ids.count != services.count || !Set(ids).isSubset(of: known) {
            errors.add("recommendation", "Wybierz usługi z listy programu centrum.")
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success((text, Array(Set(ids))))
    }
}
