import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct ApplicationFormTests {
    let today = CalendarDay(iso: "2026-11-18")!
    let rules = [
        ApplicationForm.ServiceRule(id: "care", name: "Usługi opiekuńcze", ageMin: nil, ageMax: nil, residenceRequired: true),
        ApplicationForm.ServiceRule(id: "club", name: "Klub Seniora", ageMin: 60, ageMax: nil, residenceRequired: true),
        ApplicationForm.ServiceRule(id: "sport", name: "Zajęcia sportowe", ageMin: 7, ageMax: 18, residenceRequired: false),
    ]

    func valid() -> ApplicationForm {
        var f = ApplicationForm()
        f.firstName = "Helena"
        f.lastName = "Wiśniewska"
        f.birthDate = "1944-05-14"
        f.pesel = "44051401359"
        f.city = "Jaśminowo"
        f.postcode = "62-999"
        f.phone = "600 100 200"
        f.services = ["care", "club", "care"]
        f.situation = "Mieszkam sama, trudno mi robić zakupy."
        f.consentRodo = true
        return f
    }

    @Test func validApplicationKeepsServicesOnceInOrder() throws {
        let v = try valid().cleaned().validate(services: rules, gminaCity: "Jaśminowo", today: today).get()
        #expect(v.services == ["care", "club"] && v.pesel?.value == "44051401359" && v.role == .person)
    }

    @Test func peselMustAgreeWithTheBirthDateAndDatesCannotBeInTheFuture() {
        var f = valid()
        f.birthDate = "1944-05-15"
        guard case .failure(let e1) = f.cleaned().validate(services: rules, gminaCity: "Jaśminowo", today: today) else {
            Issue.record("accepted"); return
        }
        #expect(e1["pesel"]?.contains("14 maja 1944") == true)
        f.pesel = "44051401358"
        f.birthDate = "2027-01-01"
        guard case .failure(let e2) = f.cleaned().validate(services: rules, gminaCity: "Jaśminowo", today: today) else {
            Issue.record("accepted"); return
        }
        #expect(e2["birthDate"]?.contains("przyszłości") == true)
        #expect(e2["pesel"] != nil)
    }

    @Test func residenceAndAgeCriteriaAreCheckedPerService() {
        var f = valid()
        f.city = "Poznań"
        f.services = ["care", "sport"]
        guard case .failure(let errors) = f.cleaned().validate(services: rules, gminaCity: "Jaśminowo", today: today) else {
            Issue.record("accepted"); return
        }
        let message = errors["services"] ?? ""
        #expect(message.contains("tylko dla mieszkańców gminy Jaśminowo") && message.contains("do 18 lat"))
        f.services = ["nieznana"]
        guard case .failure(let unknown) = f.cleaned().validate(services: rules, gminaCity: "Jaśminowo", today: today) else {
            Issue.record("accepted"); return
        }
        #expect(unknown["services"]?.contains("nie ma w obowiązującym programie") == true)
    }

    @Test func representativeNeedsNameBasisAndContact() {
        var f = valid()
        f.applicantRole = ApplicantRole.carer.rawValue
        f.phone = ""
        guard case .failure(let errors) = f.cleaned().validate(services: rules, gminaCity: "Jaśminowo", today: today) else {
            Issue.record("accepted"); return
        }
        #expect(errors["representativeName"] != nil && errors["representativeBasis"]?.contains("faktyczna opieka") == true)
        #expect(errors["representativeContact"] != nil)
    }

    @Test func emptyFormNamesEveryRequiredField() {
        guard
            case .failure(let errors) = ApplicationForm().cleaned().validate(
                services: rules, gminaCity: "Jaśminowo", today: today)
        else {
            Issue.record("accepted")
            return
        }
        for field in ["firstName", "lastName", "birthDate", "phone", "services", "situation", "consentRodo"] {
            #expect(errors[field] != nil, "\(field)")
        }
    }

    @Test func ageIsInFullYears() {
        let born = CalendarDay(iso: "1966-11-19")!
        #expect(born.age(on: CalendarDay(iso: "2026-11-18")!) == 59)
        #expect(born.age(on: CalendarDay(iso: "2026-11-19")!) == 60)
    }
}

