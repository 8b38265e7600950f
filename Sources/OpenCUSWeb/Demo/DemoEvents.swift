import Fluent
import Foundation
import OpenCUSCore

/// Four real events of the CUS network (the II Congress of CUS in Starachowice, 2022, and three
/// others), entered in full from their public programmes. Institutions, places,
/// dates, titles and structure are real; every person's name is invented. Where the source gives
/// no times (events B–D), the times are invented to make a plausible programme.
enum DemoEvents {
    static func load(on db: any Database, organisations ids: [String: UUID], storage: FileStorage) async throws -> Int {
        var created = 0
        for definition in [starachowice, jarocin, opole, zakopane] {
            if try await Event.query(on: db).filter(\.$slug == definition.slug).count() > 0 { continue }
            guard let owner = ids[definition.owner] else { continue }
            let builder = Builder(db: db, owner: owner, organisations: ids, storage: storage)
            try await definition.build(builder)
            created += 1
        }
        return created
    }

    struct Definition: Sendable {
        let slug: String
        let owner: String
        let build: @Sendable (Builder) async throws -> Void
    }

    /// Writes one event and its programme.
    final class Builder: @unchecked Sendable {
        let db: any Database
        let owner: UUID
        let organisations: [String: UUID]
        let storage: FileStorage
        private(set) var event: Event!
        private var positions: [String: Int] = [:]

        init(db: any Database, owner: UUID, organisations: [String: UUID], storage: FileStorage) {
            self.db = db
            self.owner = owner
            self.organisations = organisations
            self.storage = storage
        }

        private func next(_ counter: String) -> Int {
            positions[counter, default: 0] += 1
            return positions[counter]!
        }

        func event(
            slug: String, title: String, kind: EventKind, startDay: String, endDay: String, _ configure: (Event) -> Void
        ) async throws {
            guard let startDay = CalendarDay(iso: startDay), let endDay = CalendarDay(iso: endDay) else {
                throw DemoError(description: "bad demo days \(startDay) – \(endDay)")
            }
            let e = Event(
                organisationID: owner,
                slug: slug,
                title: title,
                kind: kind,
                status: .published,
                startDay: startDay,
                endDay: endDay,
                description: "",
                audience: "",
                aims: "",
                topics: "",
                registrationInfo: ""
            )
            configure(e)
            e.publishedAt = Date()
            try await e.create(on: db)
            event = e
        }

        func organisation(_ role: EventOrganisationRole, _ slugOrName: String) async throws {
            let directory = try await organisations[slugOrName].asyncFlatMap { try await Organisation.find($0, on: db) }
            let link = EventOrganisation(
                organisationID: owner, eventID: try event.requireID(), partnerID: directory?.id,
                name: directory?.name ?? slugOrName, role: role, position: next("org"))
            try await link.create(on: db)
        }

        func room(_ name: String) async throws -> UUID {
            let room = EventRoom(
                organisationID: owner,
                eventID: try event.requireID(),
                name: name,
                position: next("room")
            )
            try await room.create(on: db)
            return try room.requireID()
        }

        func person(_ honorific: String?, _ name: String, _ affiliation: String?, bio: String? = nil) async throws -> UUID {
            let person = EventPerson(
                organisationID: owner,
                eventID: try event.requireID(),
                honorific: honorific,
                name: name,
                affiliation: affiliation,
                bio: bio
            )
            try await person.create(on: db)
            return try person.requireID()
        }

        func group(_ title: String, maxChoices: Int = 1, required: Bool = true) async throws -> UUID {
            let group = ParallelGroup(
                organisationID: owner,
                eventID: try event.requireID(),
                title: title,
                maxChoices: maxChoices,
                choiceRequired: required
            )
            try await group.create(on: db)
            return try group.requireID()
        }

