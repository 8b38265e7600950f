import Foundation
import Testing

@testable import OpenCUSCore

/// The centre's own indicators: their forms' rules and how their values are shown.
@Suite struct ManualIndicatorTests {
    static let months = InsightPeriod.trailing(12, .month, endingWith: CalendarDay(iso: "2026-11-18")!)

    @Test func numbersAreReadAsTypedInPoland() {
        #expect(TextInput.decimal("12,5") == 12.5)
        #expect(TextInput.decimal(" 12 480 ") == 12480)
        #expect(TextInput.decimal("12\u{00A0}480,25") == 12480.25)
        #expect(TextInput.decimal("1e3") == nil, "no exponents typed by accident")
        #expect(TextInput.decimal("nan") == nil)
        #expect(TextInput.decimal("") == nil)
        #expect(TextInput.decimal("12,5 %") == nil)
    }

    @Test func aDefinitionNeedsANameADescriptionAndASensibleTarget() throws {
        func errors(_ f: ManualIndicatorForm) -> FieldErrors {
            if case .failure(let e) = f.validate() { return e }
            return FieldErrors()
        }
        var f = ManualIndicatorForm(name: "", description: "", unit: "liters", direction: "up", target: "abc")
        var e = errors(f)
        for field in ["name", "description", "unit", "direction", "target"] { #expect(e[field] != nil, "\(field)") }
        f = ManualIndicatorForm(name: "Odsetek", description: "opis", unit: "percent", target: "120")
        e = errors(f)
        #expect(e["target"] == "Odsetek to najwyżej 100.")
        f = ManualIndicatorForm(name: String(repeating: "a", count: 201), description: "opis")
        #expect(errors(f)["name"] == "Najwyżej 200 znaków (jest 201).")
        // "Counts people" holds only for a count.
        let share = ManualIndicatorForm(name: "Odsetek", description: "opis", unit: "percent", target: "75,5", countsPeople: true)
        #expect(
            try share.validate().get()
                == .init(
                    name: "Odsetek", description: "opis", unit: .percent, direction: .higher, target: 75.5, countsPeople: false))
        #expect(ManualIndicatorForm.code(3) == "WŁ-03" && ManualIndicatorForm.code(12) == "WŁ-12")
    }

    @Test func aValueIsForOneOfTheLastTwelveMonthsWithItsSource() throws {
        func errors(_ f: ManualValueForm, _ unit: IndicatorDefinition.Unit = .count) -> FieldErrors {
            if case .failure(let e) = f.validate(unit: unit, months: Self.months) { return e }
            return FieldErrors()
        }
        #expect(errors(.init(month: "2025-11", value: "3", source: "x"))["month"] != nil, "thirteen months back")
        #expect(errors(.init(month: "2026-10", value: "2,5", source: "x"))["value"] == "Liczba musi być całkowita, np. 14.")
        #expect(errors(.init(month: "2026-10", value: "-1", source: "x"))["value"] == "Wartość nie może być ujemna.")
        #expect(errors(.init(month: "2026-10", value: "101", source: "x"), .percent)["value"] == "Odsetek to najwyżej 100.")
        #expect(errors(.init(month: "2026-10", value: "", source: ""))["source"] != nil)
        let valid = try ManualValueForm(month: "2026-10", value: "12,5", source: " lista\u{0007} obecności ").validate(
            unit: .hours, months: Self.months
        ).get()
        #expect(valid.month.key == "2026-10" && valid.value == 12.5 && valid.source == "lista obecności")
    }

    @Test func aCountOfPeopleUnderTheThresholdIsNotShown() {
        let people = ManualIndicatorShape(unit: .count, countsPeople: true)
        #expect(people.display(3, rule: .standard) == "<5")
        #expect(people.display(0, rule: .standard) == "0")
        #expect(people.display(14, rule: .standard) == "14")
        #expect(people.display(nil, rule: .standard) == "—")
        #expect(ManualIndicatorShape(unit: .count, countsPeople: false).display(3, rule: .standard) == "3")
        #expect(ManualIndicatorShape(unit: .hours, countsPeople: false).display(12.25, rule: .standard) == "12,3 godz.")
    }
}