@Suite struct ReserveAndQualificationTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func priorityCriteriaInProgrammeOrderThenFirstComeFirstServed() {
        let a = ReserveEntry(id: UUID(), receivedAt: t0, criteriaMet: [])
        let b = ReserveEntry(id: UUID(), receivedAt: t0.addingTimeInterval(60), criteriaMet: [1])
        let c = ReserveEntry(id: UUID(), receivedAt: t0.addingTimeInterval(120), criteriaMet: [0])
        let d = ReserveEntry(id: UUID(), receivedAt: t0.addingTimeInterval(30), criteriaMet: [1])
        #expect(ReserveList.ordered([a, b, c, d], criteriaCount: 2).map(\.id) == [c.id, d.id, b.id, a.id])
        #expect(
            ReserveList.ordered([c, a, b], criteriaCount: 0).map(\.id) == [a.id, b.id, c.id], "no criteria: order of receipt")
        #expect(ReserveList.positions([a, b, c, d], criteriaCount: 2)[a.id] == 4)
    }

    @Test func openOffersHoldTheirPlace() {
        #expect(Qualification.decide(places: 15, activeEnrolments: 14, openOffers: 0) == .place)
        #expect(Qualification.decide(places: 15, activeEnrolments: 14, openOffers: 1) != .place)
        #expect(Qualification.decide(places: nil, activeEnrolments: 1_000, openOffers: 5) == .place)
    }

    @Test func deadlinesAndDecisionNumbers() {
        let rules = IntakeRules()
        let received = CalendarDay(iso: "2026-11-18")!
        #expect(rules.ipusDue(received: received) == CalendarDay(iso: "2026-12-18"))
        #expect(rules.appealEnds(delivered: CalendarDay(iso: "2026-12-01")) == CalendarDay(iso: "2026-12-15"))
        #expect(rules.appealEnds(delivered: nil) == nil)
        #expect(IntakeRules.clock(due: CalendarDay(iso: "2026-11-20")!, today: received) == .dueSoon(daysLeft: 2))
        #expect(IntakeRules.clock(due: CalendarDay(iso: "2026-11-10")!, today: received) == .overdue(days: 8))
        #expect(IntakeRules.clock(due: CalendarDay(iso: "2026-12-10")!, today: received) == .onTime(daysLeft: 22))
        #expect(DecisionNumber.make(sequence: 12, year: 2026, organisationSlug: "cus-jasminowo") == "12/2026/CUS-JASMINOWO")
        #expect(ServiceOutcome.reserve.isOpen && !ServiceOutcome.refused.isOpen)
    }
}

@Suite struct OutcomeChangeTests {
    func decide(_ from: ServiceOutcome, _ to: ServiceOutcome, heldOffer: Bool = false) -> Result<
        OutcomeChange, OutcomeChange.Refusal
    > {
        OutcomeChange.decide(from: from, to: to, heldOffer: heldOffer)
    }

    /// Every pair of outcomes: which changes are allowed, written out by hand from the act's
    /// procedure (assessment → qualification / reserve list / refusal / routing; the resident may
    /// withdraw while nothing is decided).
    @Test func onlyOpenRequestsChangeAndOnlyWaitingOnesGoOnTheReserveList() {
        let allowed: Set<String> = [
            "requested>qualified", "requested>reserve", "requested>refused", "requested>routed", "requested>withdrawn",
            "reserve>qualified", "reserve>refused", "reserve>routed", "reserve>withdrawn",
        ]
        for from in ServiceOutcome.allCases {
            for to in ServiceOutcome.allCases {
                let result = decide(from, to)
                let isAllowed = (try? result.get()) != nil
                #expect(isAllowed == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) → \(to)")
            }
        }
    }

    @Test func theReserveListMovesWhenARequestGivesUpItsOfferOrItsTurn() throws {
        // Leaving the list (with or without an offer in hand) lets the next person move up.
        for to in [ServiceOutcome.refused, .routed, .withdrawn] {
            #expect(try decide(.reserve, to).get().reserveListMoves)
            #expect(try decide(.reserve, to, heldOffer: true).get().reserveListMoves)
            #expect(try decide(.requested, to).get().reserveListMoves == false)
        }
        // Qualifying takes the offered place; going onto the list frees nothing.
        #expect(try decide(.reserve, .qualified, heldOffer: true).get().reserveListMoves == false)
        #expect(try decide(.requested, .reserve).get().reserveListMoves == false)
    }

    @Test func decisionsOfTheCentreRecordTheProgrammeAndOnlyTheListKeepsAnOffer() throws {
        #expect(try decide(.requested, .qualified).get().recordsProgramme)
        #expect(try decide(.requested, .refused).get().recordsProgramme)
        #expect(try decide(.reserve, .routed).get().recordsProgramme)
        #expect(try decide(.requested, .withdrawn).get().recordsProgramme == false)
        #expect(try decide(.requested, .reserve).get().recordsProgramme == false)
        #expect(try decide(.requested, .reserve).get().keepsOffer)
        #expect(try decide(.reserve, .qualified, heldOffer: true).get().keepsOffer == false)
    }

    @Test func refusalsSayWhatTheRequestAlreadyHas() {
        #expect(
            OutcomeChange.Refusal.settled(.qualified).message(to: .refused)
                == "Ta usługa ma już rozstrzygnięcie: zakwalifikowano.")
        #expect(
            OutcomeChange.Refusal.settled(.refused).message(to: .withdrawn)
                == "Tej usługi nie można już wycofać (odmowa (decyzja)).")
        #expect(decide(.reserve, .reserve) == .failure(.notWaitingForAssessment(.reserve)))
        #expect(decide(.requested, .requested) == .failure(.backToRequested))
    }
}