        @discardableResult
        func entry(
            _ day: String, _ start: String, _ end: String?, _ type: AgendaEntryType, _ title: String, room: UUID? = nil,
            place: String? = nil, description: String = "", people: [(UUID, PersonRole)] = [], presenting: [String] = [],
            group: UUID? = nil, capacity: Int? = nil
        ) async throws -> UUID {
            guard let calendarDay = CalendarDay(iso: day), let startTime = TimeOfDay(start),
                case .exact(let startsAt) = WallClock.resolve(day: calendarDay, time: startTime)
            else { throw DemoError(description: "bad demo time \(day) \(start)") }
            var endsAt: Date?
            if let end, let endTime = TimeOfDay(end), case .exact(let exact) = WallClock.resolve(day: calendarDay, time: endTime)
            {
                endsAt = exact
            }
            let entry = AgendaEntry(
                organisationID: owner, eventID: try event.requireID(), startsAt: startsAt, endsAt: endsAt, type: type,
                title: title, description: description, roomID: room, placeNote: place, parallelGroupID: group,
                capacity: capacity)
            try await entry.create(on: db)
            let entryID = try entry.requireID()
            for (index, (person, role)) in people.enumerated() {
                let link = AgendaEntryPerson(
                    organisationID: owner,
                    entryID: entryID,
                    personID: person,
                    role: role,
                    position: index
                )
                try await link.create(on: db)
            }
            for (index, slugOrName) in presenting.enumerated() {
                let directory = try await organisations[slugOrName].asyncFlatMap { try await Organisation.find($0, on: db) }
                let link = AgendaEntryOrganisation(
                    organisationID: owner, entryID: entryID, presenterID: directory?.id, name: directory?.name ?? slugOrName,
                    position: index)
                try await link.create(on: db)
            }
            return entryID
        }

        func attachment(_ title: String, filename: String, bytes: [UInt8]) async throws {
            guard let kind = AttachmentKind.detect(bytes) else {
                throw DemoError(description: "demo file \(filename) not recognised")
            }
            let attachment = EventAttachment(
                organisationID: owner,
                eventID: try event.requireID(),
                title: title,
                filename: AttachmentKind.safeFilename(filename, kind: kind),
                contentType: kind.contentType,
                size: bytes.count,
                storageKey: try storage.save(bytes),
                inReport: false
            )
            try await attachment.create(on: db)
        }
    }

    struct DemoError: Error, CustomStringConvertible {
        let description: String
    }

    // MARK: A. II Kongres CUS — Starachowice, 21–22 June 2022

