/// Staff roles within one organisation. A person may hold several roles in the same organisation
/// (in a small CUS the director is often also an IPUS coordinator); permissions are their union.
/// The matrix is documented in docs/permissions.md and grows with every feature.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case admin
    case eventOrganiser = "event_organiser"
    case director
    case servicesOrganiser = "services_organiser"
    case ipusCoordinator = "ipus_coordinator"
    case communityOrganiser = "community_organiser"
    case providerStaff = "provider_staff"
    case analyst
    /// Staff or volunteers at an event's desk: check-in, walk-ins and attendance lists only —
    /// no registration list, exports, certificates or e-mail.
    case eventDesk = "event_desk"
    /// Inspektor ochrony danych (RODO art. 37: mandatory in a public body): reads the audit
    /// trail and handles data-subject requests, without access to casework screens.
    case dpo

    /// The name shown to users (Polish legal names where the act gives one).
    public var polishName: String {
        switch self {
        case .admin: "Administrator"
        case .eventOrganiser: "Organizator wydarzeń"
        case .director: "Dyrektor"
        case .servicesOrganiser: "Organizator usług społecznych"
        case .ipusCoordinator: "Koordynator indywidualnych planów usług społecznych"
        case .communityOrganiser: "Organizator społeczności lokalnej"
        case .providerStaff: "Pracownik realizatora usług"
        case .analyst: "Analityk"
        case .eventDesk: "Recepcja wydarzeń"
        case .dpo: "Inspektor ochrony danych (IOD)"
        }
    }

    /// Roles whose screens show personal files; an organisation can require a second login
    /// factor for exactly these (analysts see aggregates only).
    public var seesPersonalFiles: Bool {
        switch self {
        case .analyst, .communityOrganiser: false
        default: true
        }
    }

    public var permissions: Set<Permission> {
        switch self {
        case .admin:
            [
                .viewPanel, .viewMembers, .viewOutbox, .retryOutbox, .editAccessibilityStatement, .manageEvents, .checkIn,
                .resetPasswords, .manageSecurity, .manageProfile,
            ]
        case .director:
            [
                .viewPanel, .viewMembers, .viewAudit, .manageDataSubjects, .manageRetention, .manageSecurity, .manageProgramme,
                .manageApplications,
                .managePlans, .viewAllPlans, .approvePlans, .viewPlanStatistics, .recordDeliveries, .manageFees, .manageProfile,
                .manageConsultations, .manageDiagnosis, .manageActivities, .viewActivities, .manageCommunityPlan,
                .approveCommunityPlan, .viewCommunitySummary, .viewIndicators, .manageInsightSettings, .viewRegionalIndicators,
                .prepareYearlyDocuments, .finaliseYearlyDocuments, .recordOwnIndicators,
            ]
        case .dpo:
            [.viewPanel, .viewAudit, .manageDataSubjects, .manageRetention]
        case .eventOrganiser:
            [.viewPanel, .manageEvents, .checkIn]
        case .eventDesk:
            [.viewPanel, .checkIn]
        case .servicesOrganiser:
            // The director authorises an organiser to approve plans by giving them this role.
            [
                .viewPanel, .manageProgramme, .manageApplications, .managePlans, .viewAllPlans, .approvePlans,
                .viewPlanStatistics, .recordDeliveries, .manageFees, .manageConsultations,
                .manageDiagnosis, .viewActivities, .viewIndicators, .prepareYearlyDocuments, .recordOwnIndicators,
            ]
        case .ipusCoordinator:
            [.viewPanel, .manageApplications, .managePlans, .recordDeliveries, .viewActivities]
        case .providerStaff:
            [.viewPanel, .viewProviderEnrolments, .recordDeliveries]
        case .analyst:
            [
                .viewPanel, .viewPlanStatistics, .viewCommunitySummary, .viewIndicators, .viewRegionalIndicators,
                .prepareYearlyDocuments, .recordOwnIndicators,
            ]
        case .communityOrganiser:
            [
                .viewPanel, .manageConsultations, .manageDiagnosis, .manageActivities, .viewActivities, .manageCommunityPlan,
                .viewCommunitySummary, .viewIndicators, .recordOwnIndicators,
            ]
        }
    }
}

