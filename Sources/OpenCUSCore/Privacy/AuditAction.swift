/// What a staff member (or the system) did, as recorded in the audit trail. The raw values are
/// stored and hashed: never rename one that has landed.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case view
    case list
    case search
    case create
    case update
    case delete
    case export
    case print
    case message
    case login
    case loginFailed = "login_failed"
    case logout
    case permissionDenied = "permission_denied"
    case passwordChanged = "password_changed"
    case passwordResetRequested = "password_reset_requested"
    case passwordReset = "password_reset"
    case twoFactorEnabled = "two_factor_enabled"
    case twoFactorDisabled = "two_factor_disabled"
    case sessionRevoked = "session_revoked"
    case anonymise
    case retention

    public var polishName: String {
        switch self {
        case .view: "wyświetlenie"
        case .list: "lista"
        case .search: "wyszukiwanie"
        case .create: "utworzenie"
        case .update: "zmiana"
        case .delete: "usunięcie"
        case .export: "eksport"
        case .print: "wydruk"
        case .message: "wysyłka e-maili"
        case .login: "logowanie"
        case .loginFailed: "nieudane logowanie"
        case .logout: "wylogowanie"
        case .permissionDenied: "odmowa dostępu"
        case .passwordChanged: "zmiana hasła"
        case .passwordResetRequested: "zlecenie resetu hasła"
        case .passwordReset: "ustawienie hasła z linku"
        case .twoFactorEnabled: "włączenie logowania dwuskładnikowego"
        case .twoFactorDisabled: "wyłączenie logowania dwuskładnikowego"
        case .sessionRevoked: "zakończenie sesji"
        case .anonymise: "anonimizacja"
        case .retention: "retencja (zadanie automatyczne)"
        }
    }

    /// Reads leave a trace of what was shown; changes of personal data carry the changed values.
    public var isRead: Bool { [.view, .list, .search, .export, .print].contains(self) }
}

/// Kinds of records the audit trail refers to. Raw values are stored and hashed.
public enum AuditRecordType: String, Sendable, Codable, CaseIterable {
    case registration
    case registrationList = "registration_list"
    case dataSubject = "data_subject"
    case user
    case session
    case auditTrail = "audit_trail"
    case retentionRule = "retention_rule"
    case programme
    case serviceDefinition = "service_definition"
    case application
    case person
    case decision
    case plan = "ipus_plan"
    case certificate
    case attendanceList = "attendance_list"
    case organisation
    case consultation
    case consultationComment = "consultation_comment"
    case diagnosis
    case survey
    case surveyResponse = "survey_response"
    case activity
    case volunteer
    case partner
    case communityPlan = "community_plan"
    case insightSettings = "insight_settings"
    case yearlyDocument = "yearly_document"
    case manualIndicator = "manual_indicator"

    public var polishName: String {
        switch self {
        case .registration: "zgłoszenie na wydarzenie"
        case .registrationList: "lista zgłoszeń"
        case .dataSubject: "osoba (dane osobowe)"
        case .user: "konto pracownika"
        case .session: "sesja"
        case .auditTrail: "dziennik zdarzeń"
        case .retentionRule: "reguła retencji"
        case .programme: "program usług społecznych"
        case .serviceDefinition: "usługa w programie"
        case .application: "wniosek o usługi"
        case .person: "osoba (rejestr mieszkańców)"
        case .decision: "decyzja odmowna"
        case .plan: "indywidualny plan usług społecznych (IPUS)"
        case .certificate: "zaświadczenie o udziale"
        case .attendanceList: "lista obecności"
        case .organisation: "profil organizacji"
        case .consultation: "konsultacje społeczne"
        case .consultationComment: "uwaga w konsultacjach"
        case .diagnosis: "diagnoza potrzeb i potencjału"
        case .survey: "ankieta dla mieszkańców"
        case .surveyResponse: "wypełniona ankieta"
        case .activity: "działanie wspierające"
        case .volunteer: "wolontariusz"
        case .partner: "partner centrum"
        case .communityPlan: "plan organizowania społeczności lokalnej"
        case .insightSettings: "ustawienia wskaźników i publikacji"
        case .yearlyDocument: "dokument roczny (sprawozdanie, ocena programu, OZPS)"
        case .manualIndicator: "wskaźnik własny centrum i jego wartości"
        }
    }
}