    static let starachowice = Definition(slug: "ii-kongres-centrow-uslug-spolecznych-2022", owner: "cus-starachowice") { b in
        try await b.event(
            slug: "ii-kongres-centrow-uslug-spolecznych-2022", title: "Kongres Centrów Usług Społecznych", kind: .congress,
            startDay: "2022-06-21", endDay: "2022-06-22"
        ) { e in
            e.series = "kongres-cus"
            e.edition = 2
            e.venueName = "Hotel Europa Business & Spa"
            e.venueStreet = "ul. Radomska 76"
            e.venuePostcode = "27-200"
            e.venueCity = "Starachowice"
            e.voivodeship = .swietokrzyskie
            e.description = """
                Drugi Kongres Centrów Usług Społecznych zbiera doświadczenia gmin, które przekształciły ośrodki pomocy społecznej w **centra usług społecznych**. Pierwsza edycja odbyła się w październiku 2021 r., także w Starachowicach.

                Pierwszego dnia: wykłady, baza dobrych praktyk sześciu CUS i dwa panele. Drugiego dnia: warsztaty do wyboru i informacja o pilotażu CUS.
                """
            e.audience = """
                - parlamentarzyści, Kancelaria Prezydenta RP, ministerstwa,
                - urzędy wojewódzkie i marszałkowskie,
                - dyrektorzy i pracownicy CUS oraz ośrodków pomocy społecznej z całego kraju.
                """
            e.contactName = "Biuro Kongresu (dane demonstracyjne)"
            e.contactEmail = "kongres@cus-starachowice.example"
        }
        try await b.organisation(.organiser, "gmina-starachowice")
        try await b.organisation(.organiser, "cus-starachowice")
        for partner in ["forum-cus", "irpius", "powiat-starachowicki", "koowes"] { try await b.organisation(.partner, partner) }

        let bruksela = try await b.room("Bruksela")
        let europejska = try await b.room("Europejska")
        let warszawa = try await b.room("Warszawa")
        let wieden = try await b.room("Wiedeń")
        let praga = try await b.room("Praga")

        let president = try await b.person(nil, "Marek Wiśniowski", "Prezydent Miasta Starachowice")
        let adviser = try await b.person(
            "dr hab.", "Tadeusz Olszewicz", "doradca Prezydenta RP, przewodniczący rady ds. społecznych",
            bio: "Badacz polityki społecznej, od lat zajmuje się integracją usług społecznych na poziomie lokalnym.")
        let analyst1 = try await b.person(nil, "Joanna Krzemińska", "firma badawcza, ewaluacja programów społecznych")
        let analyst2 = try await b.person(nil, "Piotr Lisowski", "firma badawcza, ewaluacja programów społecznych")
        let deputy = try await b.person(nil, "Ewa Dąbrowiecka", "Zastępca Prezydenta Miasta Starachowice")
        let foundation = try await b.person("dr", "Olena Kowalczuk", "prezes fundacji wspierającej uchodźców")
        let professor = try await b.person("prof.", "Stanisław Rybicki", "Instytut Rozwoju Profesji i Usług Społecznych")
        let expert = try await b.person("dr", "Magdalena Sowińska", "Instytut Rozwoju Profesji i Usług Społecznych")
        let ministry1 = try await b.person(
            nil, "Krzysztof Zaremba", "dyrektor departamentu w ministerstwie właściwym ds. zabezpieczenia społecznego")
        let ministry2 = try await b.person(nil, "Anna Wierzbicka", "pracownik departamentu ministerstwa")
        let trainer1 = try await b.person(nil, "Barbara Jasińska", "trenerka, Instytut Rozwoju Profesji i Usług Społecznych")
        let trainer2 = try await b.person(nil, "Łukasz Pietrzyk", "organizator społeczności lokalnej, trener")
        let trainer3 = try await b.person(nil, "Dorota Walczak", "koordynatorka IPUS, trenerka")

        let d1 = "2022-06-21"
        let d2 = "2022-06-22"
        try await b.entry(d1, "10:00", "11:00", .registration, "Rejestracja uczestników", place: "recepcja hotelu")
        try await b.entry(
            d1, "11:00", "11:15", .opening, "Uroczyste otwarcie Kongresu CUS", room: bruksela, people: [(president, .host)])
        try await b.entry(
            d1, "11:15", "12:00", .lecture, "Rozwój i integracja usług społecznych – doświadczenia CUS", room: bruksela,
            people: [(adviser, .speaker)])
        try await b.entry(
            d1, "12:00", "12:20", .talk,
            "Monitorowanie usług społecznych, narzędzia do oceny skuteczności i efektywności zmiany społecznej",
            room: bruksela, people: [(analyst1, .speaker), (analyst2, .speaker)])
        try await b.entry(
            d1, "12:20", "12:50", .talk, "Wspieranie uchodźców a sytuacja na Ukrainie", room: bruksela,
            people: [(deputy, .speaker), (foundation, .speaker)])
        try await b.entry(d1, "12:50", "13:15", .talk, "Dobre praktyki Norwegii „Aktywni obywatele”", room: bruksela)
        try await b.entry(d1, "13:15", "14:00", .meal, "Przerwa obiadowa")
        try await b.entry(
            d1, "14:00", "16:00", .presentations, "Baza dobrych praktyk Centrów Usług Społecznych", room: bruksela,
            description: "Sześć centrów usług społecznych pokazuje, co działa u nich najlepiej.",
            presenting: ["cus-starachowice", "cus-goleniow", "cus-wiazowna", "cus-belzyce", "cus-czarnkow", "cus-elblag"])
        try await b.entry(d1, "16:00", "16:15", .coffeeBreak, "Przerwa kawowa")
        try await b.entry(
            d1, "16:15", "16:45", .panel, "Rola ROPS we wspieraniu CUS na poziomie lokalnym", room: bruksela,
            people: [(professor, .moderator)],
            presenting: ["rops-kielce", "rops-rzeszow", "rops-lublin", "rops-torun", "rops-szczecin"])
        try await b.entry(
            d1, "16:45", "17:30", .panel, "„Okiem eksperta” – wyzwania i przyszłość CUS", room: bruksela,
            people: [(expert, .moderator)])
        try await b.entry(d1, "18:00", nil, .dinner, "Uroczysta kolacja; koncert", room: europejska)

        let workshops = try await b.group("Warsztaty do wyboru (prowadzi Instytut Rozwoju Profesji i Usług Społecznych)")
        try await b.entry(
            d2, "09:00", "12:00", .workshop, "Zarządzanie usługami społecznymi (powszechność, personalizacja i standaryzacja)",
            room: warszawa, people: [(trainer1, .host)], group: workshops, capacity: 40)
        try await b.entry(
            d2, "09:00", "12:00", .workshop, "Organizowanie Społeczności Lokalnej, działania wspierające usługi społeczne",
            room: wieden, people: [(trainer2, .host)], group: workshops, capacity: 35)
        try await b.entry(
            d2, "09:00", "12:00", .workshop, "Indywidualne plany usług społecznych innowacyjnym narzędziem wsparcia",
            room: praga, people: [(trainer3, .host)], group: workshops, capacity: 35)
        try await b.entry(d2, "12:00", "12:30", .coffeeBreak, "Przerwa kawowa")
        try await b.entry(
            d2, "12:30", "13:30", .talk, "Bieżąca realizacja pilotażu CUS", room: warszawa,
            description: "Wystąpienie przedstawicieli ministerstwa, w tym przedstawicieli innego departamentu.",
            people: [(ministry1, .speaker), (ministry2, .speaker)])
        try await b.entry(
            d2, "13:30", "14:00", .closing, "Podsumowanie II Kongresu CUS", room: warszawa,
            people: [(president, .host), (professor, .moderator), (expert, .moderator)])
        try await b.entry(d2, "14:00", nil, .meal, "Obiad")
    }

