import Vapor

/// Every route, by feature. Public pages first, then the staff panel behind `StaffOnlyMiddleware`.
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
    OutboxController.register(panel)
    AccessibilityController.register(public: app, panel: panel)
    EventAdminController.register(panel)
    AccountController.register(panel)
    PasswordReset.register(public: app, panel: panel)
    AuditController.register(panel)
    PrivacyController.register(panel)
    ProgrammeAdminController.register(panel)
    IntakeAdminController.register(panel)
}
