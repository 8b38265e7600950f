import Vapor

/// The route table: every route of the site, grouped by feature. Its raw value is the method and
/// path pattern; `spec` says who may use it and which handler answers. Registration
/// (`SiteRoute.registerAll`), page links and redirects (`url(_:)`) and the authorisation matrix
/// test all read this one table, so a route cannot exist without a permission and a link cannot
/// point at a path that is not routed. Adding a page: one case here, one arm in `spec`.
enum SiteRoute: String, CaseIterable, Sendable {
    // MARK: Platform
    case health = "GET /health"
    case metrics = "GET /metrics"

    // MARK: Home
    case home = "GET /"
    case homeDirectory = "GET /organisations"
    case organisationLogo = "GET /organisations/:organisation/logo"
    case organisationBrandStyle = "GET /organisations/:organisation/brand.css"

    // MARK: Access
    case showLogin = "GET /login"
    case login = "POST /login"
    case logout = "POST /logout"
    case twoFactorShow = "GET /login/two-factor"
    case twoFactorVerify = "POST /login/two-factor"
    case panelDashboard = "GET /panel"
    case panelMembers = "GET /panel/members"
    case profileShow = "GET /panel/profile"
    case profileSave = "POST /panel/profile"
    case profileLogoUpload = "POST /panel/profile/logo"
    case profileLogoDelete = "POST /panel/profile/logo/delete"
    case switchOrganisation = "POST /panel/organisation"
    case accountShow = "GET /panel/account"
    case accountChangePassword = "POST /panel/account/password"
    case accountSetup = "GET /panel/account/two-factor"
    case accountEnable = "POST /panel/account/two-factor"
    case accountDisable = "POST /panel/account/two-factor/disable"
    case accountRevoke = "POST /panel/account/sessions/:sessionID/revoke"
    case accountRevokeOthers = "POST /panel/account/sessions/revoke-others"
    case passwordResetShow = "GET /password/reset/:token"
    case passwordResetSave = "POST /password/reset/:token"
    case passwordResetSend = "POST /panel/members/:userID/reset-password"
    case passwordResetSaveSecurity = "POST /panel/members/security"

    // MARK: Events (public)
    case publicEventList = "GET /events"
    case publicEventPage = "GET /events/:slug"
    case publicEventPrint = "GET /events/:slug/print"
    case publicEventCalendar = "GET /events/:slug/calendar.ics"
    case publicEventEntryCalendar = "GET /events/:slug/entries/:entryID/calendar.ics"
    case publicEventDownload = "GET /events/:slug/attachments/:attachmentID/:filename"
    case eventsAPIList = "GET /api/v1/events"
    case eventsAPIDetail = "GET /api/v1/events/:id"

    // MARK: Events: afterwards
    case reportPublicPage = "GET /events/:slug/report"
    case reportPublicPhoto = "GET /events/:slug/photos/:photoID"
    case participantCertificate = "GET /r/:token/certificate"
    case participantSavePesel = "POST /r/:token/certificate/pesel"
    case participantSurveyForm = "GET /r/:token/survey"
    case participantSubmitSurvey = "POST /r/:token/survey"
    case certificatesPage = "GET /panel/events/:eventID/certificates"
    case certificatesSaveSettings = "POST /panel/events/:eventID/certificates/settings"
    case certificatesIssue = "POST /panel/events/:eventID/certificates/issue"
    case certificatesPrintAll = "GET /panel/events/:eventID/certificates/print"
    case certificatesPrintOne = "GET /panel/events/:eventID/certificates/:certificateID"
    case certificatesReissue = "POST /panel/events/:eventID/certificates/:certificateID/reissue"
    case certificatesRegisterPage = "GET /panel/certificates"
    case reportPage = "GET /panel/events/:eventID/report"
    case reportSave = "POST /panel/events/:eventID/report"
    case reportUpload = "POST /panel/events/:eventID/report/photos"
    case reportSavePhotos = "POST /panel/events/:eventID/report/photos/order"
    case reportDeletePhoto = "POST /panel/events/:eventID/report/photos/:photoID/delete"
    case reportStaffPhoto = "GET /panel/events/:eventID/report/photos/:photoID"
    case reportPublish = "POST /panel/events/:eventID/report/publish"
    case reportUnpublish = "POST /panel/events/:eventID/report/unpublish"
    case reportSaveRetention = "POST /panel/events/:eventID/report/retention"
    case surveyPage = "GET /panel/events/:eventID/survey"
    case surveySave = "POST /panel/events/:eventID/survey"
    case surveyAddQuestion = "POST /panel/events/:eventID/survey/questions"
    case surveyDeleteQuestion = "POST /panel/events/:eventID/survey/questions/:questionID/delete"
    case surveyResults = "GET /panel/events/:eventID/survey/results"
    case surveyResultsCSV = "GET /panel/events/:eventID/survey/results.csv"
    case thanks = "POST /panel/events/:eventID/thanks"

    // MARK: Registration (public)
    case publicRegistrationShowForm = "GET /events/:slug/register"
    case publicRegistrationSubmit = "POST /events/:slug/register"
    case publicRegistrationShowResend = "GET /events/:slug/link"
    case publicRegistrationResend = "POST /events/:slug/link"
    case publicRegistrationDone = "GET /events/:slug/register/done"
    case selfServiceShow = "GET /r/:token"
    case selfServiceUpdate = "POST /r/:token/update"
    case selfServiceCancel = "POST /r/:token/cancel"
    case selfServiceAcceptOffer = "POST /r/:token/accept"
    case selfServiceCalendar = "GET /r/:token/calendar.ics"
    case registrationAPICreate = "POST /api/v1/events/:id/registrations"

    // MARK: Services (public)
    case catalogueIndex = "GET /services"
    case catalogue = "GET /services/:organisation"
    case catalogueService = "GET /services/:organisation/:serviceID"
    case catalogueOrganisationsJSON = "GET /api/v1/organisations"
    case catalogueServicesJSON = "GET /api/v1/organisations/:organisation/services"
    case publicApplicationForm = "GET /services/:organisation/apply"
    case publicApplicationSubmit = "POST /services/:organisation/apply"
    case publicApplicationDone = "GET /services/:organisation/apply/done"
    case publicApplicationTracking = "GET /s/:token"
    case publicApplicationWithdraw = "POST /s/:token/withdraw/:requestedID"

    // MARK: Mail
    case outboxList = "GET /panel/outbox"
    case outboxDetail = "GET /panel/outbox/:id"
    case outboxRetry = "POST /panel/outbox/:id/retry"

    // MARK: Accessibility
    case accessibilityShow = "GET /accessibility"
    case accessibilityEdit = "GET /panel/accessibility"
    case accessibilitySave = "POST /panel/accessibility"

    // MARK: Events (panel)
    case eventList = "GET /panel/events"
    case eventNewEvent = "GET /panel/events/new"
    case eventCreate = "POST /panel/events"
    case eventBySlug = "GET /panel/events/slug/:slug"
    case eventBySlugSubpage = "GET /panel/events/slug/:slug/**"
    case eventOverview = "GET /panel/events/:eventID"
    case eventEdit = "GET /panel/events/:eventID/edit"
    case eventUpdate = "POST /panel/events/:eventID/edit"
    case eventChangeStatus = "POST /panel/events/:eventID/status"
    case eventClone = "POST /panel/events/:eventID/clone"
    case eventSetCover = "POST /panel/events/:eventID/cover"
    case eventAddRoom = "POST /panel/events/:eventID/rooms"
    case eventDeleteRoom = "POST /panel/events/:eventID/rooms/:itemID/delete"
    case eventRenameRoom = "POST /panel/events/:eventID/rooms/:itemID/rename"
    case eventAddPerson = "POST /panel/events/:eventID/people"
    case eventEditPerson = "GET /panel/events/:eventID/people/:itemID/edit"
    case eventUpdatePerson = "POST /panel/events/:eventID/people/:itemID/edit"
    case eventDeletePerson = "POST /panel/events/:eventID/people/:itemID/delete"
    case eventAddOrganisation = "POST /panel/events/:eventID/organisations"
    case eventDeleteOrganisation = "POST /panel/events/:eventID/organisations/:itemID/delete"
    case eventMoveOrganisation = "POST /panel/events/:eventID/organisations/:itemID/move"
    case eventAddGroup = "POST /panel/events/:eventID/groups"
    case eventDeleteGroup = "POST /panel/events/:eventID/groups/:itemID/delete"
    case eventNewEntry = "GET /panel/events/:eventID/entries/new"
    case eventCreateEntry = "POST /panel/events/:eventID/entries"
    case eventEditEntry = "GET /panel/events/:eventID/entries/:itemID/edit"
    case eventUpdateEntry = "POST /panel/events/:eventID/entries/:itemID/edit"
    case eventDeleteEntry = "POST /panel/events/:eventID/entries/:itemID/delete"
    case eventUpload = "POST /panel/events/:eventID/attachments"
    case eventDeleteAttachment = "POST /panel/events/:eventID/attachments/:itemID/delete"

