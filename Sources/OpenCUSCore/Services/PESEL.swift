/// The Polish national identification number: 11 digits, the date of birth encoded in the first
/// six (the month carries the century: +80 for 1800s, +0 for 1900s, +20 for 2000s, +40 for
/// 2100s, +60 for 2200s), a serial whose last digit is odd for men, and a check digit with the
/// weights 1-3-7-9. Optional for universal services; validated whenever it is given.
public struct PESEL: Sendable, Equatable, CustomStringConvertible {
    public let value: String
    public let birthDate: CalendarDay

    public enum Problem: Error, Sendable, Equatable {
        case format
        case checksum
        case date
        case differsFromBirthDate(CalendarDay)

        public var polishMessage: String {
            switch self {
            case .format: "PESEL ma 11 cyfr. Sprawdź, czy nie brakuje cyfry lub nie wpisano spacji w środku."
            case .checksum: "Ten numer PESEL ma błędną cyfrę kontrolną — sprawdź, czy wszystkie cyfry są przepisane poprawnie."
            case .date: "Ten numer PESEL nie zawiera poprawnej daty urodzenia. Sprawdź pierwsze sześć cyfr."
            case .differsFromBirthDate(let day):
                "PESEL wskazuje datę urodzenia \(day.polish), a podano inną. Popraw numer albo datę."
            }
        }
    }

    static let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]

    public var description: String { value }

    /// Validates `text` (spaces around are ignored) and, when given, its agreement with the date of birth.
    public static func parse(_ text: String, birthDate: CalendarDay? = nil) -> Result<PESEL, Problem> {
        let digits = text.trimmingCharacters(in: .whitespaces)
        guard digits.count == 11, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.format) }
        let d = digits.compactMap { $0.wholeNumberValue }
        let sum = zip(d.prefix(10), weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard (10 - sum % 10) % 10 == d[10] else { return .failure(.checksum) }
        var month = d[2] * 10 + d[3]
        let century: Int
        switch month {
        case 81...92: century = 1800; month -= 80
        case 1...12: century = 1900
        case 21...32: century = 2000; month -= 20
        case 41...52: century = 2100; month -= 40
        case 61...72: century = 2200; month -= 60
        default: return .failure(.date)
        }
        guard let day = CalendarDay(year: century + d[0] * 10 + d[1], month: month, day: d[4] * 10 + d[5]) else {
            return .failure(.date)
        }
        if let birthDate, birthDate != day { return .failure(.differsFromBirthDate(day)) }
        return .success(PESEL(value: digits, birthDate: day))
    }
}
