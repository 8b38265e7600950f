import Foundation
import OpenCUSCore
import Vapor

/// The organiser's registration settings form, parsed and validated.
struct RegistrationSettingsForm: Content {
    var enabled: String?
    var mode: String?
    var capacity: String?
    var opensDay: String?
    var opensTime: String?
    var closesDay: String?
    var closesTime: String?
    var modifyDay: String?
    var modifyTime: String?
    var waitlistEnabled: String?
    var promotionMode: String?
    var offerHours: String?
    var askDietary: String?
    var askAccessibility: String?
    var askDinner: String?
    var reminderDays: String?
    var consentText: String?

    struct Valid {
        let enabled: Bool
        let mode: RegistrationMode
        let capacity: Int?
        let opensAt: Date?
        let closesAt: Date?
        let modifyUntil: Date?
        let waitlistEnabled: Bool
        let promotionMode: PromotionMode
        let offerHours: Int
        let askDietary: Bool
        let askAccessibility: Bool
        let askDinner: Bool
        let reminderDays: Int?
        let consentText: String
    }

    static func flag(_ value: String?) -> Bool { value == "on" || value == "true" }

    func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        func instant(_ dayField: String, _ day: String?, _ time: String?) -> Date? {
            let dayText = TextInput.clean(day)
            guard !dayText.isEmpty else { return nil }
            guard let parsedDay = CalendarDay(iso: dayText) else {
                errors.add(dayField, "Podaj datę w formacie RRRR-MM-DD.")
                return nil
            }
            let timeText = TextInput.clean(time).isEmpty ? "00:00" : TextInput.clean(time)
            guard let parsedTime = TimeOfDay(timeText) else {
                errors.add(dayField, "Podaj godzinę w formacie GG:MM.")
                return nil
            }
            switch WallClock.resolve(day: parsedDay, time: parsedTime) {
            case .exact(let d): return d
            case .ambiguous(let first, _): return first
            case .nonexistent:
                errors.add(dayField, "Godzina \(parsedTime) nie istnieje \(parsedDay.polish) (zmiana czasu). Wybierz inną.")
                return nil
            }
        }
        let mode =
            RegistrationMode(rawValue: mode ?? "")
            ?? {
                errors.add("mode", "Wybierz tryb potwierdzania."); return .automatic
            }()
        var places: Int?
        let capacityText = TextInput.clean(capacity)
        if !capacityText.isEmpty {
            if let value = Int(capacityText), (1...100_000).contains(value) {
                places = value
            } else {
                errors.add("capacity", "Liczba miejsc to liczba od 1 do 100 000, albo puste pole (bez limitu).")
            }
        }
        let opens = instant("opensDay", opensDay, opensTime)
        let closes = instant("closesDay", closesDay, closesTime)
        if let opens, let closes, closes <= opens { errors.add("closesDay", "Koniec rejestracji musi być po jej rozpoczęciu.") }
        let modify = instant("modifyDay", modifyDay, modifyTime)
        let promotion = PromotionMode(rawValue: promotionMode ?? "") ?? .automatic
        var hours = 48
        let hoursText = TextInput.clean(offerHours)
        if !hoursText.isEmpty {
            if let value = Int(hoursText), (1...336).contains(value) {
                hours = value
            } else {
                errors.add("offerHours", "Czas na potwierdzenie to od 1 do 336 godzin (14 dni).")
            }
        }
        var reminder: Int?
        let reminderText = TextInput.clean(reminderDays)
        if !reminderText.isEmpty {
            if let value = Int(reminderText), (1...60).contains(value) {
                reminder = value
            } else {
                errors.add(
                    "reminderDays", "Przypomnienie wysyłamy od 1 do 60 dni przed wydarzeniem; puste pole – bez przypomnienia.")
            }
        }
        let clause = TextInput.clean(consentText, multiline: true)
        if clause.count < 50 {
            errors.add(
                "consentText",
                "Wpisz treść klauzuli informacyjnej RODO (administrator, cel i podstawa przetwarzania, prawa osoby).")
        }
        if clause.count > 20_000 { errors.add("consentText", "Klauzula jest za długa: najwyżej 20 000 znaków.") }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(
            Valid(
                enabled: Self.flag(enabled), mode: mode, capacity: places, opensAt: opens, closesAt: closes, modifyUntil: modify,
                waitlistEnabled: Self.flag(waitlistEnabled), promotionMode: promotion, offerHours: hours,
                askDietary: Self.flag(askDietary),
                askAccessibility: Self.flag(askAccessibility), askDinner: Self.flag(askDinner), reminderDays: reminder,
                consentText: clause))
    }

    static func from(_ settings: RegistrationSettings?, consent: ConsentText?) -> RegistrationSettingsForm {
        func split(_ date: Date?) -> (String?, String?) {
            guard let date else { return (nil, nil) }
            let local = WallClock.local(date)
            return (local.day.iso, local.time.description)
        }
        let (od, ot) = split(settings?.opensAt)
        let (cd, ct) = split(settings?.closesAt)
        let (md, mt) = split(settings?.modifyUntil)
        return RegistrationSettingsForm(
            enabled: (settings?.enabled ?? false) ? "on" : nil,
            mode: settings?.mode.rawValue ?? RegistrationMode.automatic.rawValue,
            capacity: settings?.capacity.map(String.init), opensDay: od, opensTime: ot, closesDay: cd, closesTime: ct,
            modifyDay: md, modifyTime: mt,
            waitlistEnabled: (settings?.waitlistEnabled ?? true) ? "on" : nil,
            promotionMode: settings?.promotionMode.rawValue ?? PromotionMode.automatic.rawValue,
            offerHours: String(settings?.offerHours ?? 48), askDietary: (settings?.askDietary ?? true) ? "on" : nil,
            askAccessibility: (settings?.askAccessibility ?? true) ? "on" : nil,
            askDinner: (settings?.askDinner ?? false) ? "on" : nil,
            reminderDays: settings?.reminderDays.map(String.init) ?? "", consentText: consent?.text ?? defaultClause)
    }

    static let defaultClause = """
        Administratorem Twoich danych osobowych jest organizator wydarzenia wskazany na stronie wydarzenia. Dane (imię, nazwisko, adres e-mail, telefon, instytucja, stanowisko, odpowiedzi z formularza) przetwarzamy w celu organizacji wydarzenia, kontaktu z uczestnikami i rozliczenia projektu, na podstawie art. 6 ust. 1 lit. b i c RODO; informacje o potrzebach zdrowotnych i dostępności – na podstawie Twojej zgody (art. 9 ust. 2 lit. a RODO).

        Dane przechowujemy przez czas wymagany przepisami o rozliczaniu projektu, a następnie je usuwamy lub anonimizujemy. Masz prawo dostępu do danych, ich sprostowania, usunięcia lub ograniczenia przetwarzania, prawo sprzeciwu oraz prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych. Podanie danych jest dobrowolne, ale niezbędne do udziału w wydarzeniu.
        """
}
