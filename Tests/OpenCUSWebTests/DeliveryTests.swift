import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Providers record what they delivered (one by one and as a group), the month is summed up per
/// service and provider, and charged services produce the month's fees with exemptions.
@Suite struct DeliveryTests {
    func qualified(_ t: TestApp, _ staff: Browser, _ n: Int, _ service: ServiceDefinition) async throws -> Enrolment {
        let a = try await t.applicant(n, services: [service])
        let r = try await t.requested(a, service)
        #expect(
            try await staff.post("/panel/applications/\(a.id!)/services/\(r.id!)/qualify", [("startDay", "2026-11-18")]).status
                == .seeOther)
        return try #require(try await Enrolment.query(on: t.db).filter(\.$requested.$id == r.id!).first())
    }

    @Test func providerRecordsSessionsTheMonthSumsUpAndFeesFollow() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let care = try await t.inForceService("Usługi opiekuńcze w miejscu zamieszkania")  // Fundacja Pod Lipami, 12,50 zł/h
            let gym = try await t.inForceService("Gimnastyka dla seniorów")  // OSiR, another provider
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let first = try await qualified(t, coordinator, 1, care)
            let second = try await qualified(t, coordinator, 2, care)
            let other = try await qualified(t, coordinator, 3, gym)

            let provider = t.browser()
            try await provider.login("realizator@pod-lipami.example")
            let list = try await provider.get("/panel/deliveries").body.string
            #expect(
                list.contains("Mieszkanka Numer 1") && list.contains("Mieszkanka Numer 2") && !list.contains("Mieszkanka Numer 3")
            )
            #expect(
                try await provider.get("/panel/deliveries/enrolments/\(other.id!)").status == .notFound,
                "another provider's person")
            #expect(
                try await coordinator.get("/panel/deliveries/enrolments/\(other.id!)").status == .ok,
                "the CUS sees all of its enrolments")

            // Bad input keeps what was typed.
            let path = "/panel/deliveries/enrolments/\(first.id!)"
            var r = try await provider.post(
                path, [("day", "2026-11-17"), ("attendance", "attended"), ("minutes", "60"), ("note", "<b>x</b>")])
            #expect(
                r.status == .unprocessableEntity && r.body.string.contains("od 18 listopada 2026")
                    && r.body.string.contains("value=\"&lt;b&gt;x&lt;/b&gt;\""))
            r = try await provider.post(path, [("day", "2026-11-19"), ("attendance", "attended"), ("minutes", "60")])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("z przyszłości"))
            r = try await provider.post(path, [("day", "2026-11-18"), ("attendance", "attended")])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("podaj czas w minutach"))
            #expect(
                try await provider.post(path, [("day", "2026-11-18"), ("attendance", "attended"), ("minutes", "120")]).status
                    == .seeOther)

            // A group session: both ticked at once; the first person's record for the day is corrected.
            let session = try await provider.get("/panel/deliveries/session?service=\(care.id!)&day=2026-11-18").body.string
            #expect(session.range(of: "Mieszkanka Numer 1")!.lowerBound < session.range(of: "Mieszkanka Numer 2")!.lowerBound)
            // It opens with what is already recorded for the day, and says that saving corrects it.
            #expect(session.contains("Na ten dzień zapisano już obecność (1 osoba)"))
            #expect(session.contains("value=\"attended\" checked") && session.contains("Zapisz poprawkę obecności"))
            #expect(
                session.contains("name=\"minutes\" type=\"number\" min=\"1\" max=\"1440\" inputmode=\"numeric\" value=\"120\""))
            let empty = try await provider.post(
                "/panel/deliveries/session", [("service", care.id!.uuidString), ("day", "2026-11-18"), ("minutes", "90")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Zaznacz obecność"))
            #expect(
                try await provider.post(
                    "/panel/deliveries/session",
                    [
                        ("service", care.id!.uuidString), ("day", "2026-11-18"), ("minutes", "90"),
                        ("people[\(first.id!.uuidString)]", "attended"), ("people[\(second.id!.uuidString)]", "absent"),
                    ]
                ).status == .seeOther)
            let reopened = try await provider.get(
                "/panel/deliveries/session?service=\(care.id!)&day=2026-11-18&done=2&corrected=1"
            ).body.string
            #expect(reopened.contains("Zapisano poprawkę obecności: 2 osoby."))
            #expect(reopened.contains("zapisano już obecność (2 osoby)") && reopened.contains("value=\"absent\" checked"))
            let records = try await DeliveryRecord.query(on: t.db).sort(\.$onDay).all()
            #expect(records.count == 2 && records.first { $0.$enrolment.id == first.id }?.minutes == 90)
            #expect(
                records.allSatisfy {
                    $0.providerOrganisationID == care.providerOrganisationID && $0.$organisation.id == care.$organisation.id
                })

            // The month: 2 people, 1 attended, 1 absent, 1,5 h, 50%; the CSV carries no names.
            let summary = try await provider.get("/panel/deliveries?month=2026-11").body.string
            #expect(
                summary.contains(
                    "<td>Usługi opiekuńcze w miejscu zamieszkania</td><td>Fundacja „Pod Lipami” (fikcyjna)</td><td>2</td><td>2</td><td>1</td><td>1</td><td>0</td><td>1,5</td><td>1</td><td>50%</td>"
                ))
            let csv = try await provider.get("/panel/deliveries/summary.csv?month=2026-11")
            #expect(
                csv.headers.contentType?.description.hasPrefix("text/csv") == true && csv.body.string.contains("1,5;1;50%")
                    && !csv.body.string.contains("Mieszkanka"))

            // Fees: 1,5 h × 12,50 zł; an exemption of 50 % with its basis; bad input refused.
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            var fees = try await director.get("/panel/fees?month=2026-11").body.string
            #expect(
                fees.contains("1,50 h × 12,50\u{00A0}zł") && fees.contains("18,75\u{00A0}zł")
                    && !fees.contains("Mieszkanka Numer 3"), "nothing delivered: no charge, not listed")
            let bad = try await director.post(
                "/panel/fees/enrolments/\(first.id!)/exemption", [("percent", "150"), ("basis", ""), ("month", "2026-11")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("od 0 do 100"))
            #expect(
                try await director.post(
                    "/panel/fees/enrolments/\(first.id!)/exemption",
                    [("percent", "50"), ("basis", "§ 6 programu: dochód"), ("month", "2026-11")]
                ).status == .seeOther)
            fees = try await director.get("/panel/fees?month=2026-11").body.string
            #expect(fees.contains("9,37\u{00A0}zł") && fees.contains("zwolnienie 50%"))
            let list2 = try await director.get("/panel/fees/list.csv?month=2026-11").body.string
            #expect(list2.contains("Numer 1;Mieszkanka") && list2.contains("18,75;50;§ 6 programu: dochód;9,37"))
            let card = try await director.get("/panel/persons/\(first.$person.id)").body.string
            #expect(card.contains("Opłaty za usługi") && card.contains("9,37\u{00A0}zł"))
            #expect(try await coordinator.get("/panel/fees").status == .forbidden)
        }
    }
}
