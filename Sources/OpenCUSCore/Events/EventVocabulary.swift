/// The kinds of events in the CUS world (congresses, information-education meetings of ROPS, …).
public enum EventKind: String, Sendable, Codable, CaseIterable {
    case congress, conference, informationMeeting = "information_meeting", training, workshop, webinar

    public var polishName: String {
        switch self {
        case .congress: "Kongres"
        case .conference: "Konferencja"
        case .informationMeeting: "Spotkanie informacyjno-edukacyjne"
        case .training: "Szkolenie"
        case .workshop: "Warsztaty"
        case .webinar: "Webinarium"
        }
    }
}

/// Draft → published → (cancelled | archived). Only published and cancelled events are public;
/// a draft never leaks through any public path.
public enum EventStatus: String, Sendable, Codable, CaseIterable {
    case draft, published, cancelled, archived

    public var polishName: String {
        switch self {
        case .draft: "szkic"
        case .published: "opublikowane"
        case .cancelled: "odwołane"
        case .archived: "w archiwum"
        }
    }

    public var isPublic: Bool { self != .draft }
}

public enum AgendaEntryType: String, Sendable, Codable, CaseIterable {
    case registration, opening, lecture, talk, panel, debate, presentations, workshop, breakTime = "break",
        coffeeBreak = "coffee_break", meal, dinner, concert, closing, other

    public var polishName: String {
        switch self {
        case .registration: "Rejestracja"
        case .opening: "Otwarcie"
        case .lecture: "Wykład"
        case .talk: "Wystąpienie"
        case .panel: "Panel dyskusyjny"
        case .debate: "Debata"
        case .presentations: "Prezentacje"
        case .workshop: "Warsztat"
        case .breakTime: "Przerwa"
        case .coffeeBreak: "Przerwa kawowa"
        case .meal: "Posiłek"
        case .dinner: "Kolacja"
        case .concert: "Koncert"
        case .closing: "Zakończenie"
        case .other: "Inne"
        }
    }

    /// Breaks and meals need no speakers and are shown quieter in the programme.
    public var isBreak: Bool { [.breakTime, .coffeeBreak, .meal, .dinner].contains(self) }
}

/// How an organisation takes part in an event.
public enum EventOrganisationRole: String, Sendable, Codable, CaseIterable {
    case organiser, coOrganiser = "co_organiser", partner, patron, funder

    public var polishName: String {
        switch self {
        case .organiser: "Organizator"
        case .coOrganiser: "Współorganizator"
        case .partner: "Partner"
        case .patron: "Patronat"
        case .funder: "Finansowanie"
        }
    }

    public var polishPlural: String {
        switch self {
        case .organiser: "Organizatorzy"
        case .coOrganiser: "Współorganizatorzy"
        case .partner: "Partnerzy"
        case .patron: "Patronat"
        case .funder: "Finansowanie"
        }
    }
}

/// A person's part in one agenda entry.
public enum PersonRole: String, Sendable, Codable, CaseIterable {
    case speaker, moderator, panelist, presenter, host

    public var polishName: String {
        switch self {
        case .speaker: "Prelegent"
        case .moderator: "Moderator"
        case .panelist: "Panelista"
        case .presenter: "Prezentujący"
        case .host: "Prowadzący"
        }
    }
}