/// What a staff member may do inside the organisation they are acting for.
public enum Permission: String, Sendable, Hashable, Codable, CaseIterable {
    case viewPanel = "view_panel"
    case viewMembers = "view_members"
    case viewOutbox = "view_outbox"
    case retryOutbox = "retry_outbox"
    /// The site's accessibility statement belongs to the body that runs the instance,
    /// so only admins of the operator organisation hold this one (see `appliesOnlyToOperator`).
    case editAccessibilityStatement = "edit_accessibility_statement"
    /// Create, edit, publish, cancel and clone the organisation's own events.
    case manageEvents = "manage_events"
    /// Read and export the organisation's audit trail ("who saw this person's file").
    case viewAudit = "view_audit"
    /// Data-subject requests: find a person's data, export it, anonymise it (RODO art. 15–17).
    case manageDataSubjects = "manage_data_subjects"
    /// Set retention periods and see what the retention job would change.
    case manageRetention = "manage_retention"
    /// Send a staff member of the organisation a one-time link to set a new password.
    case resetPasswords = "reset_passwords"
    /// Require a second login factor in the organisation.
    case manageSecurity = "manage_security"
    /// Prepare programme versions (PUS) and their services; record adoption and publication.
    case manageProgramme = "manage_programme"
    /// Applications for services: intake, assessment outcomes, reserve lists, refusal decisions.
    case manageApplications = "manage_applications"
    /// Provider staff: the people enrolled in their organisation's services, with only what delivery needs.
    case viewProviderEnrolments = "view_provider_enrolments"
    /// Draft, edit, monitor and close IPUS plans — a coordinator only their own or those they are assigned to.
    case managePlans = "manage_plans"
    /// Read and work on every plan of the organisation, and assign coordinators.
    case viewAllPlans = "view_all_plans"
    /// Approve a plan version (never one's own plan: see `IpusActions.mayApprove`).
    case approvePlans = "approve_plans"
    /// Plan counts by state and deadline, without names.
    case viewPlanStatistics = "view_plan_statistics"
    /// Record and read deliveries: provider staff for their organisation's enrolments, CUS staff for all of the CUS's.
    case recordDeliveries = "record_deliveries"
    /// Monthly fees from deliveries, exemptions, and the list for the finance office.
    case manageFees = "manage_fees"
    /// The event desk: check-in (marks, undo, walk-ins) and printable attendance lists.
    case checkIn = "check_in"
    /// The organisation's public profile: contact, office hours, logo, accent colour.
    case manageProfile = "manage_profile"
    /// Public consultations: prepare and announce rounds, type in comments received on paper,
    /// by e-mail or at the meeting, answer them, moderate and publish the report.
    case manageConsultations = "manage_consultations"
    /// The diagnosis of needs and potential: its text, figures, recommendations linked to the
    /// programme's services, adoption and publication.
    case manageDiagnosis = "manage_diagnosis"
    /// Supportive activities: their schedules, sign-ups (names and contacts of residents) and
    /// the attendance of each meeting.
    case manageActivities = "manage_activities"
    /// The list of supportive activities with their schedules and places, without anyone's name:
    /// what a coordinator needs to point an IPUS item to one.
    case viewActivities = "view_activities"
    /// Write the community organising plan's drafts, send them for approval and to consultation,
    /// and record its monitoring (actions held, aims measured, photos).
    case manageCommunityPlan = "manage_community_plan"
    /// Approve a version of the community organising plan or send it back (the director).
    case approveCommunityPlan = "approve_community_plan"
    /// The plan's yearly summary and its CSV: counts only, no names.
    case viewCommunitySummary = "view_community_summary"
    /// The indicators of the whole centre (counts and rates under the small-number rule, no names).
    case viewIndicators = "view_indicators"
    /// The centre's small-number threshold, its residents figure, what it shares with its ROPS
    /// and whether it publishes the programme's monitoring page.
    case manageInsightSettings = "manage_insight_settings"
    /// In a ROPS: the shared indicators of the region's centres that opted in, from their
    /// monthly publications only (aggregates, never a person or a record).
    case viewRegionalIndicators = "view_regional_indicators"
    /// Draft the yearly documents (activity report, programme evaluation, OZPS helper) from the
    /// data, edit their texts, recompute their tables, print them and export their tables.
    case prepareYearlyDocuments = "prepare_yearly_documents"
    /// Define the centre's own indicators ("WŁ-01"…) and type in their monthly values with
    /// their sources.
    case recordOwnIndicators = "record_own_indicators"
    /// Finalise a yearly document: it gets its number and is frozen (the director).
    case finaliseYearlyDocuments = "finalise_yearly_documents"

    public var appliesOnlyToOperator: Bool { self == .editAccessibilityStatement }

    /// The kind of organisation a permission means something in (the regional view is a ROPS's).
    public var appliesOnlyTo: OrganisationKind? { self == .viewRegionalIndicators ? .rops : nil }
}

/// The effective permissions of one person acting for one organisation.
public struct PermissionSet: Sendable, Equatable {
    public let roles: Set<Role>
    public let organisationIsOperator: Bool
    public let organisationKind: OrganisationKind?

    public init(roles: Set<Role>, organisationIsOperator: Bool, organisationKind: OrganisationKind? = nil) {
        self.roles = roles
        self.organisationIsOperator = organisationIsOperator
        self.organisationKind = organisationKind
    }

    public func allows(_ permission: Permission) -> Bool {
        if permission.appliesOnlyToOperator && !organisationIsOperator { return false }
        if let kind = permission.appliesOnlyTo, kind != organisationKind { return false }
        return roles.contains { $0.permissions.contains(permission) }
    }
}