    // MARK: B. V Ogólnopolski Kongres CUS, edycja wielkopolsko-lubuska — Jarocin, 10–11 April 2025

    static let jarocin = Definition(slug: "v-ogolnopolski-kongres-cus-jarocin-2025", owner: "rops-poznan") { b in
        try await b.event(
            slug: "v-ogolnopolski-kongres-cus-jarocin-2025", title: "Ogólnopolski Kongres Centrów Usług Społecznych",
            kind: .congress,
            startDay: "2025-04-10", endDay: "2025-04-11"
        ) { e in
            e.series = "ogolnopolski-kongres-cus"
            e.edition = 5
            e.subtitle = "edycja wielkopolsko-lubuska"
            e.motto = "Centra Usług Społecznych jako nośnik zmiany społecznej"
            e.venueCity = "Jarocin"
            e.voivodeship = .wielkopolskie
            e.audience =
                "Pracownicy gmin i powiatów zajmujący się polityką społeczną oraz ich jednostek pomocy społecznej – szczególnie osoby pracujące w wielkopolskich CUS i OPS."
            e.aims = """
                - podsumowanie doświadczeń przekształcania OPS w CUS,
                - zachęcenie kolejnych ośrodków pomocy społecznej do przekształcenia w CUS.
                """
            e.topics = """
                - dalszy rozwój usług społecznych,
                - innowacje w centrach usług społecznych,
                - budowanie wspólnot lokalnych.
                """
            e.registrationInfo = "Udział wymaga wcześniejszej rejestracji przez formularz online."
            e.fundingProject = "Rozwój Wielkopolskiej Sieci Centrów Usług Społecznych"
            e.fundingProgramme = "Fundusze Europejskie dla Wielkopolski 2021–2027"
            e.fundingFunds = "Europejski Fundusz Społeczny Plus"
            e.fundingStatement =
                "Kongres jest współfinansowany przez Unię Europejską ze środków Europejskiego Funduszu Społecznego Plus (za pośrednictwem Województwa Wielkopolskiego – Regionalnego Ośrodka Polityki Społecznej w Poznaniu) oraz z budżetu samorządu województwa."
            e.contactName = "Zespół ds. sieci CUS (dane demonstracyjne)"
            e.contactEmail = "kongres@rops-poznan.example"
        }
        for organiser in ["rops-poznan", "rops-zielona-gora", "gmina-jarocin", "krajowe-forum-cus"] {
            try await b.organisation(.organiser, organiser)
        }
        try await b.organisation(.funder, "Województwo Wielkopolskie")
        let hall = try await b.room("Sala główna")
        let small = try await b.room("Sala warsztatowa")
        let director = try await b.person(nil, "Grażyna Borowska", "dyrektor Regionalnego Ośrodka Polityki Społecznej w Poznaniu")
        let director2 = try await b.person(
            nil, "Henryk Zalewicz", "dyrektor Regionalnego Ośrodka Polityki Społecznej w Zielonej Górze")
        let mayor = try await b.person(nil, "Adam Rogalski", "Burmistrz Jarocina")
        let cusDirector = try await b.person(
            nil, "Iwona Szymczak", "dyrektor centrum usług społecznych, członkini Krajowego Forum CUS")
        let researcher = try await b.person("dr", "Paweł Grabowiecki", "badacz usług społecznych")
        let organiser = try await b.person(nil, "Monika Urbaniak", "organizatorka społeczności lokalnej")
        try await b.entry("2025-04-10", "10:00", "10:30", .registration, "Rejestracja uczestników", place: "hol")
        try await b.entry(
            "2025-04-10", "10:30", "11:00", .opening, "Otwarcie Kongresu", room: hall,
            people: [(director, .host), (director2, .host), (mayor, .host)])
        try await b.entry(
            "2025-04-10", "11:00", "12:30", .panel, "Od OPS do CUS – doświadczenia transformacji", room: hall,
            people: [(cusDirector, .panelist), (researcher, .moderator)])
        try await b.entry("2025-04-10", "12:30", "13:30", .meal, "Przerwa obiadowa")
        try await b.entry(
            "2025-04-10", "13:30", "15:00", .debate, "Dalszy rozwój usług społecznych", room: hall,
            people: [(researcher, .moderator)])
        try await b.entry(
            "2025-04-10", "15:15", "16:30", .presentations, "Innowacje w centrach usług społecznych", room: hall,
            presenting: ["cus-czarnkow", "cus-starachowice"])
        try await b.entry(
            "2025-04-11", "09:00", "11:00", .workshop, "Budowanie wspólnot lokalnych", room: small, people: [(organiser, .host)])
        try await b.entry(
            "2025-04-11", "11:15", "12:30", .panel, "Dlaczego warto przekształcić OPS w CUS?", room: hall,
            people: [(cusDirector, .panelist), (director, .moderator)])
        try await b.entry(
            "2025-04-11", "12:30", "13:00", .closing, "Podsumowanie Kongresu", room: hall, people: [(director, .host)])
    }