    // MARK: Registration (panel)
    case registrationsList = "GET /panel/events/:eventID/registrations"
    case registrationsSettings = "GET /panel/events/:eventID/registrations/settings"
    case registrationsSaveSettings = "POST /panel/events/:eventID/registrations/settings"
    case registrationsAddQuestion = "POST /panel/events/:eventID/registrations/questions"
    case registrationsDeleteQuestion = "POST /panel/events/:eventID/registrations/questions/:questionID/delete"
    case registrationsNewManual = "GET /panel/events/:eventID/registrations/new"
    case registrationsCreateManual = "POST /panel/events/:eventID/registrations/new"
    case registrationsExport = "GET /panel/events/:eventID/registrations/export.csv"
    case registrationsMailForm = "GET /panel/events/:eventID/registrations/mail"
    case registrationsSendMail = "POST /panel/events/:eventID/registrations/mail"
    case registrationsTemplates = "GET /panel/events/:eventID/registrations/templates"
    case registrationsSaveTemplate = "POST /panel/events/:eventID/registrations/templates"
    case registrationsDetail = "GET /panel/events/:eventID/registrations/:registrationID"
    case registrationsAccept = "POST /panel/events/:eventID/registrations/:registrationID/accept"
    case registrationsReject = "POST /panel/events/:eventID/registrations/:registrationID/reject"
    case registrationsCancel = "POST /panel/events/:eventID/registrations/:registrationID/cancel"
    case registrationsMoveWorkshops = "POST /panel/events/:eventID/registrations/:registrationID/workshops"
    case registrationsEditForm = "GET /panel/events/:eventID/registrations/:registrationID/edit"
    case registrationsSaveEdit = "POST /panel/events/:eventID/registrations/:registrationID/edit"

    // MARK: Events: on the day
    case checkInEventList = "GET /panel/checkin"
    case checkInPage = "GET /panel/events/:eventID/checkin"
    case checkInStatus = "GET /panel/events/:eventID/checkin/status"
    case checkInFind = "POST /panel/events/:eventID/checkin/find"
    case checkInMarkPresent = "POST /panel/events/:eventID/checkin/:registrationID/present"
    case checkInMarkAbsent = "POST /panel/events/:eventID/checkin/:registrationID/absent"
    case checkInWalkInForm = "GET /panel/events/:eventID/checkin/walk-in"
    case checkInWalkIn = "POST /panel/events/:eventID/checkin/walk-in"
    case attendanceIndex = "GET /panel/events/:eventID/attendance"
    case attendancePrint = "GET /panel/events/:eventID/attendance/print"

    // MARK: Privacy
    case auditList = "GET /panel/audit"
    case auditExport = "GET /panel/audit/export.csv"
    case privacyIndex = "GET /panel/privacy"
    case privacySubject = "POST /panel/privacy/subject"
    case privacyExport = "POST /panel/privacy/export"
    case privacyAnonymise = "POST /panel/privacy/anonymise"
    case retentionShow = "GET /panel/privacy/retention"
    case retentionSave = "POST /panel/privacy/retention"

    // MARK: Services: programme
    case programmeList = "GET /panel/programme"
    case programmeCreate = "POST /panel/programme"
    case programmeDetail = "GET /panel/programme/:programmeID"
    case programmeSave = "POST /panel/programme/:programmeID"
    case programmeChangeState = "POST /panel/programme/:programmeID/state"
    case programmeCopy = "POST /panel/programme/:programmeID/copy"
    case programmeConsultation = "POST /panel/programme/:programmeID/consultation"
    case programmeNewService = "GET /panel/programme/:programmeID/services/new"
    case programmeCreateService = "POST /panel/programme/:programmeID/services"
    case programmeEditService = "GET /panel/programme/:programmeID/services/:serviceID/edit"
    case programmeUpdateService = "POST /panel/programme/:programmeID/services/:serviceID/edit"
    case programmeDeleteService = "POST /panel/programme/:programmeID/services/:serviceID/delete"

    // MARK: Services: intake
    case intakeDashboard = "GET /panel/applications"
    case intakeNewForm = "GET /panel/applications/new"
    case intakeCreate = "POST /panel/applications/new"
    case intakeDetail = "GET /panel/applications/:applicationID"
    case intakeQualify = "POST /panel/applications/:applicationID/services/:requestedID/qualify"
    case intakeReserve = "POST /panel/applications/:applicationID/services/:requestedID/reserve"
    case intakeRefuse = "POST /panel/applications/:applicationID/services/:requestedID/refuse"
    case intakeEndEnrolment = "POST /panel/applications/:applicationID/enrolments/:enrolmentID/end"
    case intakeRegister = "GET /panel/decisions"
    case intakeDecision = "GET /panel/decisions/:decisionID"
    case intakeReserveList = "GET /panel/reserve/:serviceID"
    case caseworkAssessment = "POST /panel/applications/:applicationID/assessment"
    case caseworkRoute = "POST /panel/applications/:applicationID/services/:requestedID/route"
    case caseworkAppeal = "POST /panel/decisions/:decisionID/appeal"
    case caseworkSettingsForm = "GET /panel/applications/settings"
    case caseworkSaveSettings = "POST /panel/applications/settings"
    case personSearchForm = "GET /panel/persons"
    case personSearch = "POST /panel/persons"
    case personCard = "GET /panel/persons/:personID"
    case personResolveDuplicate = "POST /panel/persons/:personID/duplicate"

    // MARK: Services: delivery
    case providerPeople = "GET /panel/provider/people"
    case deliverySummary = "GET /panel/deliveries"
    case deliverySummaryCSV = "GET /panel/deliveries/summary.csv"
    case deliveryEnrolment = "GET /panel/deliveries/enrolments/:enrolmentID"
    case deliveryAddOne = "POST /panel/deliveries/enrolments/:enrolmentID"
    case deliverySessionForm = "GET /panel/deliveries/session"
    case deliverySaveSession = "POST /panel/deliveries/session"
    case feesList = "GET /panel/fees"
    case feesCsv = "GET /panel/fees/list.csv"
    case feesExemption = "POST /panel/fees/enrolments/:enrolmentID/exemption"

    // MARK: Services: IPUS
    case ipusCaseload = "GET /panel/ipus"
    case ipusCreate = "POST /panel/ipus"
    case ipusStatistics = "GET /panel/ipus/statistics"
    case ipusPlan = "GET /panel/ipus/:planID"
    case ipusVersion = "GET /panel/ipus/:planID/versions/:version"
    case ipusPrint = "GET /panel/ipus/:planID/print"
    case ipusSummary = "GET /panel/ipus/:planID/summary"
    case ipusSaveDraft = "POST /panel/ipus/:planID/draft"
    case ipusSubmit = "POST /panel/ipus/:planID/submit"
    case ipusApprove = "POST /panel/ipus/:planID/approve"
    case ipusReturnForChanges = "POST /panel/ipus/:planID/return"
    case ipusNewVersion = "POST /panel/ipus/:planID/versions"
    case ipusProgress = "POST /panel/ipus/:planID/progress"
    case ipusAddNote = "POST /panel/ipus/:planID/notes"
    case ipusStartClosing = "POST /panel/ipus/:planID/closing"
    case ipusClose = "POST /panel/ipus/:planID/close"
    case ipusAssign = "POST /panel/ipus/:planID/assign"
    case ipusActivitySignUp = "POST /panel/ipus/:planID/activities/:activityID"

