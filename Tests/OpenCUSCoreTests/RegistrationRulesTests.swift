import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct AllocationTests {
    let a = UUID(), b = UUID()

    @Test func approvalModeAlwaysWaitsForTheOrganiser() {
        let outcome = Allocation.admit(mode: .approval, counts: SeatCounts(eventCapacity: 10, eventTaken: 0), workshops: [a])
        #expect(outcome.state == .pending)
        #expect(outcome.workshops == [a: .requested])
    }

    @Test func seatWhileFreeThenWaitingList() {
        let free = Allocation.admit(mode: .automatic, counts: SeatCounts(eventCapacity: 2, eventTaken: 1), workshops: [])
        #expect(free.state == .confirmed)
        let full = Allocation.admit(mode: .automatic, counts: SeatCounts(eventCapacity: 2, eventTaken: 2), workshops: [a])
        #expect(full.state == .waitlisted)
        #expect(full.workshops == [a: .requested], "a person waiting for the event holds no workshop place")
        let unlimited = Allocation.admit(
            mode: .automatic, counts: SeatCounts(eventCapacity: nil, eventTaken: 10_000), workshops: [])
        #expect(unlimited.state == .confirmed)
    }

    @Test func fullWorkshopPutsThePersonOnItsOwnWaitingList() {
        let counts = SeatCounts(eventCapacity: 50, eventTaken: 10, workshopCapacity: [a: 3, b: 5], workshopTaken: [a: 3, b: 4])
        let outcome = Allocation.admit(mode: .automatic, counts: counts, workshops: [a, b])
        #expect(outcome.state == .confirmed)
        #expect(outcome.workshops == [a: .waiting, b: .assigned])
        #expect(counts.workshopPlacesLeft(a) == 0)
        #expect(counts.workshopPlacesLeft(b) == 1)
        #expect(counts.workshopPlacesLeft(UUID()) == nil, "a workshop without capacity is unlimited")
    }

    @Test func placeCountsItsOwnAssignments() {
        // Two choices of the same one-place workshop cannot both be assigned.
        let counts = SeatCounts(eventCapacity: nil, eventTaken: 0, workshopCapacity: [a: 1])
        #expect(Allocation.place([a, a], counts: counts) == [a: .waiting])
    }

    @Test(arguments: [
        (10, 10, 5, 0), (10, 7, 5, 3), (10, 7, 2, 2), (10, 12, 4, 0),
    ])
    func promotableNeverExceedsFreeSeats(capacity: Int, taken: Int, waiting: Int, expected: Int) {
        #expect(
            Allocation.promotable(counts: SeatCounts(eventCapacity: capacity, eventTaken: taken), waiting: waiting) == expected)
    }

    @Test func promotableWithoutCapacityTakesEveryone() {
        #expect(Allocation.promotable(counts: SeatCounts(eventCapacity: nil, eventTaken: 3), waiting: 4) == 4)
    }
}

@Suite struct RegistrationWindowTests {
    // 2026-03-10 10:00 Warsaw (UTC+1) and 2026-03-20 23:59 (closing).
    let opens = Date(timeIntervalSince1970: 1_773_133_200)
    let closes = Date(timeIntervalSince1970: 1_774_047_540)
    let lastDay = CalendarDay(year: 2026, month: 4, day: 2)!

    var window: RegistrationWindow { RegistrationWindow(opensAt: opens, closesAt: closes) }

    @Test func opensAndClosesAtTheExactInstant() {
        #expect(
            window.availability(now: opens.addingTimeInterval(-1), eventStatus: .published, lastDay: lastDay)
                == .notYetOpen(opensAt: opens))
        #expect(window.availability(now: opens, eventStatus: .published, lastDay: lastDay) == .open)
        #expect(window.availability(now: closes.addingTimeInterval(-1), eventStatus: .published, lastDay: lastDay) == .open)
        #expect(window.availability(now: closes, eventStatus: .published, lastDay: lastDay) == .closed(closedAt: closes))
    }

    @Test func reasonsAreInPolishWithWarsawTime() {
        let reason = window.availability(now: opens.addingTimeInterval(-60), eventStatus: .published, lastDay: lastDay)
            .polishReason()
        #expect(reason == "Rejestracja rozpocznie się 10 marca 2026, godz. 10:00.")
        let closed = window.availability(now: closes, eventStatus: .published, lastDay: lastDay).polishReason()
        #expect(closed == "Rejestracja zakończyła się 20 marca 2026, godz. 23:59.")
    }

    @Test func eventStatusWinsOverTheWindow() {
        #expect(window.availability(now: opens, eventStatus: .cancelled, lastDay: lastDay) == .eventCancelled)
        #expect(window.availability(now: opens, eventStatus: .draft, lastDay: lastDay) == .notPublished)
        let open = RegistrationWindow(opensAt: nil, closesAt: nil)
        let dayAfter = Date(timeIntervalSince1970: 1_775_167_200)  // 2026-04-03 00:00 Warsaw (UTC+2)
        #expect(open.availability(now: dayAfter, eventStatus: .published, lastDay: lastDay) == .eventOver)
        #expect(open.availability(now: dayAfter.addingTimeInterval(-1), eventStatus: .published, lastDay: lastDay) == .open)
    }
}

@Suite struct ParticipantFormTests {
    static let workshopGroup = WorkshopChoiceRule(
        groupID: UUID(), title: "Warsztaty", maxChoices: 1, required: true, alternatives: [UUID(), UUID()])
    static let bus = Question(
        id: UUID(), kind: .singleChoice, label: "Dojazd", required: true,
        options: [.init(id: "o1", label: "Autokar", limit: 2), .init(id: "o2", label: "Własny")])
    static let count = Question(id: UUID(), kind: .number, label: "Liczba osób")
    static let day = Question(id: UUID(), kind: .date, label: "Data przyjazdu")

