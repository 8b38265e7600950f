import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct PESELTests {
    func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }

    @Test func validNumbersGiveTheirBirthDateAcrossCenturies() throws {
        #expect(try PESEL.parse("44051401359").get().birthDate == day("1944-05-14"))
        #expect(try PESEL.parse(" 05230712343 ").get().birthDate == day("2005-03-07"))
        // The 1800s encoding is valid PESEL, but no living person was born then: refused as a date.
        #expect(PESEL.parse("02810100075") == .failure(.date))
        #expect(try PESEL.parse("44051401359", birthDate: day("1944-05-14")).get().value == "44051401359")
    }

    @Test func wrongNumbersSayWhatIsWrong() throws {
        #expect(PESEL.parse("4405140135") == .failure(.format))
        #expect(PESEL.parse("4405140135a") == .failure(.format))
        #expect(PESEL.parse("44051401358") == .failure(.checksum))
        #expect(try PESEL.parse("85123100020").get().birthDate == day("1985-12-31"))
        #expect(PESEL.parse("85133100021") == .failure(.date), "month 13")
        #expect(PESEL.parse("85023000020") == .failure(.date), "30 February")
        #expect(PESEL.parse("44051401359", birthDate: day("1944-05-15")) == .failure(.differsFromBirthDate(day("1944-05-14"))))
        #expect(PESEL.Problem.checksum.polishMessage.contains("cyfrę kontrolną"))
    }
}

@Suite struct ServiceFormTests {
    func valid() -> ServiceForm {
        var f = ServiceForm()
        f.name = "Usługi opiekuńcze w miejscu zamieszkania"
        f.area = ServiceArea.socialAssistance.rawValue
        f.description = "Pomoc w codziennych czynnościach w domu."
        f.forWhom = "Dla osób starszych i z niepełnosprawnością."
        return f
    }

    @Test func minimalServiceIsFreeOwnAndUnlimited() throws {
        let v = try valid().cleaned().validate(providerExists: { _ in false }).get()
        #expect(v.fee == .free && v.route == .own && v.places == nil && v.priorityCriteria.isEmpty)
    }

    @Test func everyBadFieldGetsAPolishMessage() {
        var f = valid()
        f.name = ""
        f.area = "kosmos"
        f.ageMin = "70"
        f.ageMax = "60"
        f.places = "0"
        f.feeKind = "per_unit"
        f.feeAmount = "12,555"
        f.deliveryRoute = DeliveryRoute.commissioned.rawValue
        f.providerID = "nieznany"
        guard case .failure(let errors) = f.cleaned().validate(providerExists: { _ in false }) else {
            Issue.record("accepted")
            return
        }
        for field in ["name", "area", "ageMax", "places", "feeAmount", "providerID"] { #expect(errors[field] != nil, "\(field)") }
        #expect(errors["places"]?.contains("zostaw puste") == true)
    }

    @Test func feesAndPriorityCriteriaAreParsed() throws {
        var f = valid()
        f.feeKind = "per_unit"
        f.feeAmount = "1 250,5 zł"
        f.feeUnit = "wizytę"
        f.priorityCriteria = "osoby samotne\n\n  osoby z orzeczeniem o niepełnosprawności  \n"
        f.deliveryRoute = DeliveryRoute.commissioned.rawValue
        f.providerID = "ngo-1"
        let v = try f.cleaned().validate(providerExists: { $0 == "ngo-1" }).get()
        #expect(v.fee == .perUnit(grosze: 125_050, unit: "wizytę"))
        #expect(v.fee.polishDescription == "1\u{00A0}250,50\u{00A0}zł za wizytę")
        #expect(v.priorityCriteria == ["osoby samotne", "osoby z orzeczeniem o niepełnosprawności"])
    }

    @Test func moneyParsesPolishWritingAndRefusesNonsense() {
        #expect(Money.parse("12,50") == 1250)
        #expect(Money.parse("12.5") == 1250)
        #expect(Money.parse("12 zł") == 1200)
        #expect(Money.parse("0,05") == 5)
        #expect(Money.parse("12,505") == nil)
        #expect(Money.parse("-3") == nil)
        #expect(Money.parse("dwanaście") == nil)
        #expect(Money.polish(5) == "0,05\u{00A0}zł")
    }

    @Test func programmeNeedsAResolutionToBeAdoptedAndPublicationToBeInForce() throws {
        var p = ProgrammeForm()
        p.title = "Program usług społecznych Gminy Jaśminowo na lata 2026–2028"
        p.periodStart = "2026-01-01"
        p.periodEnd = "2028-12-31"
        #expect(try p.validate().get().end == CalendarDay(iso: "2028-12-31"))
        #expect(p.problems(movingTo: .adopted)["resolutionNumber"] != nil)
        p.resolutionNumber = "XII/123/2025"
        p.resolutionDate = "2025-11-27"
        #expect(p.problems(movingTo: .adopted).isEmpty)
        #expect(p.problems(movingTo: .inForce)["journalReference"] != nil)
        p.periodEnd = "2025-12-31"
        guard case .failure(let errors) = p.validate() else { Issue.record("accepted"); return }
        #expect(errors["periodEnd"]?.contains("wcześniejszy") == true)
        #expect(ProgrammeState.draft.next == [.adopted] && ProgrammeState.expired.next.isEmpty)
    }

    @Test func availabilityInWordsNeverNamesAnyone() {
        #expect(Availability(places: 15, inUse: 12, reserve: 0).polish == "są wolne miejsca (3 miejsca z 15)")
        #expect(Availability(places: 15, inUse: 15, reserve: 4).polish == "brak wolnych miejsc, lista rezerwowa: 4 osoby")
        #expect(Availability(places: 15, inUse: 15, reserve: 5).polish.hasSuffix("5 osób"))
        #expect(Availability(places: 10, inUse: 10, reserve: 0).polish.contains("listę rezerwową"))
        #expect(Availability(places: nil, inUse: 40, reserve: 0).hasFreePlace)
        #expect(!Availability(places: 15, inUse: 14, reserve: 2).hasFreePlace, "free places go to the reserve list first")
        #expect(ServiceArea.allCases.count == 14)
    }
}