    // MARK: Consultations (public)
    case publicConsultations = "GET /consultations/:organisation"
    case publicConsultation = "GET /consultations/:organisation/:roundID"
    case publicConsultationComment = "POST /consultations/:organisation/:roundID/comments"
    case publicConsultationReport = "GET /consultations/:organisation/:roundID/report"
    case publicConsultationReportCSV = "GET /consultations/:organisation/:roundID/report.csv"
    case consultationSubscribe = "POST /consultations/:organisation/subscribe"
    case consultationSubscription = "GET /consultations/:organisation/subscription/:token"
    case consultationConfirmSubscription = "POST /consultations/:organisation/subscription/:token"
    case consultationUnsubscribe = "GET /consultations/:organisation/unsubscribe/:key"
    case consultationConfirmUnsubscribe = "POST /consultations/:organisation/unsubscribe/:key"

    // MARK: Consultations (staff)
    case consultationList = "GET /panel/consultations"
    case consultationNew = "GET /panel/consultations/new"
    case consultationCreate = "POST /panel/consultations"
    case consultationRound = "GET /panel/consultations/:roundID"
    case consultationEdit = "GET /panel/consultations/:roundID/edit"
    case consultationSave = "POST /panel/consultations/:roundID"
    case consultationAnnounce = "POST /panel/consultations/:roundID/announce"
    case consultationEnterComment = "POST /panel/consultations/:roundID/comments"
    case consultationAnswer = "POST /panel/consultations/:roundID/comments/:commentID/answer"
    case consultationGroup = "POST /panel/consultations/:roundID/comments/:commentID/group"
    case consultationHide = "POST /panel/consultations/:roundID/comments/:commentID/hide"
    case consultationApprove = "POST /panel/consultations/:roundID/comments/:commentID/approve"
    case consultationPublishReport = "POST /panel/consultations/:roundID/report"
    case consultationReportPreview = "GET /panel/consultations/:roundID/report"

    // MARK: Diagnosis
    case diagnosisList = "GET /panel/diagnoses"
    case diagnosisCreate = "POST /panel/diagnoses"
    case diagnosisPage = "GET /panel/diagnoses/:diagnosisID"
    case diagnosisSaveTexts = "POST /panel/diagnoses/:diagnosisID/texts"
    case diagnosisChangeStatus = "POST /panel/diagnoses/:diagnosisID/status"
    case diagnosisAddIndicator = "POST /panel/diagnoses/:diagnosisID/indicators"
    case diagnosisDeleteIndicator = "POST /panel/diagnoses/:diagnosisID/indicators/:indicatorID/delete"
    case diagnosisAddRecommendation = "POST /panel/diagnoses/:diagnosisID/recommendations"
    case diagnosisDeleteRecommendation = "POST /panel/diagnoses/:diagnosisID/recommendations/:recommendationID/delete"
    case diagnosisConsultation = "POST /panel/diagnoses/:diagnosisID/consultation"
    case diagnosisPublic = "GET /diagnoses/:organisation/:diagnosisID"

    // MARK: Surveys (staff)
    case residentSurveyList = "GET /panel/surveys"
    case residentSurveyCreate = "POST /panel/surveys"
    case residentSurveyPage = "GET /panel/surveys/:surveyID"
    case residentSurveySaveSettings = "POST /panel/surveys/:surveyID/settings"
    case residentSurveyAddSection = "POST /panel/surveys/:surveyID/sections"
    case residentSurveySaveSection = "POST /panel/surveys/:surveyID/sections/:sectionKey"
    case residentSurveyDeleteSection = "POST /panel/surveys/:surveyID/sections/:sectionKey/delete"
    case residentSurveyAddQuestion = "POST /panel/surveys/:surveyID/questions"
    case residentSurveyQuestion = "GET /panel/surveys/:surveyID/questions/:questionKey"
    case residentSurveySaveQuestion = "POST /panel/surveys/:surveyID/questions/:questionKey"
    case residentSurveyMoveQuestion = "POST /panel/surveys/:surveyID/questions/:questionKey/move"
    case residentSurveyDeleteQuestion = "POST /panel/surveys/:surveyID/questions/:questionKey/delete"
    case residentSurveyOpen = "POST /panel/surveys/:surveyID/open"
    case residentSurveyClose = "POST /panel/surveys/:surveyID/close"
    case residentSurveyPaper = "GET /panel/surveys/:surveyID/paper"
    case residentSurveyEntry = "GET /panel/surveys/:surveyID/entry"
    case residentSurveyEnter = "POST /panel/surveys/:surveyID/entry"
    case residentSurveyResults = "GET /panel/surveys/:surveyID/results"
    case residentSurveyResultsCSV = "GET /panel/surveys/:surveyID/results.csv"
    case residentSurveyTexts = "GET /panel/surveys/:surveyID/texts"
    case residentSurveyTag = "POST /panel/surveys/:surveyID/texts"

    // MARK: Surveys (public)
    case publicSurvey = "GET /surveys/:organisation/:surveyID"
    case publicSurveySubmit = "POST /surveys/:organisation/:surveyID"
    case publicSurveyResume = "GET /surveys/:organisation/:surveyID/resume/:token"
    case publicSurveyPaper = "GET /surveys/:organisation/:surveyID/paper"
    case publicSurveyThanks = "GET /surveys/:organisation/:surveyID/thanks"

    // MARK: Supportive activities (public)
    case publicActivities = "GET /activities/:organisation"
    case publicActivitiesICS = "GET /activities/:organisation/calendar.ics"
    case publicActivitiesJSON = "GET /api/v1/organisations/:organisation/activities"
    case publicActivity = "GET /activities/:organisation/:activityID"
    case publicActivitySignUp = "POST /activities/:organisation/:activityID"

    // MARK: Supportive activities (staff)
    case activityList = "GET /panel/activities"
    case activityNew = "GET /panel/activities/new"
    case activityCreate = "POST /panel/activities"
    case activityPage = "GET /panel/activities/:activityID"
    case activityEdit = "GET /panel/activities/:activityID/edit"
    case activitySave = "POST /panel/activities/:activityID"
    case activityAddSignUp = "POST /panel/activities/:activityID/signups"
    case activityCancelSignUp = "POST /panel/activities/:activityID/signups/:signUpID/cancel"
    case activityRecordSession = "POST /panel/activities/:activityID/sessions"

    // MARK: Volunteers
    case volunteerList = "GET /panel/volunteers"
    case volunteerNew = "GET /panel/volunteers/new"
    case volunteerCreate = "POST /panel/volunteers"
    case volunteerPage = "GET /panel/volunteers/:volunteerID"
    case volunteerEdit = "GET /panel/volunteers/:volunteerID/edit"
    case volunteerSave = "POST /panel/volunteers/:volunteerID"
    case volunteerAddHours = "POST /panel/volunteers/:volunteerID/hours"
    case volunteerAgreement = "GET /panel/volunteers/:volunteerID/agreement"
    case volunteerIssueCertificate = "POST /panel/volunteers/:volunteerID/certificates"
    case volunteerCertificate = "GET /panel/volunteers/:volunteerID/certificates/:certificateID"

    // MARK: Partners
    case partnerList = "GET /panel/partners"
    case partnerNew = "GET /panel/partners/new"
    case partnerCreate = "POST /panel/partners"
    case partnerEdit = "GET /panel/partners/:partnerID"
    case partnerSave = "POST /panel/partners/:partnerID"