    func valid() -> ParticipantForm {
        var f = ParticipantForm()
        f.firstName = "Zofia"
        f.lastName = "Żółkiewska"
        f.email = " Zofia.Zolkiewska@Gmina.example "
        f.institution = "CUS w Jaśminowie"
        f.institutionType = InstitutionType.cus.rawValue
        f.voivodeship = Voivodeship.opolskie.rawValue
        f.consentRodo = true
        f.workshops = [Self.workshopGroup.fieldName: [Self.workshopGroup.alternatives[1].uuidString]]
        f.answers = [Self.bus.fieldName: ["o1"]]
        return f
    }

    func rules(taken: [String: Int] = [:]) -> RegistrationRules {
        RegistrationRules(
            questions: [Self.bus, Self.count, Self.day], workshops: [Self.workshopGroup], askAccessibility: true,
            askDinner: false, optionTaken: taken)
    }

    func errors(_ f: ParticipantForm, _ rules: RegistrationRules? = nil) -> [String: String] {
        switch f.cleaned().validate(rules ?? self.rules()) {
        case .success: return [:]
        case .failure(let e): return e.messages
        }
    }

    @Test func aCompleteFormPasses() throws {
        let result = try valid().cleaned().validate(rules()).get()
        #expect(result.email.value == "zofia.zolkiewska@gmina.example")
        #expect(result.workshops == [Self.workshopGroup.alternatives[1]])
        #expect(result.answers[Self.bus.id] == ["o1"])
    }

    @Test func requiredFieldsAndConsentEachGetAPolishMessage() {
        let e = errors(ParticipantForm())
        for field in [
            "firstName", "lastName", "email", "institution", "institutionType", "consentRodo", Self.bus.fieldName,
            Self.workshopGroup.fieldName,
        ] {
            #expect(e[field] != nil, "\(field) needs a message")
        }
        #expect(e["consentRodo"]?.contains("RODO") == true)
    }

    @Test(arguments: ["jan", "jan@", "@gmina.pl", "jan kowalski@gmina.pl", "jan@gmina"])
    func invalidEmails(_ email: String) {
        var f = valid()
        f.email = email
        #expect(errors(f)["email"] == "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@gmina.pl")
    }

    @Test(arguments: [
        ("600 123 456", true), ("+48 (77) 123-45-67", true), ("12345", false), ("600-abc-456", false), ("<script>", false),
    ])
    func phoneNumbers(_ phone: String, ok: Bool) {
        var f = valid()
        f.phone = phone
        #expect((errors(f)["phone"] == nil) == ok)
    }

    @Test func oversizedTextIsRefusedWithTheLimit() {
        var f = valid()
        f.institution = String(repeating: "ą", count: 201)
        #expect(errors(f)["institution"] == "Tekst jest za długi: najwyżej 200 znaków (jest 201).")
    }

    @Test func scriptTagsAreKeptAsTextNotRefused() throws {
        // Stored as typed and escaped when rendered; refusing them would lose a real name like "<Fundacja>".
        var f = valid()
        f.institution = "<script>alert(1)</script>"
        #expect(errors(f).isEmpty)
        #expect(f.cleaned().institution == "<script>alert(1)</script>")
    }

    @Test func aWorkshopOfAnotherEventIsRefused() {
        var f = valid()
        f.workshops = [Self.workshopGroup.fieldName: [UUID().uuidString]]
        #expect(errors(f)[Self.workshopGroup.fieldName] == "Wybierz warsztat z listy „Warsztaty”.")
        var g = valid()
        g.workshops["w-" + UUID().uuidString.lowercased()] = [UUID().uuidString]
        #expect(errors(g)["workshops"] == "Wybrano warsztat, który nie należy do tego wydarzenia.")
        var h = valid()
        h.workshops = [Self.workshopGroup.fieldName: Self.workshopGroup.alternatives.map(\.uuidString)]
        #expect(errors(h)[Self.workshopGroup.fieldName] == "W bloku „Warsztaty” można wybrać jeden warsztat.")
    }

    @Test func perOptionLimitIsEnforced() {
        #expect(errors(valid(), rules(taken: ["o1": 1])).isEmpty)
        #expect(
            errors(valid(), rules(taken: ["o1": 2]))[Self.bus.fieldName]
                == "Brak wolnych miejsc dla odpowiedzi „Autokar”. Wybierz inną.")
        var other = valid()
        other.answers = [Self.bus.fieldName: ["o2"]]
        #expect(errors(other, rules(taken: ["o1": 2])).isEmpty, "an unlimited option stays open")
        var forged = valid()
        forged.answers = [Self.bus.fieldName: ["o9"]]
        #expect(errors(forged)[Self.bus.fieldName] == "Wybierz odpowiedź z listy.")
    }

    @Test func numberDateAndAccessibilityAnswersAreChecked() {
        var f = valid()
        f.answers[Self.count.fieldName] = ["dwa"]
        f.answers[Self.day.fieldName] = ["31.02.2026"]
        f.accessibility = ["teleport"]
        let e = errors(f)
        #expect(e[Self.count.fieldName] == "Wpisz liczbę całkowitą, np. 2.")
        #expect(e[Self.day.fieldName] == "Wpisz datę w formacie RRRR-MM-DD.")
        #expect(e["accessibility"] == "Wybierz potrzeby z listy.")
        var g = valid()
        g.answers[Self.count.fieldName] = ["3"]
        g.answers[Self.day.fieldName] = ["2026-04-01"]
        g.accessibility = [AccessibilityNeed.signLanguage.rawValue, AccessibilityNeed.stepFree.rawValue]
        #expect(errors(g).isEmpty)
    }
}