    // MARK: C. Information and education meeting — ROPS Opole, 27 April 2023

    static let opole = Definition(slug: "cus-zintegrowany-system-uslug-opole-2023", owner: "rops-opole") { b in
        try await b.event(
            slug: "cus-zintegrowany-system-uslug-opole-2023",
            title: "Centrum Usług Społecznych jako zintegrowany system usług społecznych na poziomie lokalnym",
            kind: .informationMeeting,
            startDay: "2023-04-27", endDay: "2023-04-27"
        ) { e in
            e.subtitle = "spotkanie informacyjno-edukacyjne"
            e.venueName = "Regionalny Ośrodek Polityki Społecznej w Opolu"
            e.venueCity = "Opole"
            e.voivodeship = .opolskie
            e.aims =
                "Promocja centrum usług społecznych jako kluczowego elementu zmiany systemowej: rozwijania i koordynowania lokalnych usług społecznych dla wszystkich mieszkańców gminy."
            e.audience = "Przedstawiciele samorządów gminnych i ich jednostek, które planują utworzenie CUS."
            e.description =
                "Dobre praktyki przedstawią **Gogolin** – pierwsza gmina w województwie opolskim, która uruchomiła CUS – oraz **Tarnów**, miasto, które utworzyło CUS bez środków unijnych."
            e.registrationInfo = """
                Udział jest bezpłatny. Warunkiem udziału jest wypełnienie formularza zgłoszeniowego i przesłanie go do ROPS wyłącznie pocztą elektroniczną do 20 kwietnia 2023 r.

                Zarejestrowane osoby otrzymają potwierdzenie e-mailem. W razie pytań prosimy o kontakt telefoniczny.
                """
            e.fundingProject = "Kooperacje 3D – model wielosektorowej współpracy na rzecz wsparcia osób i rodzin"
            e.fundingProgramme = "Program Operacyjny Wiedza Edukacja Rozwój 2014–2020"
            e.fundingFunds = "Europejski Fundusz Społeczny"
            e.fundingStatement =
                "Spotkanie jest współfinansowane ze środków Unii Europejskiej w ramach Europejskiego Funduszu Społecznego."
            e.contactName = "Dział szkoleń ROPS w Opolu (dane demonstracyjne)"
            e.contactEmail = "szkolenia@rops-opole.example"
            e.contactPhone = "+48 77 000 00 00"
        }
        try await b.organisation(.organiser, "rops-opole")
        let hall = try await b.room("Sala konferencyjna")
        let director = try await b.person(nil, "Renata Kubacka", "dyrektor Regionalnego Ośrodka Polityki Społecznej w Opolu")
        let expert = try await b.person(nil, "Jerzy Malinowicz", "ekspert ds. usług społecznych")
        let gogolin = try await b.person(nil, "Alicja Ptaszyńska", "dyrektor Centrum Usług Społecznych w Gogolinie")
        let tarnow = try await b.person(nil, "Wojciech Sadowy", "dyrektor Centrum Usług Społecznych w Tarnowie")
        let day = "2023-04-27"
        try await b.entry(day, "10:00", "10:30", .registration, "Rejestracja uczestników i kawa powitalna", place: "hol")
        try await b.entry(day, "10:30", "10:45", .opening, "Powitanie uczestników", room: hall, people: [(director, .host)])
        try await b.entry(
            day, "10:45", "11:45", .lecture,
            "CUS jako zintegrowany system usług społecznych – założenia ustawy z 19 lipca 2019 r.",
            room: hall, people: [(expert, .speaker)])
        try await b.entry(day, "11:45", "12:00", .coffeeBreak, "Przerwa kawowa")
        try await b.entry(
            day, "12:00", "13:15", .presentations, "Dobre praktyki: Gogolin i Tarnów", room: hall,
            people: [(gogolin, .presenter), (tarnow, .presenter)], presenting: ["cus-gogolin", "cus-tarnow"])
        try await b.entry(day, "13:15", "13:45", .debate, "Pytania i dyskusja", room: hall, people: [(expert, .moderator)])
        try await b.entry(day, "13:45", "14:00", .closing, "Podsumowanie spotkania", room: hall, people: [(director, .host)])
        try await b.attachment(
            "Program spotkania", filename: "program-spotkania-27-04-2023.pdf",
            bytes: DemoFiles.pdf(lines: [
                "Centrum Uslug Spolecznych jako zintegrowany system uslug spolecznych na poziomie lokalnym",
                "Spotkanie informacyjno-edukacyjne, Opole, 27 kwietnia 2023", "",
                "10:00 Rejestracja uczestnikow", "10:30 Powitanie", "10:45 Wyklad: zalozenia ustawy",
                "12:00 Dobre praktyki: Gogolin i Tarnow", "13:15 Dyskusja", "13:45 Podsumowanie", "",
                "(dokument demonstracyjny)",
            ]))
        try await b.attachment(
            "Formularz zgłoszeniowy z klauzulą informacyjną RODO", filename: "formularz-zgłoszeniowy.docx",
            bytes: DemoFiles.docx(paragraphs: [
                "Formularz zgłoszeniowy – spotkanie informacyjno-edukacyjne, 27 kwietnia 2023 r.",
                "Imię i nazwisko: ............................", "Instytucja: ............................",
                "Stanowisko: ............................", "E-mail: ............................",
                "Telefon: ............................",
                "Klauzula informacyjna RODO: Administratorem danych osobowych jest Regionalny Ośrodek Polityki Społecznej w Opolu. Dane są przetwarzane w celu organizacji spotkania (dokument demonstracyjny).",
                "Formularz należy przesłać pocztą elektroniczną do 20 kwietnia 2023 r.",
            ]))
    }