    // MARK: Community organising plan
    case communityPlanList = "GET /panel/community-plan"
    case communityPlanCreate = "POST /panel/community-plan"
    case communityPlanPage = "GET /panel/community-plan/:planID"
    case communityPlanEdit = "GET /panel/community-plan/:planID/edit"
    case communityPlanSave = "POST /panel/community-plan/:planID/edit"
    case communityPlanVersion = "GET /panel/community-plan/:planID/versions/:version"
    case communityPlanSubmit = "POST /panel/community-plan/:planID/submit"
    case communityPlanApprove = "POST /panel/community-plan/:planID/approve"
    case communityPlanSendBack = "POST /panel/community-plan/:planID/return"
    case communityPlanNewVersion = "POST /panel/community-plan/:planID/versions"
    case communityPlanConsult = "POST /panel/community-plan/:planID/consultation"
    case communityPlanMonitoring = "GET /panel/community-plan/:planID/monitoring"
    case communityPlanAddRecord = "POST /panel/community-plan/:planID/records"
    case communityPlanDeleteRecord = "POST /panel/community-plan/:planID/records/:recordID/delete"
    case communityPlanPhoto = "GET /panel/community-plan/:planID/records/:recordID/photo"
    case communityPlanDeletePhoto = "POST /panel/community-plan/:planID/records/:recordID/photo/delete"
    case communityPlanMeasure = "POST /panel/community-plan/:planID/measurements"
    case communityPlanSummary = "GET /panel/community-plan/:planID/summary"
    case communityPlanSummaryCSV = "GET /panel/community-plan/:planID/summary.csv"

    // MARK: Insight
    case insightDashboard = "GET /panel/insight"
    case insightIndicator = "GET /panel/insight/:code"
    case insightSettings = "GET /panel/insight/settings"
    case insightRefresh = "POST /panel/insight/refresh"
    case insightSettingsSave = "POST /panel/insight/settings"
    case insightPublishAgain = "POST /panel/insight/settings/publish"
    case insightList = "GET /panel/insight/:code/list"
    case insightCaseload = "GET /panel/insight/caseload"
    case ownIndicatorNew = "GET /panel/insight/own/new"
    case ownIndicatorCreate = "POST /panel/insight/own"
    case ownIndicator = "GET /panel/insight/own/:ownIndicatorID"
    case ownIndicatorEdit = "GET /panel/insight/own/:ownIndicatorID/edit"
    case ownIndicatorUpdate = "POST /panel/insight/own/:ownIndicatorID/edit"
    case ownIndicatorValueSave = "POST /panel/insight/own/:ownIndicatorID/values"
    case regionalIndicators = "GET /panel/region"
    case regionalIndicatorsCSV = "GET /panel/region/indicators.csv"
    case publicMonitoring = "GET /services/:organisation/monitoring"
    case yearlyDocuments = "GET /panel/insight/documents"
    case yearlyDocumentCreate = "POST /panel/insight/documents"
    case yearlyDocument = "GET /panel/insight/documents/:documentID"
    case yearlyDocumentSave = "POST /panel/insight/documents/:documentID"
    case yearlyDocumentRefresh = "POST /panel/insight/documents/:documentID/refresh"
    case yearlyDocumentFinalise = "POST /panel/insight/documents/:documentID/finalise"
    case yearlyDocumentPrint = "GET /panel/insight/documents/:documentID/print"
    case yearlyDocumentCSV = "GET /panel/insight/documents/:documentID/tables.csv"
    case publicMonitoringJSON = "GET /api/v1/organisations/:organisation/monitoring"
}

