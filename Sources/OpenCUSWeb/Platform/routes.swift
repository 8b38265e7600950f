import Vapor

/// The route table: every controller is registered here, by feature (no controller registers
/// another). Public pages first, then the staff panel behind `StaffOnlyMiddleware`.
func routes(_ app: Application) throws {
    HealthController.register(app)
    HomeController.register(app)
    AccessController.register(app)
    PublicEventsController.register(app)
    ReportController.registerPublic(app)
    ParticipantAfterController.register(app)
    EventJSON.register(app)
    PublicRegistrationController.register(app)
    PublicRegistrationController.registerDone(app)
    RegistrationAPI.register(app)
    PublicCatalogueController.register(app)
    PublicApplicationController.register(app)

    let panel = app.grouped("panel").grouped(StaffOnlyMiddleware())
    PanelController.register(panel)
    AccessController.registerStaff(panel)
    AccountController.register(panel)
    PasswordReset.register(public: app, panel: panel)
    OutboxController.register(panel)
    AccessibilityController.register(public: app, panel: panel)

    // Events: the organiser's pages move the event's version after every change (the public
    // page cache is keyed by it); the desk writes only attendance and walk-ins, so its routes
    // stay outside, and a busy desk does not invalidate the public page on every mark.
    let events = panel.grouped("events").grouped(EventAdminController.TouchEventMiddleware())
    EventAdminController.register(events)
    RegistrationAdminController.register(events)
    let desk = panel.grouped("events")
    CheckInController.register(desk, panel: panel)
    AttendanceListController.register(desk)
    CertificateController.register(panel, events: events)
    ReportController.register(events)
    SurveyController.register(events)
    ThanksMailer.register(events)

    // Privacy: the audit trail, data subjects, retention.
    AuditController.register(panel)
    PrivacyController.register(panel)
    RetentionController.register(panel.grouped("privacy"))

    // Services: programme, intake, casework, persons, providers, IPUS, delivery, fees.
    ProgrammeAdminController.register(panel)
    IntakeAdminController.register(panel)
    CaseworkController.register(panel)
    PersonController.register(panel)
    ProviderController.register(panel)
    IpusController.register(panel)
    DeliveryController.register(panel)
    FeesController.register(panel)
}
