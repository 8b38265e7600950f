import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// Resident surveys: staff build one with conditions, open it; residents fill it anonymously
/// on the page (answers to hidden questions are dropped), save and come back through a personal
/// link; staff type in paper questionnaires with the keyboard; quotas hold under a race; the
/// results hide small numbers and export one row per questionnaire without contact data.
@Suite struct SurveyTests {
    static let organiser = "osl@cus-jasminowo.example"

    static func openSurvey(_ t: TestApp) async throws -> Survey {
        let cus = try await t.organisationID("cus-jasminowo")
        return try #require(try await Survey.scoped(to: cus, on: t.db).filter(\.$status == .open).first())
    }

    static func closedSurvey(_ t: TestApp) async throws -> Survey {
        let cus = try await t.organisationID("cus-jasminowo")
        return try #require(try await Survey.scoped(to: cus, on: t.db).filter(\.$status == .closed).first())
    }

    static func revision(_ page: String) throws -> String {
        let marker = "name=\"revision\" value=\""
        let start = try #require(page.range(of: marker)).upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }

    static func submitted(_ t: TestApp, _ surveyID: UUID) async throws -> [SurveyResponse] {
        try await SurveyResponse.query(on: t.db).filter(\.$survey.$id == surveyID).filter(\.$number != nil).sort(\.$number).all()
    }

    @Test func staffBuildASurveyWithAConditionAndOpenIt() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/surveys")
            let empty = try await staff.post("/panel/surveys", [("title", "  ")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Wpisz tytuł ankiety."))
            let created = try await staff.post("/panel/surveys", [("title", "Ankieta o świetlicach")])
            #expect(created.status == .seeOther)
            let survey = try #require(try await Survey.query(on: t.db).filter(\.$title == "Ankieta o świetlicach").first())
            let base = "/panel/surveys/\(try survey.requireID())"
            var page = try await staff.get(try #require(created.headers.first(name: .location))).body.string
            #expect(page.contains("Utworzono ankietę"))
            let first = try await staff.post(
                base + "/questions",
                [
                    ("revision", try Self.revision(page)), ("section", "s1"), ("text", "Czy korzystasz ze świetlicy?"),
                    ("kind", "single"), ("options", "tak\nnie"), ("required", "on"),
                ])
            #expect(first.status == .seeOther)
            page = try await staff.get(base).body.string
            // Bad input: kept as typed, each message next to its field.
            let bad = try await staff.post(
                base + "/questions",
                [
                    ("revision", try Self.revision(page)), ("section", "s1"), ("text", "<script>x</script>Jak często?"),
                    ("kind", "single"), ("options", "raz\nraz"), ("condition", "q1:1"), ("condition", "q9:1"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Odpowiedzi się powtarzają") && bad.body.string.contains("Wybierz warunek z listy."))
            #expect(bad.body.string.contains("&lt;script&gt;x&lt;/script&gt;Jak często?"))
            let second = try await staff.post(
                base + "/questions",
                [
                    ("revision", try Self.revision(page)), ("section", "s1"), ("text", "Jak często?"), ("kind", "scale_5"),
                    ("condition", "q1:1"),
                ])
            #expect(second.status == .seeOther)
            // A form opened before that change is refused, not applied over it.
            let stale = try await staff.post(
                base + "/questions",
                [("revision", try Self.revision(page)), ("section", "s1"), ("text", "Spóźnione"), ("kind", "text")])
            #expect(stale.status == .conflict && stale.body.string.contains("gdy ten formularz był otwarty"))
            page = try await staff.get(base).body.string
            #expect(page.contains("pokazywane, jeśli w pytaniu 1.1 zaznaczono „tak”"))
            // q1 cannot go: 1.2 depends on it; moving 1.2 above it is refused too.
            let delete = try await staff.post(base + "/questions/q1/delete", [("revision", try Self.revision(page))])
            #expect(delete.status == .unprocessableEntity && delete.body.string.contains("zależą pytania 1.2"))
            let move = try await staff.post(
                base + "/questions/q2/move", [("revision", try Self.revision(page)), ("direction", "up")])
            #expect(move.status == .unprocessableEntity)
            // A section is renamed and given a condition; a condition on its own question is refused.
            let section = try await staff.post(
                base + "/sections/s1", [("revision", try Self.revision(page)), ("title", "Świetlice"), ("condition", "q1:1")])
            #expect(section.status == .unprocessableEntity)
            #expect(
                section.body.string.contains("href=\"#sectionCondition-s1\"") && section.body.string.contains("<details open>"))
            let renamed = try await staff.post(
                base + "/sections/s1", [("revision", try Self.revision(page)), ("title", "Świetlice")])
            #expect(renamed.status == .seeOther)
            page = try await staff.get(base).body.string
            #expect(page.contains("Część 1. Świetlice"))
            // Opening asks first, then freezes the questions.
            let ask = try await staff.post(base + "/open", [("revision", try Self.revision(page))])
            #expect(ask.status == .ok && ask.body.string.contains("Otworzyć ankietę"))
            let open = try await staff.post(base + "/open", [("revision", try Self.revision(page)), ("confirmed", "yes")])
            #expect(open.status == .seeOther)
            page = try await staff.get(base).body.string
            let frozen = try await staff.post(
                base + "/questions",
                [("revision", try Self.revision(page)), ("section", "s1"), ("text", "Po otwarciu"), ("kind", "text")])
            #expect(frozen.status == .conflict && frozen.body.string.contains("pytań nie można zmieniać"))
            let stored = try #require(try await Survey.find(survey.id, on: t.db))
            #expect(stored.status == .open && stored.definition.numbered.map(\.number) == ["1.1", "1.2"])
            #expect(try await t.audit(action: .update).contains { $0.detail == "ankieta: otwarto zbieranie odpowiedzi" })
            // The public page shows it; staff of another organisation cannot open the builder (the
            // authorisation matrix checks 404 across organisations for every survey route).
            #expect(try await t.browser().get("/surveys/cus-jasminowo/\(survey.id!)").status == .ok)
            let foreign = t.browser()
            try await foreign.login("kongres@cus-starachowice.example")
            #expect(try await foreign.get(base).status == .forbidden)
            #expect(try await t.browser().get("/surveys/cus-starachowice/\(survey.id!)").status == .notFound)
        }
    }

    @Test func aResidentFillsTheSurveyAndHiddenAnswersAreNotStored() async throws {
        try await withTestApp { t in
            let survey = try await Self.openSurvey(t)
            let id = try survey.requireID()
            let path = "/surveys/cus-jasminowo/\(id)"
            let resident = t.browser()
            let page = try await resident.get(path).body.string
            #expect(page.contains("data-answer-if=\"q1\"") && page.contains("Zapisz i dokończ później"))
            let missing = try await resident.post(path, [("action", "send"), ("q2", "Coś")])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Pytanie 1.1: odpowiedz na to pytanie — jest wymagane."))
            #expect(missing.body.string.contains(">Coś</textarea>"), "what was typed stays")
            let before = try await Self.submitted(t, id).count
            // "tak" hides 1.2: its text is dropped; the contact needs consent.
            let noConsent = try await resident.post(
                path, [("action", "send"), ("q1", "tak"), ("q2", "ukryte"), ("contactName", "Ala")])
            #expect(noConsent.status == .unprocessableEntity && noConsent.body.string.contains("Zaznacz zgodę na kontakt"))
            let sent = try await resident.post(
                path,
                [
                    ("action", "send"), ("q1", "tak"), ("q2", "ukryte"), ("q3", "Bzowo"), ("contactName", "Ala"),
                    ("contactEmail", "ala@example.pl"), ("contactConsent", "yes"),
                ])
            #expect(sent.status == .seeOther && sent.headers.first(name: .location) == path + "/thanks")
            let rows = try await Self.submitted(t, id)
            #expect(rows.count == before + 1)
            let row = try #require(rows.last)
            #expect(row.answers == ["q1": .choice("tak", other: nil), "q3": .choice("Bzowo", other: nil)])
            #expect(row.channel == .online && row.number == before + 1 && row.contactEmail == "ala@example.pl")
            #expect(row.clientKey?.count == 64 && row.clientKey?.allSatisfy(\.isHexDigit) == true, "a hashed key, no address")
            // Closing deletes drafts and the client keys.
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/surveys/\(id)")
            try await resident.get(path)
            #expect(try await resident.post(path, [("action", "save"), ("q1", "nie")]).status == .seeOther)
            #expect(try await staff.post("/panel/surveys/\(id)/close", [("confirmed", "yes")]).status == .seeOther)
            let left = try await SurveyResponse.query(on: t.db).filter(\.$survey.$id == id).all()
            #expect(left.allSatisfy { $0.number != nil && $0.clientKey == nil })
            let late = try await resident.post(path, [("action", "send"), ("q1", "tak")])
            #expect(late.status == .conflict && late.body.string.contains("Ankieta jest zakończona — nie przyjmujemy"))
        }
    }

    @Test func aResidentSavesAndResumesThroughAPersonalLinkUsedOnce() async throws {
        try await withTestApp { t in
            let survey = try await Self.openSurvey(t)
            let path = "/surveys/cus-jasminowo/\(try survey.requireID())"
            let resident = t.browser()
            try await resident.get(path)
            let saved = try await resident.post(
                path, [("action", "save"), ("q1", "nie"), ("q2", "Brakuje świetlicy w Lipnikach")])
            #expect(saved.status == .seeOther)
            let link = try #require(saved.headers.first(name: .location))
            #expect(link.hasPrefix(path + "/resume/") && link.hasSuffix("?zapisano=1"))
            let token = String(link.dropFirst((path + "/resume/").count).prefix { $0 != "?" })
            let stored = try await SurveyResponse.query(on: t.db).filter(\.$number == nil).all()
            #expect(stored.count == 1 && stored[0].resumeTokenHash != token && stored[0].resumeTokenHash?.count == 64)
            // Later, another device: the link brings back what was typed.
            let later = t.browser()
            let resumed = try await later.get(link)
            #expect(resumed.status == .ok && resumed.body.string.contains("Brakuje świetlicy w Lipnikach"))
            #expect(resumed.body.string.contains("Zapisaliśmy Twoje odpowiedzi"))
            let sent = try await later.post(
                path, [("resume", token), ("action", "send"), ("q1", "nie"), ("q2", "Brakuje świetlicy w Lipnikach")])
            #expect(sent.status == .seeOther)
            let row = try #require(try await SurveyResponse.query(on: t.db).filter(\.$id == stored[0].requireID()).first())
            #expect(row.number != nil && row.resumeTokenHash == nil && row.draftFieldsJSON == nil)
            #expect(row.answers["q2"] == .text("Brakuje świetlicy w Lipnikach"))
            let used = try await later.get(path + "/resume/\(token)")
            #expect(used.status == .notFound && used.body.string.contains("Link do ankiety nie działa"))
            let forged = try await later.get(path + "/resume/nieistniejacy")
            #expect(forged.status == .notFound)
        }
    }

    @Test func quotasHoldWhenManyResidentsSendAtOnce() async throws {
        try await withTestApp(adjust: { $0.rateLimitPerMinute = 10_000 }) { t in
            let survey = try await Self.openSurvey(t)
            let id = try survey.requireID()
            let before = try await Self.submitted(t, id).count
            let already = try await Self.submitted(t, id).filter { $0.answers["q3"] == .choice("Lipniki", other: nil) }.count
            survey.quotas = SurveyQuotas(question: "q3", limits: ["Lipniki": already + 5])
            try await survey.save(on: t.db)
            let path = "/surveys/cus-jasminowo/\(id)"
            let browsers = (0..<16).map { _ in t.browser() }
            for browser in browsers { try await browser.get(path) }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for browser in browsers {
                    group.addTask {
                        try await browser.post(path, [("action", "send"), ("q1", "tak"), ("q3", "Lipniki")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 5, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 11)
            let rows = try await Self.submitted(t, id)
            #expect(rows.count == before + 5)
            #expect(rows.compactMap(\.number) == Array(1...(before + 5)), "numbers given once, in order")
            // The refusal says why, next to the question.
            let one = t.browser()
            try await one.get(path)
            let full = try await one.post(path, [("action", "send"), ("q1", "tak"), ("q3", "Lipniki")])
            #expect(full.body.string.contains("Mamy już wystarczająco wiele odpowiedzi od osób, które wybrały „Lipniki”"))
        }
    }

    @Test func staffTypeInPaperQuestionnairesWithCodes() async throws {
        try await withTestApp { t in
            let survey = try await Self.closedSurvey(t)
            let id = try survey.requireID()
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let form = try await staff.get("/panel/surveys/\(id)/entry")
            #expect(form.body.string.contains("autofocus") && form.body.string.contains("1 = Jaśminowo, 2 = Bzowo"))
            let before = try await Self.submitted(t, id)
            let paperBefore = before.filter { $0.channel == .paper }.count
            let first = try await staff.post(
                "/panel/surveys/\(id)/entry",
                [
                    ("q1", "2"), ("q2", "5"), ("q3", "1"), ("q4", "1 2 8"), ("q4-other", "dowóz obiadów"), ("q5", "4"),
                    ("q6-s1", "5"), ("q6-s2", "4"), ("q6-s3", "2"), ("q7", "1"), ("q8", "1"), ("q9", "20"),
                    ("q10", "1 3 2 4"), ("q11", "9"), ("q12", "Prosimy o opiekę w weekendy."),
                ])
            #expect(first.status == .seeOther)
            #expect(first.headers.first(name: .location) == "/panel/surveys/\(id)/entry?wpisano=\(before.count + 1)")
            // The second one answered the care section although nobody needs care: dropped.
            let second = try await staff.post(
                "/panel/surveys/\(id)/entry", [("q1", "5"), ("q1-other", "Kolonia"), ("q2", "3"), ("q7", "2"), ("q8", "1")])
            #expect(second.status == .seeOther)
            let wrong = try await staff.post("/panel/surveys/\(id)/entry", [("q1", "9"), ("q10", "1 1 2 3")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Pytanie 1.1: wpisz jeden numer odpowiedzi od 1 do 5."))
            #expect(wrong.body.string.contains("value=\"1 1 2 3\""), "the codes stay as typed")
            let rows = try await Self.submitted(t, id)
            #expect(rows.count == before.count + 2)
            #expect(rows.filter { $0.channel == .paper }.count == paperBefore + 2)
            let a = rows[rows.count - 2].answers
            #expect(a["q1"] == .choice("Bzowo", other: nil) && a["q2"] == .choice("75 i więcej", other: nil))
            #expect(
                a["q4"]
                    == .choices(
                        ["opieka w domu", "transport dla osób starszych i z niepełnosprawnością", "__other__"],
                        other: "dowóz obiadów"))
            #expect(
                a["q10"]
                    == .ranking([
                        "opieka nad osobami starszymi", "zdrowie psychiczne", "wsparcie rodzin z dziećmi",
                        "aktywność mieszkańców",
                    ]))
            #expect(a["q6"] == .grid([0: 5, 1: 4, 2: 2]) && a["q9"] == .number(20))
            let b = rows[rows.count - 1].answers
            #expect(b["q1"] == .choice("__other__", other: "Kolonia") && b["q8"] == nil && b["q7"] == .choice("nie", other: nil))
            #expect(try await t.audit(action: .create).filter { $0.detail.hasPrefix("ankieta papierowa nr") }.count == 2)
        }
    }

    @Test func resultsShowChartsTablesAndACrossTabWithoutSmallGroups() async throws {
        try await withTestApp { t in
            let survey = try await Self.closedSurvey(t)
            let id = try survey.requireID()
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let results = try await staff.get("/panel/surveys/\(id)/results?by=q2&of=q7").body.string
            #expect(results.contains("wypełnione ankiety: <strong>312</strong>"))
            #expect(results.contains("<svg") && results.contains("role=\"img\"") && results.contains("<desc id=\"chart-q1-d\">"))
            #expect(results.contains("2.4 Czy ktoś w Twoim domu potrzebuje stałej opieki? — w podziale: 1.2 Ile masz lat?"))
            // Recompute the cross-tab from the rows: every shown group has at least 5 questionnaires.
            let rows = try await Self.submitted(t, id)
            let byAge = Dictionary(grouping: rows) { row -> String in
                if case .choice(let age, _)? = row.answers["q2"] { return age }
                return ""
            }
            for (age, members) in byAge where !age.isEmpty {
                let needCare = members.filter { $0.answers["q7"] == .choice("tak", other: nil) }.count
                #expect(results.contains("\(age) <span class=\"small\">(n = \(members.count))</span>"))
                if needCare >= 5 { #expect(results.contains("<td>\(needCare) <span class=\"small\">")) }
            }
            // A crossing by locality × the number of hours: small localities disappear.
            let tiny = try await staff.get("/panel/surveys/\(id)/results?by=q1&of=q8").body.string
            let other = rows.filter { if case .choice("__other__", _)? = $0.answers["q1"] { true } else { false } }
                .filter { $0.answers["q8"] != nil }.count
            if other < 5 { #expect(!tiny.contains("Inne <span class=\"small\">(n = ")) }
            let wrong = try await staff.get("/panel/surveys/\(id)/results?by=q2&of=q2")
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Wybierz dwa różne pytania"))
            // CSV: one row per questionnaire, no contact columns.
            let csv = try await staff.get("/panel/surveys/\(id)/results.csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 313)
            #expect(
                lines[0].hasSuffix(
                    "nr ankiety;sposób wypełnienia;data;1.1;1.1 inne;1.2;1.3;2.1;2.1 inne;2.2;2.3 [1];2.3 [2];2.3 [3];2.4;3.1;3.2;4.1 miejsce 1;4.1 miejsce 2;4.1 miejsce 3;4.1 miejsce 4;4.2;4.3"
                ))
            #expect(!csv.body.string.contains("@"))
            #expect(try await t.audit(action: .export).contains { $0.detail.contains("eksport CSV (312 ankiet") })
        }
    }

    @Test func textAnswersAreTaggedAndCounted() async throws {
        try await withTestApp { t in
            let survey = try await Self.closedSurvey(t)
            let id = try survey.requireID()
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let page = try await staff.get("/panel/surveys/\(id)/texts?pole=q12").body.string
            #expect(page.contains("Etykiety") && page.contains("<td>transport</td>"))
            let row = try #require(
                try await Self.submitted(t, id).first { $0.answers["q12"] != nil && $0.number ?? 0 > 200 })
            let tagged = try await staff.post(
                "/panel/surveys/\(id)/texts", [("response", row.id!.uuidString), ("field", "q12"), ("tag", "świetlice")])
            #expect(tagged.status == .seeOther)
            let after = try await staff.get("/panel/surveys/\(id)/texts?pole=q12").body.string
            #expect(after.contains("<td>świetlice</td><td>1</td>"))
            let long = try await staff.post(
                "/panel/surveys/\(id)/texts",
                [("response", row.id!.uuidString), ("field", "q12"), ("tag", String(repeating: "x", count: 61))])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("najwyżej 60 znaków"))
            // A questionnaire without that text, or another survey's, cannot be tagged.
            let blank = try #require(try await Self.submitted(t, id).first { $0.answers["q12"] == nil })
            let refused = try await staff.post(
                "/panel/surveys/\(id)/texts", [("response", blank.id!.uuidString), ("field", "q12"), ("tag", "x")])
            #expect(refused.status == .notFound)
        }
    }

    @Test func surveyContactsAreInTheRodoCopyAndAnonymised() async throws {
        try await withTestApp { t in
            let survey = try await Self.openSurvey(t)
            let path = "/surveys/cus-jasminowo/\(try survey.requireID())"
            let resident = t.browser()
            try await resident.get(path)
            try await resident.post(
                path,
                [
                    ("action", "send"), ("q1", "nie"), ("q2", "Brak dowozu"), ("contactName", "Ewa"),
                    ("contactEmail", "ewa@example.pl"), ("contactConsent", "yes"),
                ])
            let found = try await ConsultationPrivacy.load(
                email: "ewa@example.pl", organisationID: try await t.organisationID("cus-jasminowo"), on: t.db)
            #expect(found.surveyContacts.count == 1)
            #expect(
                ConsultationPrivacy.contactLine(found.surveyContacts[0], surveys: found.surveys)
                    .contains("imię: Ewa, e-mail: ewa@example.pl"))
            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            try await dpo.get("/panel/privacy")
            let subject = try await dpo.post("/panel/privacy/subject", [("email", "ewa@example.pl")]).body.string
            #expect(subject.contains("Kontakt w ankiecie „Krótka ankieta do projektu diagnozy"))
            let copy = try await dpo.post("/panel/privacy/export", [("email", "ewa@example.pl"), ("format", "html")])
            #expect(copy.body.string.contains("imię: Ewa, e-mail: ewa@example.pl"))
            let anonymised = try await dpo.post("/panel/privacy/anonymise", [("email", "ewa@example.pl"), ("confirm", "yes")])
            #expect(anonymised.status == .seeOther, "\(anonymised.body.string.prefix(300))")
            let row = try #require(try await SurveyResponse.find(found.surveyContacts[0].id, on: t.db))
            #expect(row.contactName == nil && row.contactEmail == nil && row.answers["q2"] == .text("Brak dowozu"))
        }
    }

    @Test func contactsGoWhenTheRetentionPeriodAfterClosingEnds() async throws {
        try await withTestApp { t in
            let cus = try await t.organisationID("cus-jasminowo")
            let survey = try await Self.openSurvey(t)
            let id = try survey.requireID()
            let path = "/surveys/cus-jasminowo/\(id)"
            let resident = t.browser()
            try await resident.get(path)
            try await resident.post(
                path,
                [
                    ("action", "send"), ("q1", "tak"), ("contactName", "Jan"), ("contactEmail", "jan@example.pl"),
                    ("contactConsent", "yes"),
                ])
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/surveys/\(id)")
            #expect(try await staff.post("/panel/surveys/\(id)/close", [("confirmed", "yes")]).status == .seeOther)
            #expect(try await RetentionJob.plan(cus, now: t.app.clock.now(), on: t.db).surveyContacts.isEmpty)
            // 24 months (the rule of consultation comments) after the closing: the contact goes.
            t.advanceClock(Double(25 * 31) * 86_400)
            let plan = try await RetentionJob.plan(cus, now: t.app.clock.now(), on: t.db)
            #expect(plan.surveyContacts.count == 1)
            _ = try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger)
            let rows = try await Self.submitted(t, id)
            #expect(rows.allSatisfy { $0.contactName == nil && $0.contactEmail == nil })
            #expect(rows.contains { $0.answers["q1"] == .choice("tak", other: nil) }, "the answers stay")
        }
    }

    @Test func theDemoSurveyFeedsTheDiagnosisAndTheConsultationPage() async throws {
        try await withTestApp { t in
            let closed = try await Self.closedSurvey(t)
            let rows = try await Self.submitted(t, try closed.requireID())
            #expect(rows.count == 312 && rows.filter { $0.channel == .paper }.count == 74)
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let diagnosisID = try #require(closed.diagnosisID)
            let page = try await staff.get("/panel/diagnoses/\(diagnosisID)").body.string
            #expect(page.contains("wypełnione ankiety</td><td>312 (na papierze: 74)</td>"))
            let open = try await Self.openSurvey(t)
            let roundID = try #require(open.consultationRoundID)
            let round = try await t.browser().get("/consultations/cus-jasminowo/\(roundID)").body.string
            #expect(round.contains("Weź udział także w ankiecie: <a href=\"/surveys/cus-jasminowo/\(open.id!)\">"))
            let paper = try await t.browser().get("/surveys/cus-jasminowo/\(open.id!)/paper").body.string
            #expect(
                paper.contains("1.2. Czego w nim brakuje?")
                    && paper.contains("jeśli w pytaniu 1.1 zaznaczono „częściowo” lub „nie”"))
        }
    }
}