extension SiteRoute {
    var spec: Spec {
        switch self {
        // Platform
        case .health: .init(.everyone, HealthController.health)
        case .metrics: .init(.everyone, HealthController.metrics)
        // Home
        case .home: .init(.everyone, HomeController.home)
        case .homeDirectory: .init(.everyone, HomeController.directory)
        case .organisationLogo: .init(.everyone, OrganisationProfileController.logo)
        case .organisationBrandStyle: .init(.everyone, OrganisationProfileController.brandStyle)
        // Access
        case .showLogin: .init(.everyone, AccessController.showLogin)
        case .login: .init(.everyone, AccessController.login)
        case .logout: .init(.everyone, AccessController.logout)
        case .twoFactorShow: .init(.everyone, TwoFactorLogin.show)
        case .twoFactorVerify: .init(.everyone, TwoFactorLogin.verify)
        case .panelDashboard: .init(.permission(.viewPanel), PanelController.dashboard)
        case .panelMembers: .init(.permission(.viewMembers), PanelController.members)
        case .profileShow: .init(.permission(.manageProfile), OrganisationProfileController.show)
        case .profileSave: .init(.permission(.manageProfile), OrganisationProfileController.save)
        case .profileLogoUpload: .init(.permission(.manageProfile), OrganisationProfileController.uploadLogo, maxBody: "1mb")
        case .profileLogoDelete:
            .init(
                .permission(.manageProfile), OrganisationProfileController.deleteLogo,
                confirm: OrganisationProfileController.confirmDeleteLogo)
        case .switchOrganisation: .init(.staff, AccessController.switchOrganisation)
        case .accountShow: .init(.staff, AccountController.show)
        case .accountChangePassword: .init(.staff, AccountController.changePassword)
        case .accountSetup: .init(.staff, AccountController.setup)
        case .accountEnable: .init(.staff, AccountController.enable, answer: .showsOnce)
        case .accountDisable: .init(.staff, AccountController.disable)
        case .accountRevoke: .init(.staff, AccountController.revoke)
        case .accountRevokeOthers: .init(.staff, AccountController.revokeOthers)
        case .passwordResetShow: .init(.everyone, PasswordReset.show)
        case .passwordResetSave: .init(.everyone, PasswordReset.save)
        case .passwordResetSend: .init(.permission(.resetPasswords), PasswordReset.send)
        case .passwordResetSaveSecurity: .init(.permission(.manageSecurity), PasswordReset.saveSecurity)
        // Events (public)
        case .publicEventList: .init(.everyone, PublicEventsController.list)
        case .publicEventPage: .init(.everyone, PublicEventsController.page)
        case .publicEventPrint: .init(.everyone, PublicEventsController.printView)
        case .publicEventCalendar: .init(.everyone, PublicEventsController.eventCalendar)
        case .publicEventEntryCalendar: .init(.everyone, PublicEventsController.entryCalendar)
        case .publicEventDownload: .init(.everyone, PublicEventsController.download)
        case .eventsAPIList: .init(.everyone, EventJSON.list)
        case .eventsAPIDetail: .init(.everyone, EventJSON.detail)
        // Events: afterwards
        case .reportPublicPage: .init(.everyone, ReportController.publicPage)
        case .reportPublicPhoto: .init(.everyone, ReportController.publicPhoto)
        case .participantCertificate: .init(.everyone, ParticipantAfterController.certificate)
        case .participantSavePesel: .init(.everyone, ParticipantAfterController.savePesel)
        case .participantSurveyForm: .init(.everyone, ParticipantAfterController.surveyForm)
        case .participantSubmitSurvey: .init(.everyone, ParticipantAfterController.submitSurvey)
        case .certificatesPage: .init(.permission(.manageEvents), CertificateController.page)
        case .certificatesSaveSettings: .init(.permission(.manageEvents), CertificateController.saveSettings)
        case .certificatesIssue:
            .init(.permission(.manageEvents), CertificateController.issue, confirm: EventConfirmations.issueCertificates)
        case .certificatesPrintAll: .init(.permission(.manageEvents), CertificateController.printAll)
        case .certificatesPrintOne: .init(.permission(.manageEvents), CertificateController.printOne)
        case .certificatesReissue: .init(.permission(.manageEvents), CertificateController.reissue)
        case .certificatesRegisterPage: .init(.permission(.manageEvents), CertificateController.registerPage)
        case .reportPage: .init(.permission(.manageEvents), ReportController.page)
        case .reportSave: .init(.permission(.manageEvents), ReportController.save)
        case .reportUpload: .init(.permission(.manageEvents), ReportController.upload, maxBody: "9mb")
        case .reportSavePhotos: .init(.permission(.manageEvents), ReportController.savePhotos)
        case .reportDeletePhoto:
            .init(.permission(.manageEvents), ReportController.deletePhoto, confirm: EventConfirmations.deletePhoto)
        case .reportStaffPhoto: .init(.permission(.manageEvents), ReportController.staffPhoto)
        case .reportPublish: .init(.permission(.manageEvents), ReportController.publish)
        case .reportUnpublish: .init(.permission(.manageEvents), ReportController.unpublish)
        case .reportSaveRetention: .init(.permission(.manageEvents), ReportController.saveRetention)
        case .surveyPage: .init(.permission(.manageEvents), SurveyController.page)
        case .surveySave: .init(.permission(.manageEvents), SurveyController.save)
        case .surveyAddQuestion: .init(.permission(.manageEvents), SurveyController.addQuestion)
        case .surveyDeleteQuestion:
            .init(.permission(.manageEvents), SurveyController.deleteQuestion, confirm: EventConfirmations.deleteSurveyQuestion)
        case .surveyResults: .init(.permission(.manageEvents), SurveyController.results)
        case .surveyResultsCSV: .init(.permission(.manageEvents), SurveyController.resultsCSV)
        case .thanks: .init(.permission(.manageEvents), ThanksMailer.thanks)
        // Registration (public)
        case .publicRegistrationShowForm: .init(.everyone, PublicRegistrationController.showForm, rateLimited: true)
        case .publicRegistrationSubmit: .init(.everyone, PublicRegistrationController.submit, rateLimited: true)
        case .publicRegistrationShowResend: .init(.everyone, PublicRegistrationController.showResend, rateLimited: true)
        case .publicRegistrationResend: .init(.everyone, PublicRegistrationController.resend, rateLimited: true)
        case .publicRegistrationDone: .init(.everyone, PublicRegistrationController.done)
        case .selfServiceShow: .init(.everyone, SelfServiceController.show)
        case .selfServiceUpdate: .init(.everyone, SelfServiceController.update)
        case .selfServiceCancel:
            .init(.everyone, SelfServiceController.cancel, confirm: RegistrationConfirmations.cancelByParticipant)
        case .selfServiceAcceptOffer: .init(.everyone, SelfServiceController.acceptOffer)
        case .selfServiceCalendar: .init(.everyone, SelfServiceController.calendar)
        case .registrationAPICreate: .init(.everyone, RegistrationAPI.create, rateLimited: true)
        // Services (public)
        case .catalogueIndex: .init(.everyone, PublicCatalogueController.index)
        case .catalogue: .init(.everyone, PublicCatalogueController.catalogue)
        case .catalogueService: .init(.everyone, PublicCatalogueController.service)
        case .catalogueOrganisationsJSON: .init(.everyone, PublicCatalogueController.organisationsJSON)
        case .catalogueServicesJSON: .init(.everyone, PublicCatalogueController.servicesJSON)
        case .publicApplicationForm: .init(.everyone, PublicApplicationController.form)
        case .publicApplicationSubmit: .init(.everyone, PublicApplicationController.submit, rateLimited: true)
        case .publicApplicationDone: .init(.everyone, PublicApplicationController.done)
        case .publicApplicationTracking: .init(.everyone, PublicApplicationController.tracking)
        case .publicApplicationWithdraw:
            .init(.everyone, PublicApplicationController.withdraw, confirm: ServiceConfirmations.withdraw)
        // Mail
        case .outboxList: .init(.permission(.viewOutbox), OutboxController.list)
        case .outboxDetail: .init(.permission(.viewOutbox), OutboxController.detail)
        case .outboxRetry: .init(.permission(.retryOutbox), OutboxController.retry)
        // Accessibility
        case .accessibilityShow: .init(.everyone, AccessibilityController.show)
        case .accessibilityEdit: .init(.permission(.editAccessibilityStatement), AccessibilityController.edit)
        case .accessibilitySave: .init(.permission(.editAccessibilityStatement), AccessibilityController.save)
        // Events (panel)
        case .eventList: .init(.permission(.manageEvents), EventAdminController.list)
        case .eventNewEvent: .init(.permission(.manageEvents), EventAdminController.newEvent)
        case .eventCreate: .init(.permission(.manageEvents), EventAdminController.create)
        case .eventBySlug: .init(.permission(.manageEvents), EventAdminController.bySlug)
        case .eventBySlugSubpage: .init(.permission(.manageEvents), EventAdminController.bySlug)
        case .eventOverview: .init(.permission(.manageEvents), EventAdminController.overview)
        case .eventEdit: .init(.permission(.manageEvents), EventAdminController.edit)
        case .eventUpdate: .init(.permission(.manageEvents), EventAdminController.update)
        case .eventChangeStatus:
            .init(.permission(.manageEvents), EventAdminController.changeStatus, confirm: EventConfirmations.changeStatus)
        case .eventClone: .init(.permission(.manageEvents), EventAdminController.clone)
        case .eventSetCover: .init(.permission(.manageEvents), EventAdminController.setCover)
        case .eventAddRoom: .init(.permission(.manageEvents), EventAdminController.addRoom)
        case .eventDeleteRoom:
            .init(.permission(.manageEvents), EventAdminController.deleteRoom, confirm: EventConfirmations.deleteRoom)
        case .eventRenameRoom: .init(.permission(.manageEvents), EventAdminController.renameRoom)
        case .eventAddPerson: .init(.permission(.manageEvents), EventAdminController.addPerson)
        case .eventEditPerson: .init(.permission(.manageEvents), EventAdminController.editPerson)
        case .eventUpdatePerson: .init(.permission(.manageEvents), EventAdminController.updatePerson)
        case .eventDeletePerson:
            .init(.permission(.manageEvents), EventAdminController.deletePerson, confirm: EventConfirmations.deletePerson)
        case .eventAddOrganisation: .init(.permission(.manageEvents), EventAdminController.addOrganisation)
        case .eventDeleteOrganisation:
            .init(
                .permission(.manageEvents), EventAdminController.deleteOrganisation,
                confirm: EventConfirmations.deleteOrganisation)
        case .eventMoveOrganisation: .init(.permission(.manageEvents), EventAdminController.moveOrganisation)
        case .eventAddGroup: .init(.permission(.manageEvents), EventAdminController.addGroup)
        case .eventDeleteGroup:
            .init(.permission(.manageEvents), EventAdminController.deleteGroup, confirm: EventConfirmations.deleteGroup)
        case .eventNewEntry: .init(.permission(.manageEvents), EventAdminController.newEntry)
        case .eventCreateEntry: .init(.permission(.manageEvents), EventAdminController.createEntry)
        case .eventEditEntry: .init(.permission(.manageEvents), EventAdminController.editEntry)
        case .eventUpdateEntry: .init(.permission(.manageEvents), EventAdminController.updateEntry)
        case .eventDeleteEntry:
            .init(.permission(.manageEvents), EventAdminController.deleteEntry, confirm: EventConfirmations.deleteEntry)
        case .eventUpload: .init(.permission(.manageEvents), EventAdminController.upload, maxBody: "21mb")
        case .eventDeleteAttachment:
            .init(.permission(.manageEvents), EventAdminController.deleteAttachment, confirm: EventConfirmations.deleteAttachment)
        // Registration (panel)
        case .registrationsList: .init(.permission(.manageEvents), RegistrationAdminController.list)
        case .registrationsSettings: .init(.permission(.manageEvents), RegistrationAdminController.settings)
        case .registrationsSaveSettings: .init(.permission(.manageEvents), RegistrationAdminController.saveSettings)
        case .registrationsAddQuestion: .init(.permission(.manageEvents), RegistrationAdminController.addQuestion)
        case .registrationsDeleteQuestion:
            .init(
                .permission(.manageEvents), RegistrationAdminController.deleteQuestion,
                confirm: EventConfirmations.deleteRegistrationQuestion)
        case .registrationsNewManual: .init(.permission(.manageEvents), RegistrationAdminController.newManual)
        case .registrationsCreateManual: .init(.permission(.manageEvents), RegistrationAdminController.createManual)
        case .registrationsExport: .init(.permission(.manageEvents), RegistrationAdminController.export)
        case .registrationsMailForm: .init(.permission(.manageEvents), RegistrationAdminController.mailForm)
        case .registrationsSendMail:
            .init(.permission(.manageEvents), RegistrationAdminController.sendMail, confirm: RegistrationConfirmations.bulkMail)
        case .registrationsTemplates: .init(.permission(.manageEvents), RegistrationAdminController.templates)
        case .registrationsSaveTemplate: .init(.permission(.manageEvents), RegistrationAdminController.saveTemplate)
        case .registrationsDetail: .init(.permission(.manageEvents), RegistrationAdminController.detail)
        case .registrationsAccept: .init(.permission(.manageEvents), RegistrationAdminController.accept)
        case .registrationsReject:
            .init(.permission(.manageEvents), RegistrationAdminController.reject, confirm: RegistrationConfirmations.reject)
        case .registrationsCancel:
            .init(
                .permission(.manageEvents), RegistrationAdminController.cancel,
                confirm: RegistrationConfirmations.cancelByOrganiser)
        case .registrationsMoveWorkshops: .init(.permission(.manageEvents), RegistrationAdminController.moveWorkshops)
        case .registrationsEditForm: .init(.permission(.manageEvents), RegistrationAdminController.editForm)
        case .registrationsSaveEdit: .init(.permission(.manageEvents), RegistrationAdminController.saveEdit)
        // Events: on the day
        case .checkInEventList: .init(.permission(.checkIn), CheckInController.eventList)
        case .checkInPage: .init(.permission(.checkIn), CheckInController.page)
        case .checkInStatus: .init(.permission(.checkIn), CheckInController.status)
        case .checkInFind: .init(.permission(.checkIn), CheckInController.find)
        case .checkInMarkPresent: .init(.permission(.checkIn), CheckInController.markPresent)
        case .checkInMarkAbsent: .init(.permission(.checkIn), CheckInController.markAbsent)
        case .checkInWalkInForm: .init(.permission(.checkIn), CheckInController.walkInForm)
        case .checkInWalkIn: .init(.permission(.checkIn), CheckInController.walkIn)
        case .attendanceIndex: .init(.permission(.checkIn), AttendanceListController.index)
        case .attendancePrint: .init(.permission(.checkIn), AttendanceListController.print)
        // Privacy
        case .auditList: .init(.permission(.viewAudit), AuditController.list)
        case .auditExport: .init(.permission(.viewAudit), AuditController.export)
        case .privacyIndex: .init(.permission(.manageDataSubjects), PrivacyController.index)
        case .privacySubject: .init(.permission(.manageDataSubjects), PrivacyController.subject, answer: .readsOnly)
        case .privacyExport: .init(.permission(.manageDataSubjects), PrivacyController.export, answer: .readsOnly)
        case .privacyAnonymise: .init(.permission(.manageDataSubjects), PrivacyController.anonymise)
        case .retentionShow: .init(.permission(.manageRetention), RetentionController.show)
        case .retentionSave: .init(.permission(.manageRetention), RetentionController.save)
        // Services: programme
        case .programmeList: .init(.permission(.manageProgramme), ProgrammeAdminController.list)
        case .programmeCreate: .init(.permission(.manageProgramme), ProgrammeAdminController.create)
        case .programmeDetail: .init(.permission(.manageProgramme), ProgrammeAdminController.detail)
        case .programmeSave: .init(.permission(.manageProgramme), ProgrammeAdminController.save)
        case .programmeChangeState: .init(.permission(.manageProgramme), ProgrammeAdminController.changeState)
        case .programmeCopy: .init(.permission(.manageProgramme), ProgrammeAdminController.copy)
        case .programmeConsultation: .init(.permission(.manageProgramme), ProgrammeConsultation.send)
        case .programmeNewService: .init(.permission(.manageProgramme), ProgrammeAdminController.newService)
        case .programmeCreateService: .init(.permission(.manageProgramme), ProgrammeAdminController.createService)
        case .programmeEditService: .init(.permission(.manageProgramme), ProgrammeAdminController.editService)
        case .programmeUpdateService: .init(.permission(.manageProgramme), ProgrammeAdminController.updateService)
        case .programmeDeleteService:
            .init(
                .permission(.manageProgramme), ProgrammeAdminController.deleteService, confirm: ServiceConfirmations.deleteService
            )
        // Services: intake
        case .intakeDashboard: .init(.permission(.manageApplications), IntakeAdminController.dashboard)
        case .intakeNewForm: .init(.permission(.manageApplications), IntakeAdminController.newForm)
        case .intakeCreate: .init(.permission(.manageApplications), IntakeAdminController.create)
        case .intakeDetail: .init(.permission(.manageApplications), IntakeAdminController.detail)
        case .intakeQualify: .init(.permission(.manageApplications), IntakeAdminController.qualify)
        case .intakeReserve: .init(.permission(.manageApplications), IntakeAdminController.reserve)
        case .intakeRefuse:
            .init(.permission(.manageApplications), IntakeAdminController.refuse, confirm: ServiceConfirmations.refuse)
        case .intakeEndEnrolment: .init(.permission(.manageApplications), IntakeAdminController.endEnrolment)
        case .intakeRegister: .init(.permission(.manageApplications), IntakeAdminController.register)
        case .intakeDecision: .init(.permission(.manageApplications), IntakeAdminController.decision)
        case .intakeReserveList: .init(.permission(.manageApplications), IntakeAdminController.reserveList)
        case .caseworkAssessment: .init(.permission(.manageApplications), CaseworkController.assessment)
        case .caseworkRoute: .init(.permission(.manageApplications), CaseworkController.route)
        case .caseworkAppeal: .init(.permission(.manageApplications), CaseworkController.appeal)
        case .caseworkSettingsForm: .init(.permission(.manageProgramme), CaseworkController.settingsForm)
        case .caseworkSaveSettings: .init(.permission(.manageProgramme), CaseworkController.saveSettings)
        case .personSearchForm: .init(.permission(.manageApplications), PersonController.searchForm)
        case .personSearch: .init(.permission(.manageApplications), PersonController.search, answer: .readsOnly)
        case .personCard: .init(.permission(.manageApplications), PersonController.card)
        case .personResolveDuplicate: .init(.permission(.manageApplications), PersonController.resolveDuplicate)
        // Services: delivery
        case .providerPeople: .init(.permission(.viewProviderEnrolments), ProviderController.people)
        case .deliverySummary: .init(.permission(.recordDeliveries), DeliveryController.summary)
        case .deliverySummaryCSV: .init(.permission(.recordDeliveries), DeliveryController.summaryCSV)
        case .deliveryEnrolment: .init(.permission(.recordDeliveries), DeliveryController.enrolment)
        case .deliveryAddOne: .init(.permission(.recordDeliveries), DeliveryController.addOne)
        case .deliverySessionForm: .init(.permission(.recordDeliveries), DeliveryController.sessionForm)
        case .deliverySaveSession: .init(.permission(.recordDeliveries), DeliveryController.saveSession)
        case .feesList: .init(.permission(.manageFees), FeesController.list)
        case .feesCsv: .init(.permission(.manageFees), FeesController.csv)
        case .feesExemption: .init(.permission(.manageFees), FeesController.exemption)
        // Services: IPUS
        case .ipusCaseload: .init(.permission(.managePlans), IpusPages.caseload)
        case .ipusCreate: .init(.permission(.managePlans), IpusController.create)
        case .ipusStatistics: .init(.permission(.viewPlanStatistics), IpusPages.statistics)
        case .ipusPlan: .init(.permission(.managePlans), { try await IpusPages.plan($0) })
        case .ipusVersion: .init(.permission(.managePlans), IpusPages.version)
        case .ipusPrint: .init(.permission(.managePlans), IpusPages.print)
        case .ipusSummary: .init(.permission(.managePlans), IpusPages.summary)
        case .ipusSaveDraft: .init(.permission(.managePlans), IpusController.saveDraft)
        case .ipusSubmit: .init(.permission(.managePlans), IpusController.submit)
        case .ipusApprove: .init(.permission(.managePlans), IpusController.approve)
        case .ipusReturnForChanges: .init(.permission(.managePlans), IpusController.returnForChanges)
        case .ipusNewVersion: .init(.permission(.managePlans), IpusController.newVersion)
        case .ipusProgress: .init(.permission(.managePlans), IpusController.progress)
        case .ipusAddNote: .init(.permission(.managePlans), IpusController.addNote)
        case .ipusStartClosing: .init(.permission(.managePlans), IpusController.startClosing)
        case .ipusClose: .init(.permission(.managePlans), IpusController.close)
        case .ipusAssign: .init(.permission(.managePlans), IpusController.assign)
        case .ipusActivitySignUp: .init(.permission(.managePlans), IpusController.signUpForActivity)
        // Consultations (public)
        case .publicConsultations: .init(.everyone, PublicConsultationsController.list)
        case .publicConsultation: .init(.everyone, PublicConsultationsController.page)
        case .publicConsultationComment: .init(.everyone, PublicConsultationsController.comment, rateLimited: true)
        case .publicConsultationReport: .init(.everyone, PublicConsultationsController.report)
        case .publicConsultationReportCSV: .init(.everyone, PublicConsultationsController.reportCSV)
        case .consultationSubscribe: .init(.everyone, SubscriptionController.subscribe, rateLimited: true)
        case .consultationSubscription: .init(.everyone, SubscriptionController.confirmPage)
        case .consultationConfirmSubscription: .init(.everyone, SubscriptionController.confirm, rateLimited: true)
        case .consultationUnsubscribe: .init(.everyone, SubscriptionController.unsubscribePage)
        case .consultationConfirmUnsubscribe: .init(.everyone, SubscriptionController.unsubscribe, rateLimited: true)
        // Consultations (staff)
        case .consultationList: .init(.permission(.manageConsultations), ConsultationAdminController.list)
        case .consultationNew: .init(.permission(.manageConsultations), ConsultationAdminController.newForm)
        case .consultationCreate: .init(.permission(.manageConsultations), ConsultationAdminController.create)
        case .consultationRound: .init(.permission(.manageConsultations), ConsultationAdminController.show)
        case .consultationEdit: .init(.permission(.manageConsultations), ConsultationAdminController.editForm)
        case .consultationSave: .init(.permission(.manageConsultations), ConsultationAdminController.save)
        case .consultationAnnounce:
            .init(
                .permission(.manageConsultations), ConsultationAdminController.announce,
                confirm: ConsultationConfirmations.announce)
        case .consultationEnterComment: .init(.permission(.manageConsultations), ConsultationAdminController.enterComment)
        case .consultationAnswer: .init(.permission(.manageConsultations), ConsultationAdminController.answer)
        case .consultationGroup: .init(.permission(.manageConsultations), ConsultationAdminController.group)
        case .consultationHide: .init(.permission(.manageConsultations), ConsultationAdminController.hide)
        case .consultationApprove: .init(.permission(.manageConsultations), ConsultationAdminController.approve)
        case .consultationPublishReport:
            .init(
                .permission(.manageConsultations), ConsultationAdminController.publishReport,
                confirm: ConsultationConfirmations.publishReport)
        case .consultationReportPreview: .init(.permission(.manageConsultations), ConsultationAdminController.reportPreview)
        // Diagnosis
        case .diagnosisList: .init(.permission(.manageDiagnosis), DiagnosisController.list)
        case .diagnosisCreate: .init(.permission(.manageDiagnosis), DiagnosisController.create)
        case .diagnosisPage: .init(.permission(.manageDiagnosis), DiagnosisController.page)
        case .diagnosisSaveTexts: .init(.permission(.manageDiagnosis), DiagnosisController.saveTexts)
        case .diagnosisChangeStatus: .init(.permission(.manageDiagnosis), DiagnosisController.changeStatus)
        case .diagnosisAddIndicator: .init(.permission(.manageDiagnosis), DiagnosisController.addIndicator)
        case .diagnosisDeleteIndicator:
            .init(
                .permission(.manageDiagnosis), DiagnosisController.deleteIndicator,
                confirm: DiagnosisController.confirmDeleteIndicator)
        case .diagnosisAddRecommendation: .init(.permission(.manageDiagnosis), DiagnosisController.addRecommendation)
        case .diagnosisDeleteRecommendation:
            .init(
                .permission(.manageDiagnosis), DiagnosisController.deleteRecommendation,
                confirm: DiagnosisController.confirmDeleteRecommendation)
        case .diagnosisConsultation: .init(.permission(.manageDiagnosis), DiagnosisController.sendToConsultation)
        case .diagnosisPublic: .init(.everyone, DiagnosisController.publicPage)
        // Surveys (staff)
        case .residentSurveyList: .init(.permission(.manageConsultations), SurveyBuilderController.list)
        case .residentSurveyCreate: .init(.permission(.manageConsultations), SurveyBuilderController.create)
        case .residentSurveyPage: .init(.permission(.manageConsultations), SurveyBuilderController.page)
        case .residentSurveySaveSettings: .init(.permission(.manageConsultations), SurveyBuilderController.saveSettings)
        case .residentSurveyAddSection: .init(.permission(.manageConsultations), SurveyBuilderController.addSection)
        case .residentSurveySaveSection: .init(.permission(.manageConsultations), SurveyBuilderController.saveSection)
        case .residentSurveyDeleteSection:
            .init(
                .permission(.manageConsultations), SurveyBuilderController.deleteSection,
                confirm: SurveyBuilderController.confirmDeleteSection)
        case .residentSurveyAddQuestion: .init(.permission(.manageConsultations), SurveyBuilderController.addQuestion)
        case .residentSurveyQuestion: .init(.permission(.manageConsultations), SurveyBuilderController.questionPage)
        case .residentSurveySaveQuestion: .init(.permission(.manageConsultations), SurveyBuilderController.saveQuestion)
        case .residentSurveyMoveQuestion: .init(.permission(.manageConsultations), SurveyBuilderController.moveQuestion)
        case .residentSurveyDeleteQuestion:
            .init(
                .permission(.manageConsultations), SurveyBuilderController.deleteQuestion,
                confirm: SurveyBuilderController.confirmDeleteQuestion)
        case .residentSurveyOpen:
            .init(.permission(.manageConsultations), SurveyBuilderController.open, confirm: SurveyBuilderController.confirmOpen)
        case .residentSurveyClose:
            .init(
                .permission(.manageConsultations), SurveyBuilderController.close, confirm: SurveyBuilderController.confirmClose)
        case .residentSurveyPaper: .init(.permission(.manageConsultations), SurveyEntryController.paper)
        case .residentSurveyEntry: .init(.permission(.manageConsultations), SurveyEntryController.entryForm)
        case .residentSurveyEnter: .init(.permission(.manageConsultations), SurveyEntryController.enter)
        case .residentSurveyResults: .init(.permission(.manageConsultations), SurveyResultsController.results)
        case .residentSurveyResultsCSV: .init(.permission(.manageConsultations), SurveyResultsController.csv)
        case .residentSurveyTexts: .init(.permission(.manageConsultations), SurveyResultsController.texts)
        case .residentSurveyTag: .init(.permission(.manageConsultations), SurveyResultsController.tag)
        // Surveys (public)
        case .publicSurvey: .init(.everyone, PublicSurveyController.page)
        case .publicSurveySubmit: .init(.everyone, PublicSurveyController.submit, rateLimited: true)
        case .publicSurveyResume: .init(.everyone, PublicSurveyController.resume, rateLimited: true)
        case .publicSurveyPaper: .init(.everyone, PublicSurveyController.paper)
        case .publicSurveyThanks: .init(.everyone, PublicSurveyController.thanks)
        // Supportive activities (public)
        case .publicActivities: .init(.everyone, PublicActivitiesController.calendar)
        case .publicActivitiesICS: .init(.everyone, PublicActivitiesController.ics)
        case .publicActivitiesJSON: .init(.everyone, PublicActivitiesController.json)
        case .publicActivity: .init(.everyone, PublicActivitiesController.page)
        case .publicActivitySignUp: .init(.everyone, PublicActivitiesController.signUp, rateLimited: true)
        // Supportive activities (staff)
        case .activityList: .init(.permission(.viewActivities), ActivityAdminController.list)
        case .activityNew: .init(.permission(.manageActivities), ActivityAdminController.newForm)
        case .activityCreate: .init(.permission(.manageActivities), ActivityAdminController.create)
        case .activityPage: .init(.permission(.manageActivities), ActivityAdminController.page)
        case .activityEdit: .init(.permission(.manageActivities), ActivityAdminController.editForm)
        case .activitySave: .init(.permission(.manageActivities), ActivityAdminController.save)
        case .activityAddSignUp: .init(.permission(.manageActivities), ActivityAdminController.addSignUp)
        case .activityCancelSignUp:
            .init(
                .permission(.manageActivities), ActivityAdminController.cancelSignUp,
                confirm: ActivityAdminController.confirmCancelSignUp)
        case .activityRecordSession: .init(.permission(.manageActivities), ActivityAdminController.recordSession)
        // Volunteers
        case .volunteerList: .init(.permission(.manageActivities), VolunteerController.list)
        case .volunteerNew: .init(.permission(.manageActivities), VolunteerController.newForm)
        case .volunteerCreate: .init(.permission(.manageActivities), VolunteerController.create)
        case .volunteerPage: .init(.permission(.manageActivities), VolunteerController.page)
        case .volunteerEdit: .init(.permission(.manageActivities), VolunteerController.editForm)
        case .volunteerSave: .init(.permission(.manageActivities), VolunteerController.save)
        case .volunteerAddHours: .init(.permission(.manageActivities), VolunteerController.addHours)
        case .volunteerAgreement: .init(.permission(.manageActivities), VolunteerController.agreement)
        case .volunteerIssueCertificate: .init(.permission(.manageActivities), VolunteerController.issueCertificate)
        case .volunteerCertificate: .init(.permission(.manageActivities), VolunteerController.certificate)
        // Partners
        case .partnerList: .init(.permission(.manageActivities), PartnerController.list)
        case .partnerNew: .init(.permission(.manageActivities), PartnerController.newForm)
        case .partnerCreate: .init(.permission(.manageActivities), PartnerController.create)
        case .partnerEdit: .init(.permission(.manageActivities), PartnerController.editForm)
        case .partnerSave: .init(.permission(.manageActivities), PartnerController.save)
        // Community organising plan
        case .communityPlanList: .init(.permission(.viewCommunitySummary), CommunityPlanController.list)
        case .communityPlanCreate: .init(.permission(.manageCommunityPlan), CommunityPlanController.create)
        case .communityPlanPage: .init(.permission(.manageCommunityPlan), CommunityPlanController.page)
        case .communityPlanEdit: .init(.permission(.manageCommunityPlan), CommunityPlanController.editForm)
        case .communityPlanSave: .init(.permission(.manageCommunityPlan), CommunityPlanController.save)
        case .communityPlanVersion: .init(.permission(.manageCommunityPlan), CommunityPlanController.versionPage)
        case .communityPlanSubmit: .init(.permission(.manageCommunityPlan), CommunityPlanController.submit)
        case .communityPlanApprove: .init(.permission(.approveCommunityPlan), CommunityPlanController.approve)
        case .communityPlanSendBack: .init(.permission(.approveCommunityPlan), CommunityPlanController.sendBack)
        case .communityPlanNewVersion: .init(.permission(.manageCommunityPlan), CommunityPlanController.newVersion)
        case .communityPlanConsult: .init(.permission(.manageCommunityPlan), CommunityPlanController.consult)
        case .communityPlanMonitoring: .init(.permission(.manageCommunityPlan), CommunityPlanMonitoringController.page)
        case .communityPlanAddRecord:
            .init(.permission(.manageCommunityPlan), CommunityPlanMonitoringController.addRecord, maxBody: "9mb")
        case .communityPlanDeleteRecord:
            .init(
                .permission(.manageCommunityPlan), CommunityPlanMonitoringController.deleteRecord,
                confirm: CommunityPlanMonitoringController.confirmDeleteRecord)
        case .communityPlanPhoto: .init(.permission(.manageCommunityPlan), CommunityPlanMonitoringController.photo)
        case .communityPlanDeletePhoto:
            .init(
                .permission(.manageCommunityPlan), CommunityPlanMonitoringController.deletePhoto,
                confirm: CommunityPlanMonitoringController.confirmDeletePhoto)
        case .communityPlanMeasure: .init(.permission(.manageCommunityPlan), CommunityPlanMonitoringController.measure)
        case .communityPlanSummary: .init(.permission(.viewCommunitySummary), CommunityPlanMonitoringController.summaryPage)
        case .communityPlanSummaryCSV: .init(.permission(.viewCommunitySummary), CommunityPlanMonitoringController.summaryCSV)
        // Insight
        case .insightDashboard: .init(.permission(.viewIndicators), InsightController.dashboard)
        case .insightIndicator: .init(.permission(.viewIndicators), InsightController.indicator)
        case .insightSettings: .init(.permission(.manageInsightSettings), InsightSettingsController.show)
        case .insightRefresh: .init(.permission(.viewIndicators), InsightController.refresh)
        case .insightSettingsSave: .init(.permission(.manageInsightSettings), InsightSettingsController.save)
        case .insightPublishAgain: .init(.permission(.manageInsightSettings), InsightSettingsController.publishAgain)
        case .insightList: .init(.permission(.viewIndicators), InsightListController.list)
        case .insightCaseload: .init(.permission(.managePlans), InsightListController.caseload)
        case .ownIndicatorNew: .init(.permission(.recordOwnIndicators), OwnIndicatorController.new)
        case .ownIndicatorCreate: .init(.permission(.recordOwnIndicators), OwnIndicatorController.create)
        case .ownIndicator: .init(.permission(.viewIndicators), OwnIndicatorController.show)
        case .ownIndicatorEdit: .init(.permission(.recordOwnIndicators), OwnIndicatorController.edit)
        case .ownIndicatorUpdate: .init(.permission(.recordOwnIndicators), OwnIndicatorController.update)
        case .ownIndicatorValueSave: .init(.permission(.recordOwnIndicators), OwnIndicatorController.saveValue)
        case .regionalIndicators: .init(.permission(.viewRegionalIndicators), RegionalController.page)
        case .regionalIndicatorsCSV: .init(.permission(.viewRegionalIndicators), RegionalController.csv)
        case .publicMonitoring: .init(.everyone, PublicMonitoringController.page)
        case .yearlyDocuments: .init(.permission(.prepareYearlyDocuments), YearlyDocumentController.list)
        case .yearlyDocumentCreate: .init(.permission(.prepareYearlyDocuments), YearlyDocumentController.create)
        case .yearlyDocument: .init(.permission(.prepareYearlyDocuments), YearlyDocumentController.show)
        case .yearlyDocumentSave: .init(.permission(.prepareYearlyDocuments), YearlyDocumentController.save)
        case .yearlyDocumentRefresh: .init(.permission(.prepareYearlyDocuments), YearlyDocumentController.refresh)
        case .yearlyDocumentFinalise:
            .init(
                .permission(.finaliseYearlyDocuments), YearlyDocumentController.finalise,
                confirm: YearlyDocumentController.confirmFinalise)
        case .yearlyDocumentPrint: .init(.permission(.prepareYearlyDocuments), YearlyDocumentController.print)
        case .yearlyDocumentCSV: .init(.permission(.prepareYearlyDocuments), YearlyDocumentController.csv)
        case .publicMonitoringJSON: .init(.everyone, PublicMonitoringController.json)
        }
    }
}
