import Testing

@testable import OpenCUSCore

@Suite struct PolishPluralTests {
    @Test(arguments: [
        (0, "0 miejsc"), (1, "1 miejsce"), (2, "2 miejsca"), (3, "3 miejsca"), (4, "4 miejsca"), (5, "5 miejsc"),
        (11, "11 miejsc"), (12, "12 miejsc"), (14, "14 miejsc"), (21, "21 miejsc"), (22, "22 miejsca"),
        (24, "24 miejsca"), (25, "25 miejsc"), (101, "101 miejsc"), (102, "102 miejsca"), (112, "112 miejsc"),
        (1_000_003, "1000003 miejsca"),
    ])
    func placeForms(count: Int, expected: String) {
        #expect(PolishPlural.place.phrase(count) == expected)
    }

    @Test(arguments: [
        (1, "zostało 1 miejsce"), (3, "zostały 3 miejsca"), (5, "zostało 5 miejsc"), (12, "zostało 12 miejsc"),
        (22, "zostały 22 miejsca"), (25, "zostało 25 miejsc"), (0, "brak wolnych miejsc"),
    ])
    func placesLeftAgreesWithTheNumber(count: Int, expected: String) {
        // The verb agrees too: "zostały 3 miejsca" (the "zostało 3 miejsca" is the
        // colloquial form; the form for 2–4 is plural).
        #expect(PolishPlural.placesLeft(count) == expected)
    }

    @Test func minutesInWaitMessage() {
        #expect(
            LoginThrottlePolicy.polishWaitMessage(60) == "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 1 minutę.")
        #expect(LoginThrottlePolicy.polishWaitMessage(130).hasSuffix("za 3 minuty."))
        #expect(LoginThrottlePolicy.polishWaitMessage(14 * 60 + 1).hasSuffix("za 15 minut."))
        #expect(LoginThrottlePolicy.polishWaitMessage(5).hasSuffix("za 1 minutę."))
    }
}