    // MARK: D. X Jubilee Conference "Oczekiwania na NOWE w pomocy społecznej" — Zakopane, 13–15 June 2024

    static let zakopane = Definition(slug: "x-konferencja-oczekiwania-na-nowe-zakopane-2024", owner: "razem") { b in
        try await b.event(
            slug: "x-konferencja-oczekiwania-na-nowe-zakopane-2024",
            title: "Jubileuszowa Konferencja „Oczekiwania na NOWE w pomocy społecznej”", kind: .conference,
            startDay: "2024-06-13", endDay: "2024-06-15"
        ) { e in
            e.series = "konferencja-razem"
            e.edition = 10
            e.venueCity = "Zakopane"
            e.voivodeship = .malopolskie
            e.topics = "Deinstytucjonalizacja usług społecznych."
            e.description =
                "Jubileuszowa, dziesiąta konferencja Stowarzyszenia „RAZEM”. Zakończenie: podsumowanie, dyskusja, wnioski i wręczenie zaświadczeń uczestnikom."
            e.contactName = "Biuro Stowarzyszenia (dane demonstracyjne)"
            e.contactEmail = "konferencja@razem.example"
        }
        try await b.organisation(.organiser, "razem")
        let hall = try await b.room("Sala konferencyjna")
        let president = try await b.person(nil, "Zofia Leśniewska", "prezes Stowarzyszenia „RAZEM”")
        let lawyer = try await b.person(nil, "Rafał Nowacki", "radca prawny")
        let ropsTrainer = try await b.person(
            nil, "Elżbieta Kruk", "regionalny ośrodek polityki społecznej, koordynatorka planu deinstytucjonalizacji")
        let moderator = try await b.person(nil, "Bogdan Czerwiński", "członek zarządu Stowarzyszenia „RAZEM”")
        try await b.entry("2024-06-13", "14:00", "15:00", .registration, "Rejestracja uczestników", place: "recepcja")
        try await b.entry(
            "2024-06-13", "15:00", "15:30", .opening, "Otwarcie konferencji", room: hall, people: [(president, .host)])
        try await b.entry(
            "2024-06-13", "15:30", "17:00", .lecture, "Wykład inauguracyjny: nowelizacja ustawy o pomocy społecznej", room: hall,
            people: [(lawyer, .speaker)])
        try await b.entry("2024-06-13", "17:00", "18:00", .debate, "Dyskusja", room: hall, people: [(moderator, .moderator)])
        try await b.entry("2024-06-13", "19:00", nil, .dinner, "Kolacja jubileuszowa", room: hall)
        try await b.entry(
            "2024-06-14", "09:30", "12:30", .presentations, "MOPS, GOPS, CUS – dobre praktyki", room: hall,
            description: "Sesja wymiany doświadczeń między ośrodkami.", people: [(moderator, .moderator)])
        try await b.entry("2024-06-14", "12:30", "13:30", .meal, "Obiad")
        try await b.entry(
            "2024-06-14", "13:30", "15:30", .presentations, "Lokalne plany deinstytucjonalizacji – szkolenie online",
            place: "online (transmisja w sali konferencyjnej)", people: [(ropsTrainer, .presenter)])
        try await b.entry(
            "2024-06-15", "09:30", "11:00", .closing, "Podsumowanie, dyskusja, wnioski i wręczenie zaświadczeń", room: hall,
            people: [(president, .host), (moderator, .moderator)])
    }
}
