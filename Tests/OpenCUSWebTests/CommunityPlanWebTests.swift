import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The community organising plan end to end: the organiser writes it (partners and activities
/// chosen per action), the director approves it, a new version shows its table of changes, the
/// monitoring records a month of actions with a photo, and the yearly summary prints and exports.
@Suite struct CommunityPlanWebTests {
    static let organiser = "osl@cus-jasminowo.example"
    static let director = "dyrektor@cus-jasminowo.example"

    static func planID(_ location: String?) throws -> UUID {
        let parts = try #require(location).split(separator: "/")
        let raw = parts.dropFirst(2).first?.split(separator: "?").first.map(String.init) ?? ""
        return try #require(UUID(uuidString: raw))
    }

    /// Creates a plan with its header and returns its id.
    static func create(_ staff: Browser) async throws -> UUID {
        try await staff.get("/panel/community-plan")
        let created = try await staff.post(
            "/panel/community-plan",
            [
                ("title", "Plan testowy 2026–2027"), ("start", "2026-01-01"), ("end", "2027-12-31"),
                ("areas", "Jaśminowo\nOsiedle Testowe"), ("responsible", "Organizatorka społeczności lokalnej"),
            ])
        #expect(created.status == .seeOther)
        return try planID(created.headers.first(name: .location))
    }

    @Test func theOrganiserWritesThePlanAndTheDirectorApprovesEachVersion() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let partner = try #require(try await Partner.scoped(to: org, on: t.app.db).first())
            let activity = try #require(try await Activity.scoped(to: org, on: t.app.db).first())
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let id = try await Self.create(staff)
            let edit = try await staff.get("/panel/community-plan/\(id)/edit")
            #expect(edit.status == .ok && edit.body.string.contains("Edycja projektu"))
            let revision = try #require(try await CommunityPlan.find(id, on: t.app.db)).revision

            // Refused: an aim's target equal to its baseline, an unknown partner; what was typed stays.
            let bad = try await staff.post(
                "/panel/community-plan/\(id)/edit",
                [
                    ("revision", "\(revision)"), ("title", "Plan testowy 2026–2027"), ("start", "2026-01-01"),
                    ("end", "2027-12-31"),
                    ("areas", "Jaśminowo\nOsiedle Testowe"), ("responsible", "OSL"),
                    ("aims[0][text]", "Więcej seniorów <script>x</script>"), ("aims[0][indicator]", "Stali uczestnicy"),
                    ("aims[0][unit]", "osób"), ("aims[0][baseline]", "12"), ("aims[0][target]", "12"),
                    ("aims[0][due]", "2027-06-30"),
                    ("actions[0][title]", "Klub"), ("actions[0][lead]", "OSL"), ("actions[0][schedule]", "wtorki"),
                    ("actions[0][partners][]", UUID().uuidString),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Wartość docelowa musi różnić się od wyjściowej"))
            #expect(bad.body.string.contains("Wybierz partnerów z listy partnerów centrum."))
            #expect(bad.body.string.contains("Więcej seniorów &lt;script&gt;x&lt;/script&gt;"))

            let saved = try await staff.post(
                "/panel/community-plan/\(id)/edit",
                [
                    ("revision", "\(revision)"), ("title", "Plan testowy 2026–2027"), ("start", "2026-01-01"),
                    ("end", "2027-12-31"),
                    ("areas", "Jaśminowo\nOsiedle Testowe"), ("responsible", "OSL"),
                    ("issues[0][group]", "Seniorzy"), ("issues[0][issue]", "Samotność"),
                    ("aims[0][text]", "Więcej seniorów w klubie"), ("aims[0][indicator]", "Stali uczestnicy"),
                    ("aims[0][unit]", "osób"), ("aims[0][baseline]", "12"), ("aims[0][target]", "30"),
                    ("aims[0][due]", "2027-06-30"),
                    ("actions[0][title]", "Klub seniora"), ("actions[0][lead]", "OSL"), ("actions[0][schedule]", "wtorki"),
                    ("actions[0][area]", "Osiedle Testowe"), ("actions[0][expected]", "25"),
                    ("actions[0][partners][]", partner.id!.uuidString), ("actions[0][activities][]", activity.id!.uuidString),
                ])
            #expect(saved.status == .seeOther)
            var version = try await CommunityPlanController.version(
                try #require(try await CommunityPlan.find(id, on: t.app.db)), 1, on: t.app.db
            ).content()
            #expect(version.actions.first?.partnerIDs == [partner.id!] && version.actions.first?.activityIDs == [activity.id!])
            #expect(version.actions.first?.area == "Osiedle Testowe" && version.aims.first?.target == 30)

            // A second save from the same (now old) form is told, not applied.
            let stale = try await staff.post(
                "/panel/community-plan/\(id)/edit",
                [
                    ("revision", "\(revision)"), ("title", "Inny tytuł"), ("start", "2026-01-01"), ("end", "2027-12-31"),
                    ("areas", "Jaśminowo"), ("responsible", "OSL"),
                ])
            #expect(stale.status == .conflict && stale.body.string.contains("Ktoś zmienił plan"))

            // Not ready: the aim has no action yet. Tick it, then submit.
            let early = try await staff.post("/panel/community-plan/\(id)/submit", [])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("Cel C1 nie ma żadnego działania"))
            var form = CommunityPlanForm(version)
            form.actions[0].aims = [version.aims[0].key]
            let current = try #require(try await CommunityPlan.find(id, on: t.app.db)).revision
            #expect(
                try await staff.post("/panel/community-plan/\(id)/edit", Self.fields(form, revision: current)).status == .seeOther
            )
            #expect(try await staff.post("/panel/community-plan/\(id)/submit", []).status == .seeOther)
            // The organiser cannot approve.
            #expect(try await staff.post("/panel/community-plan/\(id)/approve", []).status == .forbidden)

            let director = t.browser()
            try await director.login(Self.director)
            let waiting = try await director.get("/panel/community-plan/\(id)")
            #expect(waiting.body.string.contains("Zatwierdź wersję 1"))
            #expect(try await director.post("/panel/community-plan/\(id)/approve", []).status == .seeOther)

            // A new version: the reason is required, the table of changes shows what changed.
            try await staff.get("/panel/community-plan/\(id)")
            let noReason = try await staff.post("/panel/community-plan/\(id)/versions", [("reason", "")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("dlaczego plan się zmienia"))
            let started = try await staff.post("/panel/community-plan/\(id)/versions", [("reason", "Więcej chętnych")])
            #expect(started.headers.first(name: .location) == "/panel/community-plan/\(id)/edit?done=new-version")
            version = try await CommunityPlanController.version(
                try #require(try await CommunityPlan.find(id, on: t.app.db)), 2, on: t.app.db
            ).content()
            form = CommunityPlanForm(version)
            form.actions[0].expected = "40"
            let r2 = try #require(try await CommunityPlan.find(id, on: t.app.db)).revision
            #expect(try await staff.post("/panel/community-plan/\(id)/edit", Self.fields(form, revision: r2)).status == .seeOther)
            #expect(try await staff.post("/panel/community-plan/\(id)/submit", []).status == .seeOther)
            let review = try await director.get("/panel/community-plan/\(id)")
            #expect(review.body.string.contains("Tabela zmian względem wersji poprzedniej"))
            #expect(review.body.string.contains("uczestników: 25") && review.body.string.contains("uczestników: 40"))
            let back = try await director.post("/panel/community-plan/\(id)/return", [("note", "Dopisz partnera")])
            #expect(back.status == .seeOther)
            #expect(try await staff.get("/panel/community-plan/\(id)").body.string.contains("Dopisz partnera"))
            #expect(try await staff.post("/panel/community-plan/\(id)/submit", []).status == .seeOther)
            #expect(try await director.post("/panel/community-plan/\(id)/approve", []).status == .seeOther)

            let plan = try #require(try await CommunityPlan.find(id, on: t.app.db))
            #expect(plan.approvedVersion == 2)
            let states = try await CommunityPlanController.versions(plan, on: t.app.db).map(\.state)
            #expect(states == [.superseded, .approved])
            let page = try await director.get("/panel/community-plan/\(id)/versions/2")
            #expect(page.status == .ok && page.body.string.contains("Zmiany względem wersji 1"))
            #expect(try await t.audit(action: .update).contains { $0.detail == "plan OSL: zatwierdzono wersję 2" })
            // The partner's row lists the plan's action it takes part in.
            let partners = try await staff.get("/panel/partners")
            #expect(partners.body.string.contains("D1. Klub seniora (plan 2026–2027)"))
        }
    }

    /// The form's fields as a browser posts them.
    static func fields(_ f: CommunityPlanForm, revision: Int) -> [(String, String)] {
        var out = [
            ("revision", "\(revision)"), ("title", f.title), ("start", f.start), ("end", f.end), ("areas", f.areas),
            ("responsible", f.responsible),
        ]
        for (i, r) in f.issues.enumerated() {
            out += [
                ("issues[\(i)][group]", r.group), ("issues[\(i)][issue]", r.issue),
                ("issues[\(i)][recommendationID]", r.recommendationID),
            ]
        }
        for (i, r) in f.aims.enumerated() {
            out += [
                ("aims[\(i)][key]", r.key), ("aims[\(i)][text]", r.text), ("aims[\(i)][indicator]", r.indicator),
                ("aims[\(i)][unit]", r.unit), ("aims[\(i)][baseline]", r.baseline), ("aims[\(i)][target]", r.target),
                ("aims[\(i)][due]", r.due),
            ]
        }
        for (i, r) in f.actions.enumerated() {
            out += [
                ("actions[\(i)][key]", r.key), ("actions[\(i)][title]", r.title), ("actions[\(i)][lead]", r.lead),
                ("actions[\(i)][area]", r.area), ("actions[\(i)][places]", r.places), ("actions[\(i)][schedule]", r.schedule),
                ("actions[\(i)][resources]", r.resources), ("actions[\(i)][expected]", r.expected),
            ]
            out +=
                r.aims.map { ("actions[\(i)][aims][]", $0) } + r.partners.map { ("actions[\(i)][partners][]", $0) }
                + r.activities.map { ("actions[\(i)][activities][]", $0) }
        }
        return out
    }

    @Test func monitoringRecordsAMonthWithAPhotoAndTheSummaryPrintsAndExports() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let id = try await Self.create(staff)
            let plan = try #require(try await CommunityPlan.find(id, on: t.app.db))
            var form = CommunityPlanForm(try await CommunityPlanController.version(plan, 1, on: t.app.db).content())
            form.aims = [CommunityPlanForm.AimRow()]
            (form.aims[0].text, form.aims[0].indicator, form.aims[0].unit) = ("Sąsiedzi pomagają", "Pary sąsiedzkie", "par")
            (form.aims[0].baseline, form.aims[0].target, form.aims[0].due) = ("0", "20", "2027-12-31")
            form.actions = [CommunityPlanForm.ActionRow()]
            (form.actions[0].title, form.actions[0].lead, form.actions[0].schedule) = (
                "Sieć pomocy sąsiedzkiej", "OSL", "co tydzień"
            )
            #expect(
                try await staff.post("/panel/community-plan/\(id)/edit", Self.fields(form, revision: plan.revision)).status
                    == .seeOther)
            let content = try await CommunityPlanController.version(
                try #require(try await CommunityPlan.find(id, on: t.app.db)), 1, on: t.app.db
            ).content()
            let action = try #require(content.actions.first).key
            let aim = try #require(content.aims.first).key

            try await staff.get("/panel/community-plan/\(id)/monitoring")
            // Today is 2026-11-18 in the test clock: a record for tomorrow is refused, typed values kept.
            let future = try await staff.post(
                "/panel/community-plan/\(id)/records",
                [("action", action), ("day", "2026-11-19"), ("participants", "12"), ("notes", "Spotkanie")])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("nie może być w przyszłości"))
            #expect(future.body.string.contains("value=\"12\""))
            for (day, people, helpers) in [("2026-11-03", "14", "2"), ("2026-11-10", "17", "3"), ("2026-11-17", "9", "0")] {
                let r = try await staff.post(
                    "/panel/community-plan/\(id)/records",
                    [
                        ("action", action), ("day", day), ("participants", people), ("volunteers", helpers),
                        ("notes", "Zakupy i rozmowy"),
                    ])
                #expect(r.status == .seeOther)
            }
            // A photo without its description and consent is refused; with them, stored without metadata.
            let png = DemoFiles.png(width: 4, height: 4) { x, y in (UInt8(x * 60), UInt8(y * 60), 90) }
            let fields = [("action", action), ("day", "2026-11-17"), ("participants", "5"), ("notes", "Festyn")]
            let noConsent = try await staff.upload(
                "/panel/community-plan/\(id)/records", fields: fields,
                file: (field: "photo", filename: "festyn.png", contentType: "image/png", bytes: png))
            #expect(noConsent.status == .unprocessableEntity)
            #expect(noConsent.body.string.contains("Opisz zdjęcie dla osób niewidomych"))
            #expect(noConsent.body.string.contains("potwierdź zgodę"))
            let notImage = try await staff.upload(
                "/panel/community-plan/\(id)/records",
                fields: fields + [("photoAlt", "Stół"), ("photoConsent", "on")],
                file: (field: "photo", filename: "x.png", contentType: "image/png", bytes: Array("<svg onload=alert(1)>".utf8)))
            #expect(notImage.status == .unprocessableEntity && notImage.body.string.contains("To nie jest obraz"))
            let withPhoto = try await staff.upload(
                "/panel/community-plan/\(id)/records",
                fields: fields + [("photoAlt", "Sąsiedzi przy wspólnym stole"), ("photoConsent", "on")],
                file: (field: "photo", filename: "festyn.png", contentType: "image/png", bytes: png))
            #expect(withPhoto.status == .seeOther)
            let records = try await CommunityPlanRecord.query(on: t.app.db).filter(\.$plan.$id == id).all()
            #expect(records.count == 4)
            let photoRecord = try #require(records.first { $0.photoKey != nil })
            #expect(photoRecord.photoAlt == "Sąsiedzi przy wspólnym stole" && photoRecord.photoConsentBy != nil)
            let month = try await staff.get("/panel/community-plan/\(id)/monitoring?miesiac=2026-11")
            #expect(month.body.string.contains("4 wpisy, uczestników łącznie: 45, wolontariuszy łącznie: 5"))
            #expect(month.body.string.contains("alt=\"Sąsiedzi przy wspólnym stole\""))
            let photo = try await staff.get("/panel/community-plan/\(id)/records/\(photoRecord.id!)/photo")
            #expect(photo.status == .ok && photo.headers.first(name: .contentType) == "image/png")

            // Measurements of the aim.
            let badMeasure = try await staff.post(
                "/panel/community-plan/\(id)/measurements", [("aim", aim), ("day", "2026-11-01"), ("value", "dużo")])
            #expect(badMeasure.status == .unprocessableEntity && badMeasure.body.string.contains("href=\"#measure-value\""))
            #expect(
                try await staff.post(
                    "/panel/community-plan/\(id)/measurements", [("aim", aim), ("day", "2026-11-15"), ("value", "8")]
                ).status
                    == .seeOther)

            // Consent withdrawn: the photo alone goes (asked first), the record stays.
            let askPhoto = try await staff.post("/panel/community-plan/\(id)/records/\(photoRecord.id!)/photo/delete", [])
            #expect(askPhoto.status == .ok && askPhoto.body.string.contains("Usunąć zdjęcie"))
            #expect(
                try await staff.post(
                    "/panel/community-plan/\(id)/records/\(photoRecord.id!)/photo/delete", [("confirmed", "yes")]
                ).status == .seeOther)
            let withoutPhoto = try #require(try await CommunityPlanRecord.find(photoRecord.id, on: t.app.db))
            #expect(withoutPhoto.photoKey == nil && withoutPhoto.photoAlt == nil && withoutPhoto.participants == 5)
            #expect(try await staff.get("/panel/community-plan/\(id)/records/\(photoRecord.id!)/photo").status == .notFound)
            let files = try FileManager.default.contentsOfDirectory(atPath: t.dataDirectory + "/uploads")
            #expect(!files.contains(try #require(photoRecord.photoKey)), "the file is gone too")

            // Deleting a record asks first, then removes it.
            let ask = try await staff.post("/panel/community-plan/\(id)/records/\(photoRecord.id!)/delete", [])
            #expect(ask.status == .ok && ask.body.string.contains("Usunąć wpis"))
            let deleted = try await staff.post(
                "/panel/community-plan/\(id)/records/\(photoRecord.id!)/delete", [("confirmed", "yes")])
            #expect(deleted.status == .seeOther)
            #expect(try await staff.get("/panel/community-plan/\(id)/records/\(photoRecord.id!)/photo").status == .notFound)

            // The summary: 3 records, 40 people, 5 volunteer entries in November; the aim at 8 of 20 = 40 %.
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel/community-plan/\(id)").status == .forbidden)
            #expect(try await analyst.get("/panel/community-plan/\(id)/records/\(records[0].id!)/photo").status == .forbidden)
            let list = try await analyst.get("/panel/community-plan")
            #expect(list.status == .ok && !list.body.string.contains("Utwórz plan"))
            let summary = try await analyst.get("/panel/community-plan/\(id)/summary?rok=2026")
            #expect(summary.status == .ok)
            #expect(summary.body.string.contains("zapisano 3 przebiegów działań; uczestniczyło w nich łącznie 40 osób"))
            #expect(summary.body.string.contains("40 %") && summary.body.string.contains("class=\"letter summary\""))
            let csv = try await analyst.get("/panel/community-plan/\(id)/summary.csv?rok=2026")
            #expect(csv.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(csv.body.string.contains("działanie;D1;Sieć pomocy sąsiedzkiej;2026-11;3;40;;;;;"))
            #expect(csv.body.string.contains("cel;C1;Sąsiedzi pomagają — Pary sąsiedzkie (par);2026;;;;0;20;8;40"))
            #expect(try await t.audit(action: .view).contains { $0.detail == "plan OSL: podsumowanie 2026" })

            // Another organisation's staff get 404; a coordinator has no access to the plan.
            let foreign = t.browser()
            try await foreign.login("kongres@cus-starachowice.example")
            let status = try await foreign.get("/panel/community-plan/\(id)/summary").status
            #expect(status == .notFound || status == .forbidden)
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get("/panel/community-plan").status == .forbidden)
            let activities = try await coordinator.get("/panel/activities")
            #expect(activities.status == .ok && !activities.body.string.contains("Nowe działanie"))
        }
    }

    @Test func thePlanGoesToConsultationWithAParagraphPerAction() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let id = try await Self.create(staff)
            let plan = try #require(try await CommunityPlan.find(id, on: t.app.db))
            var form = CommunityPlanForm(try await CommunityPlanController.version(plan, 1, on: t.app.db).content())
            form.actions = [CommunityPlanForm.ActionRow(), CommunityPlanForm.ActionRow()]
            (form.actions[0].title, form.actions[0].lead, form.actions[0].schedule) = ("Klub młodzieży", "OSL", "piątki")
            (form.actions[1].title, form.actions[1].lead, form.actions[1].schedule) = (
                "Festyn sąsiedzki", "Rada osiedla", "czerwiec"
            )
            #expect(
                try await staff.post("/panel/community-plan/\(id)/edit", Self.fields(form, revision: plan.revision)).status
                    == .seeOther)
            let sent = try await staff.post("/panel/community-plan/\(id)/consultation", [])
            #expect(sent.status == .seeOther)
            let round = try #require(
                try await ConsultationRound.query(on: t.app.db).filter(
                    \.$subject == "Projekt planu: Plan testowy 2026–2027 (wersja 1)"
                ).first())
            let paragraphs = ConsultedDocument(markdown: round.document).paragraphs.map(\.markdown)
            #expect(paragraphs.contains { $0.hasPrefix("**D1. Klub młodzieży.**") })
            #expect(paragraphs.contains { $0.hasPrefix("**D2. Festyn sąsiedzki.**") })
            #expect(try #require(try await CommunityPlan.find(id, on: t.app.db)).consultationRoundID == round.id)
            // Sending again opens the same round.
            let again = try await staff.post("/panel/community-plan/\(id)/consultation", [])
            #expect(again.headers.first(name: .location) == "/panel/consultations/\(round.id!)")
        }
    }
}
