import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// For every role and every route of the staff panel: anonymous visitors are sent to the login
/// page; a role without the route's permission gets 403; with it, the organisation's own
/// records open and another organisation's records are 404 (never shown, never changed).
/// The permission of each route is the one its entry in the route table (`SiteRoute`) gives it.
@Suite struct AuthorizationMatrixTests {
    struct Side {
        var event: Event
        var registration: Registration
        var entry: UUID
        var person: UUID
        var outbox: UUID
        var user: UUID
        var session: UUID?
        var programme: UUID
        var service: UUID
        var application: UUID
        var requested: UUID
        var enrolment: UUID
        var decision: UUID
        var registryPerson: UUID
        var plan: UUID
        var certificate: UUID
        var photo: UUID
        var round: UUID
        var comment: UUID
        var diagnosis: UUID
        var indicator: UUID
        var recommendation: UUID
        var survey: UUID
        var activity: UUID
        var signUp: UUID
        var volunteer: UUID
        var volunteerCertificate: UUID
        var partner: UUID
        var communityPlan: UUID
        var communityRecord: UUID
        var yearlyDocument: UUID
        var ownIndicator: UUID
    }

    func side(_ t: TestApp, organisation slug: String, event eventSlug: String, user email: String) async throws -> Side {
        let event = try await t.event(eventSlug)
        let registration = try #require(try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).first())
        let entry = try #require(try await AgendaEntry.query(on: t.db).filter(\.$event.$id == event.id!).first()).id!
        var person = try await EventPerson.query(on: t.db).filter(\.$event.$id == event.id!).first()?.id
        if person == nil {
            let speaker = EventPerson(
                organisationID: event.$organisation.id,
                eventID: event.id!,
                name: "Prelegentka Testowa"
            )
            try await speaker.create(on: t.db)
            person = speaker.id
        }
        let organisationID = try await t.organisationID(slug)
        let outbox = try #require(try await OutboxMessage.query(on: t.db).filter(\.$organisation.$id == organisationID).first())
            .id!
        // Every organisation of the matrix has a programme with a service (ROPS Poznań gets a draft).
        var programme = try await Programme.scoped(to: organisationID, on: t.db).sort(\.$version, .descending).first()
        if programme == nil {
            let draft = Programme(
                organisationID: organisationID, version: 1, form: ProgrammeFormFixture.valid,
                valid: try ProgrammeFormFixture.valid.validate().get(), state: .draft)
            try await draft.create(on: t.db)
            let service = ServiceDefinition(
                organisationID: organisationID, programmeID: try draft.requireID(), position: 1, form: ServiceFormFixture.valid,
                valid: try ServiceFormFixture.valid.validate(providerExists: { _ in true }).get())
            try await service.create(on: t.db)
            programme = draft
        }
        let service = try #require(try await ServiceDefinition.query(on: t.db).filter(\.$programme.$id == programme!.id!).first())
            .id!
        let intake = try await intakeRows(t, organisationID: organisationID, service: service)
        let plan = try await planRows(
            t, organisationID: organisationID, application: intake.application, person: intake.person,
            coordinator: try await t.userID(email))
        let (certificate, photo) = try await afterEventRows(t, event: event, registration: registration)
        let (round, comment) = try await consultationRows(t, organisationID: organisationID)
        let (diagnosis, indicator, recommendation) = try await diagnosisRows(t, organisationID: organisationID)
        let survey = Survey(
            organisationID: organisationID, title: "Ankieta macierzy", intro: "", status: .open,
            definition: QuestionnaireDefinition(sections: [
                QuestionnaireSection(
                    key: "s1", title: "Część", questions: [QuestionDefinition(key: "q1", text: "Pytanie", kind: .text)])
            ]), asksContact: false, clientSalt: "s", revision: 1, updatedBy: "test", updatedAt: testStart, createdAt: testStart)
        try await survey.create(on: t.db)
        var activityForm = ActivityForm()
        activityForm.title = "Działanie macierzy"
        activityForm.kind = "club"
        activityForm.organiser = "CUS"
        activityForm.place = "Świetlica"
        activityForm.firstDay = "2026-11-18"
        activityForm.start = "10:00"
        activityForm.end = "11:00"
        let activity = Activity(
            organisationID: organisationID,
            valid: try activityForm.validate(today: CalendarDay(testStart, in: WallClock.warsaw)).get(),
            updatedBy: "test", now: testStart)
        try await activity.create(on: t.db)
        let signUp = ActivitySignUp(
            organisationID: organisationID, activityID: try activity.requireID(), name: "Osoba Macierzowa", phone: "600100200",
            email: nil, source: "staff", createdAt: testStart)
        try await signUp.create(on: t.db)
        var volunteerForm = VolunteerForm()
        (volunteerForm.name, volunteerForm.phone, volunteerForm.consent) = ("Wolontariusz Macierzowy", "600100300", "on")
        (volunteerForm.agreementNumber, volunteerForm.signedOn, volunteerForm.validFrom, volunteerForm.scope) = (
            "WOL/1", "2026-11-01", "2026-11-01", "pomoc"
        )
        let volunteer = Volunteer(organisationID: organisationID, valid: try volunteerForm.validate().get(), now: testStart)
        try await volunteer.create(on: t.db)
        let volunteerCertificate = VolunteerCertificate(
            organisationID: organisationID, volunteerID: try volunteer.requireID(),
            number: "1/2026/WOL-\(UUID().uuidString.prefix(4))",
            issuedOn: CalendarDay(iso: "2026-11-18")!, firstDay: CalendarDay(iso: "2026-11-02")!,
            lastDay: CalendarDay(iso: "2026-11-17")!, minutes: 120, issuedBy: "test")
        try await volunteerCertificate.create(on: t.db)
        var partnerForm = PartnerForm()
        (partnerForm.name, partnerForm.kind, partnerForm.contribution) = ("Partner Macierzowy", "ngo", "sala")
        let partner = Partner(organisationID: organisationID, valid: try partnerForm.validate().get(), now: testStart)
        try await partner.create(on: t.db)
        let (communityPlan, communityRecord) = try await communityPlanRows(t, organisationID: organisationID)
        let yearlyDocument = try YearlyDocument(
            organisationID: organisationID, kind: .activityReport, year: 2019,
            content: YearlyDocumentContent(sections: []), by: "test", at: testStart)
        try await yearlyDocument.create(on: t.db)
        let ownIndicator = ManualIndicator(
            organisationID: organisationID, number: 90,
            try ManualIndicatorForm(name: "Wskaźnik macierzowy", description: "test").validate().get(), by: "test",
            at: testStart)
        try await ownIndicator.create(on: t.db)
        return Side(
            event: event, registration: registration, entry: entry, person: person!, outbox: outbox,
            user: try await t.userID(email),
            programme: programme!.id!, service: service, application: intake.application, requested: intake.requested,
            enrolment: intake.enrolment,
            decision: intake.decision, registryPerson: intake.person, plan: plan, certificate: certificate, photo: photo,
            round: round, comment: comment, diagnosis: diagnosis, indicator: indicator, recommendation: recommendation,
            survey: survey.id!, activity: activity.id!, signUp: signUp.id!, volunteer: volunteer.id!,
            volunteerCertificate: volunteerCertificate.id!, partner: partner.id!, communityPlan: communityPlan,
            communityRecord: communityRecord, yearlyDocument: yearlyDocument.id!, ownIndicator: ownIndicator.id!)
    }

    /// A community organising plan (version 1, approved) with one action and a record with a photo.
    func communityPlanRows(_ t: TestApp, organisationID: UUID) async throws -> (UUID, UUID) {
        let content = CommunityPlanContent(
            title: "Plan macierzy", start: CalendarDay(iso: "2026-01-01")!, end: CalendarDay(iso: "2026-12-31")!,
            areas: ["Obszar"], issues: [],
            aims: [
                PlanAim(
                    key: "a1", text: "Cel", indicator: "Wskaźnik", unit: "osób", baseline: 1, target: 2,
                    due: CalendarDay(iso: "2026-12-31")!)
            ],
            actions: [
                PlanAction(
                    key: "d1", title: "Działanie macierzy", aimKeys: ["a1"], lead: "OSL", area: "", places: "",
                    schedule: "co tydzień",
                    resources: "", expectedParticipants: nil)
            ], responsible: "OSL")
        let plan = CommunityPlan(organisationID: organisationID, title: content.title, by: "test", now: testStart)
        plan.approvedVersion = 1
        try await plan.create(on: t.db)
        let version = try CommunityPlanVersion(
            organisationID: organisationID, planID: try plan.requireID(), version: 1, content: content, reason: "", by: "test",
            now: testStart)
        version.state = .approved
        try await version.create(on: t.db)
        let record = CommunityPlanRecord(
            organisationID: organisationID, planID: try plan.requireID(),
            valid: .init(
                actionKey: "d1", day: CalendarDay(iso: "2026-11-17")!, participants: 5, volunteers: 1, notes: "Spotkanie"),
            actionTitle: "Działanie macierzy", by: "test", now: testStart)
        let bytes = DemoFiles.png(width: 2, height: 2) { _, _ in (0, 0, 0) }
        (record.photoKey, record.photoType, record.photoAlt, record.photoConsentBy) = (
            try FileStorage(dataDirectory: t.dataDirectory).save(bytes), "image/png", "Zdjęcie", "test"
        )
        try await record.create(on: t.db)
        return (try plan.requireID(), try record.requireID())
    }

    /// A diagnosis with one typed figure and one recommendation, written directly.
    func diagnosisRows(_ t: TestApp, organisationID: UUID) async throws -> (UUID, UUID, UUID) {
        let d = Diagnosis(
            organisationID: organisationID, title: "Diagnoza macierzy", dataYear: 2025, status: .published,
            adoptedOn: CalendarDay(iso: "2026-01-10")!, adoptedByAct: "Zarządzenie 1/2026", situation: "s", needs: "n",
            resources: "r", voice: "v", conclusions: "c", revision: 1, updatedBy: "test", updatedAt: testStart,
            publishedAt: testStart, createdAt: testStart)
        try await d.create(on: t.db)
        let i = DiagnosisIndicator(
            organisationID: organisationID, diagnosisID: try d.requireID(), section: .situation, name: "Ludność", value: "100",
            unit: "osób", source: "GUS", year: 2025, createdAt: testStart)
        try await i.create(on: t.db)
        let r = DiagnosisRecommendation(
            organisationID: organisationID, diagnosisID: try d.requireID(), number: 1, text: "Rekomendacja", createdAt: testStart)
        try await r.create(on: t.db)
        return (d.id!, i.id!, r.id!)
    }

    /// An announced consultation round with one comment, written directly.
    func consultationRows(_ t: TestApp, organisationID: UUID) async throws -> (UUID, UUID) {
        let round = ConsultationRound(
            organisationID: organisationID, subject: "Konsultacje macierzy", aim: "cel", scope: "gmina",
            documentTitle: "Dokument",
            document: "# Rozdział\n\nAkapit.", firstDay: CalendarDay(iso: "2026-11-18")!,
            lastDay: CalendarDay(iso: "2026-11-30")!,
            online: true, coordinator: "Koordynator", coordinatorContact: "", orderNumber: "1/2026",
            orderDate: CalendarDay(iso: "2026-11-10")!, resolution: "", publishWhileOpen: false, status: .announced, revision: 1,
            clientSalt: "s", reportSummary: "", updatedBy: "test", updatedAt: testStart, createdAt: testStart)
        try await round.create(on: t.db)
        let comment = ConsultationComment(
            organisationID: organisationID, roundID: try round.requireID(), number: 1, paragraph: "1.1", body: "Uwaga",
            authorKind: .person, authorName: "Osoba Macierzowa", publishName: false, channel: .paper,
            receivedOn: CalendarDay(iso: "2026-11-18")!, reason: "", createdAt: testStart)
        try await comment.create(on: t.db)
        return (round.id!, comment.id!)
    }

    /// A certificate and a gallery photo of the side's event, written directly.
    func afterEventRows(_ t: TestApp, event: Event, registration: Registration) async throws -> (UUID, UUID) {
        let c = Certificate(
            organisationID: event.$organisation.id, eventID: try event.requireID(), registrationID: try registration.requireID(),
            year: 2026, sequence: 900, number: "900/2026/TEST", issuedOn: CalendarDay(iso: "2026-11-18")!, issuedBy: "test",
            hoursMinutes: 60,
            reissueCount: 0)
        try await c.create(on: t.db)
        let bytes = DemoFiles.png(width: 2, height: 2) { _, _ in (0, 0, 0) }
        let photo = EventPhoto(
            organisationID: event.$organisation.id, eventID: try event.requireID(),
            storageKey: try FileStorage(dataDirectory: t.dataDirectory).save(bytes), contentType: "image/png", size: bytes.count,
            alt: "Test", caption: "", position: 1, createdAt: testStart)
        try await photo.create(on: t.db)
        return (c.id!, photo.id!)
    }

    /// An approved IPUS plan of the side's person, coordinated by the side's user.
    func planRows(_ t: TestApp, organisationID: UUID, application: UUID, person: UUID, coordinator: UUID) async throws -> UUID {
        let plan = IpusPlan(
            organisationID: organisationID, personID: person, applicationID: application, number: "IPUS/9/2026", year: 2026,
            sequence: Int.random(in: 500...900), coordinatorUserID: coordinator, coordinatorName: "Koordynatorka", state: .active,
            due: CalendarDay(iso: "2026-12-18")!, latestVersion: 1, approvedVersion: 1, revision: 1, updatedBy: "test",
            updatedAt: testStart,
            summary: "", createdAt: testStart)
        try await plan.create(on: t.db)
        let content = IpusContent(
            start: CalendarDay(iso: "2026-11-18")!, end: CalendarDay(iso: "2027-11-17")!,
            goals: [IpusGoal(text: "Cel testowy", indicator: "", baseline: "", target: "", due: nil)],
            reviews: [CalendarDay(iso: "2027-02-01")!])
        let v = IpusVersion(
            organisationID: organisationID, planID: try plan.requireID(), version: 1, state: .approved,
            contentJSON: IpusVersion.json(content), reason: "", createdBy: "test", createdAt: testStart, approvedBy: "Dyrektor",
            approvedOn: CalendarDay(iso: "2026-11-18")!, returnNote: "")
        try await v.create(on: t.db)
        return plan.id!
    }

    /// One application with a requested service, an enrolment and a decision, written directly.
    func intakeRows(_ t: TestApp, organisationID: UUID, service: UUID) async throws -> (
        application: UUID, requested: UUID, enrolment: UUID, decision: UUID, person: UUID
    ) {
        let person = Person(
            organisationID: organisationID, firstName: "Osoba", lastName: "Macierzowa",
            birthDate: CalendarDay(iso: "1950-01-01")!, street: "",
            postcode: "", city: "", phone: "600000000", email: "", communicationNeeds: "", accessibilityNeeds: "",
            createdAt: testStart)
        try await person.create(on: t.db)
        let application = ServiceApplication(
            organisationID: organisationID, number: "W/2026/9\(Int.random(in: 100...999))", personID: try person.requireID(),
            applicantRole: .person, representativeName: "", representativeBasis: "", representativeContact: "", channel: .phone,
            receivedAt: testStart, situation: "test", assessmentDue: CalendarDay(iso: "2026-12-01")!, closed: false)
        try await application.create(on: t.db)
        let requested = RequestedService(
            organisationID: organisationID, applicationID: try application.requireID(), serviceID: service, outcome: .requested,
            receivedAt: testStart, criteriaMet: "[]", note: "")
        try await requested.create(on: t.db)
        let enrolment = Enrolment(
            organisationID: organisationID, personID: try person.requireID(), serviceID: service,
            requestedID: try requested.requireID(), startDay: CalendarDay(iso: "2026-11-01")!, active: true, endReason: "",
            feeExemptionPercent: 0,
            feeExemptionBasis: "")
        try await enrolment.create(on: t.db)
        let decision = RefusalDecision(
            organisationID: organisationID, requestedID: try requested.requireID(), year: 2026,
            sequence: Int.random(in: 500...900), number: "x", kind: .decision, issuedOn: CalendarDay(iso: "2026-11-18")!,
            legalBasis: "a",
            reasons: "b", appealInstruction: "c", signatoryName: "d", signatoryFunction: "e")
        try await decision.create(on: t.db)
        return (application.id!, requested.id!, enrolment.id!, decision.id!, person.id!)
    }

    /// The route's path with its parameters filled from one organisation's records.
    func path(_ route: SiteRoute, _ side: Side) -> String {
        var out: [String] = []
        let segments = route.pathComponents.map(\.description)
        for (index, segment) in segments.enumerated() {
            let previous = index > 0 ? segments[index - 1] : ""
            switch segment {
            case ":eventID": out.append(side.event.id!.uuidString)
            case ":registrationID": out.append(side.registration.id!.uuidString)
            case ":itemID":
                out.append((previous == "people" ? side.person : previous == "entries" ? side.entry : UUID()).uuidString)
            case ":slug": out.append(side.event.slug)
            case "**": out.append("registrations")
            case ":id": out.append(side.outbox.uuidString)
            case ":userID": out.append(side.user.uuidString)
            case ":sessionID": out.append((side.session ?? UUID()).uuidString)
            case ":questionID": out.append(UUID().uuidString)
            case ":programmeID": out.append(side.programme.uuidString)
            case ":serviceID": out.append(side.service.uuidString)
            case ":applicationID": out.append(side.application.uuidString)
            case ":requestedID": out.append(side.requested.uuidString)
            case ":enrolmentID": out.append(side.enrolment.uuidString)
            case ":decisionID": out.append(side.decision.uuidString)
            case ":personID": out.append(side.registryPerson.uuidString)
            case ":planID":
                out.append((segments.dropFirst().first == "community-plan" ? side.communityPlan : side.plan).uuidString)
            case ":recordID": out.append(side.communityRecord.uuidString)
            case ":code": out.append("DOS-01")
            case ":documentID": out.append(side.yearlyDocument.uuidString)
            case ":ownIndicatorID": out.append(side.ownIndicator.uuidString)
            case ":version": out.append("1")
            case ":certificateID":
                out.append(
                    (segments.first == "panel" && segments.dropFirst().first == "volunteers"
                        ? side.volunteerCertificate : side.certificate).uuidString)
            case ":volunteerID": out.append(side.volunteer.uuidString)
            case ":partnerID": out.append(side.partner.uuidString)
            case ":photoID": out.append(side.photo.uuidString)
            case ":roundID": out.append(side.round.uuidString)
            case ":commentID": out.append(side.comment.uuidString)
            case ":diagnosisID": out.append(side.diagnosis.uuidString)
            case ":indicatorID": out.append(side.indicator.uuidString)
            case ":recommendationID": out.append(side.recommendation.uuidString)
            case ":surveyID": out.append(side.survey.uuidString)
            case ":sectionKey": out.append("s1")
            case ":questionKey": out.append("q1")
            case ":activityID": out.append(side.activity.uuidString)
            case ":signUpID": out.append(side.signUp.uuidString)
            default:
                if segment.hasPrefix(":") { Issue.record("no value for \(segment) in \(route.pattern)") }
                out.append(segment)
            }
        }
        return "/" + out.joined(separator: "/")
    }

    /// The panel's routes, each with the permission the route table gives it (nil: any staff member).
    static func panelRoutes(_ t: TestApp) -> [(route: SiteRoute, pattern: String, permission: Permission??)] {
        SiteRoute.allCases.filter { $0.pattern.hasPrefix("/panel") }.map { route in
            switch route.spec.access {
            case .everyone: (route, route.pattern, nil)
            case .staff: (route, route.pattern, .some(nil))
            case .permission(let permission): (route, route.pattern, permission)
            }
        }
    }

    /// Own organisation: CUS Jaśminowo (not the operator); other: ROPS Poznań, with one of its
    /// staff sessions.
    func sides(_ t: TestApp) async throws -> (own: Side, other: Side) {
        let own = try await side(
            t, organisation: "cus-jasminowo", event: DemoRegistrations.upcomingSlug, user: "koordynator@cus-jasminowo.example")
        var other = try await side(
            t, organisation: "rops-poznan", event: DemoRegistrations.approvalSlug, user: "wydarzenia@rops-poznan.example")
        let foreignSession = t.browser()
        try await foreignSession.login("wydarzenia@rops-poznan.example")
        other.session = try await StaffSession.query(on: t.db).filter(\.$user.$id == other.user).first()?.id
        return (own, other)
    }

    /// Sends the requests a few at a time (the matrix is about 1 900 of them), in any order:
    /// each is a read of the own organisation or a request at another's records, so none
    /// depends on another.
    static func inParallel<T: Sendable>(_ items: [T], width: Int = 6, _ body: @escaping @Sendable (T) async throws -> Void)
        async throws
    {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, item) in items.enumerated() {
                if index >= width { try await group.next() }
                group.addTask { try await body(item) }
            }
            try await group.waitForAll()
        }
    }

    @Test func everyPanelRouteHasAPermissionAndAnonymousVisitorsGoToTheLogin() async throws {
        try await withTestApp { t in
            let routes = Self.panelRoutes(t)
            #expect(routes.count > 70)
            for route in routes {
                #expect(route.permission != nil, "\(route.pattern) is open to everyone in the route table")
            }
            // Nothing under /panel is routed except through the table.
            let registered = Set(
                t.app.routes.all.filter { $0.path.first?.description == "panel" }.map {
                    "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/")
                })
            #expect(registered == Set(routes.map(\.route.rawValue)))
            let (own, _) = try await sides(t)
            // Anonymous: the login page, for reads and for writes (with a valid anonymous CSRF pair).
            let anonymous = t.browser()
            try await anonymous.get("/login")
            try await Self.inParallel(routes) { entry in
                let target = self.path(entry.route, own)
                let response = entry.route.method == .GET ? try await anonymous.get(target) : try await anonymous.post(target, [])
                #expect(
                    response.status == .seeOther && response.headers.first(name: .location)?.hasPrefix("/login?next=") == true,
                    "anonymous \(entry.route.method) \(target): \(response.status)")
            }
        }
    }

    /// The regional view's other side: a ROPS member holding every role at once reaches none of
    /// a CUS's records through any panel route — the region is read from publications only.
    @Test func aROPSMemberWithEveryRoleReachesNoRecordOfACentre() async throws {
        try await withTestApp { t in
            let routes = Self.panelRoutes(t)
            let (cus, _) = try await sides(t)
            let email = "matrix-rops@rops-poznan.example"
            try await StaffAccounts.add(
                email: email, name: "Test ROPS", organisationSlug: "rops-poznan", role: Role.director.rawValue,
                password: { DemoData.password }, on: t.app)
            let user = try #require(try await User.query(on: t.db).filter(\.$email == email).first())
            let rops = try await t.organisationID("rops-poznan")
            for role in Role.allCases where role != .director {
                try await Membership(userID: try user.requireID(), organisationID: rops, role: role).create(on: t.db)
            }
            let browser = t.browser()
            try await browser.login(email)
            #expect(try await browser.get("/panel/region").status == .ok)
            try await Self.inParallel(routes) { entry in
                let route = entry.route
                guard route.pathComponents.contains(where: { $0.description.hasPrefix(":") || $0.description == "**" }),
                    route != .insightIndicator, route != .insightList
                else { return }
                let target = self.path(route, cus)
                let response = route.method == .GET ? try await browser.get(target) : try await browser.post(target, [])
                #expect(
                    response.status == .notFound || response.status == .forbidden,
                    "ROPS \(route.method) \(entry.pattern) (a centre's record): \(response.status)")
            }
            #expect(try await RequestedService.find(cus.requested, on: t.db)?.outcome == .requested)
            #expect(try await Enrolment.find(cus.enrolment, on: t.db)?.active == true)
        }
    }

    /// One role a test (they run in parallel, each on its own copy of the demo).
    @Test(arguments: Role.allCases)
    func everyPanelRouteForOneRoleOwnAndOtherOrganisation(_ role: Role) async throws {
        try await withTestApp { t in
            let routes = Self.panelRoutes(t)
            let (own, other) = try await sides(t)
            let email = "matrix-\(role.rawValue)@cus-jasminowo.example"
            try await StaffAccounts.add(
                email: email, name: "Test \(role.rawValue)", organisationSlug: "cus-jasminowo", role: role.rawValue,
                password: { DemoData.password }, on: t.app)
            let browser = t.browser()
            try await browser.login(email)
            let permissions = PermissionSet(roles: [role], organisationIsOperator: false, organisationKind: .cus)
            try await Self.inParallel(routes) { entry in
                let (route, pattern) = (entry.route, entry.pattern)
                guard let needed = entry.permission else { return }
                // The list behind DOS-01 names applicants: it also needs the applications' permission.
                let allowed =
                    (needed.map { permissions.allows($0) } ?? true)
                    && (route != .insightList || permissions.allows(.manageApplications))
                // Own records: reads only (writes with empty forms would change demo data
                // under the other checks); they open when allowed, 403 otherwise.
                if route.method == .GET {
                    let response = try await browser.get(self.path(route, own))
                    if allowed && pattern.hasPrefix("/panel/ipus/:planID") && !permissions.allows(.viewAllPlans) {
                        // A coordinator reads only their own or assigned plans: the side's plan belongs to another coordinator.
                        #expect(response.status == .notFound, "\(role) GET \(pattern) (someone else's plan): \(response.status)")
                    } else if allowed && pattern.hasPrefix("/panel/deliveries/enrolments")
                        && !permissions.allows(.manageApplications)
                    {
                        // Provider staff see only the enrolments their organisation delivers; the side's is the CUS's own.
                        #expect(
                            response.status == .notFound, "\(role) GET \(pattern) (not delivered by them): \(response.status)")
                    } else if allowed {
                        #expect(
                            ![.forbidden, .notFound, .internalServerError].contains(response.status),
                            "\(role) GET \(pattern) (own): \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) GET \(pattern) (own, not allowed): \(response.status)")
                    }
                }
                // Another organisation's records, for every route that names one: never found.
                // (An indicator's code names a catalogue entry, not a record: its page and its list
                // always show the acting organisation's own figures and cases.)
                guard route.pathComponents.contains(where: { $0.description.hasPrefix(":") || $0.description == "**" }),
                    route != .insightIndicator, route != .insightList
                else {
                    return
                }
                let target = self.path(route, other)
                let response = route.method == .GET ? try await browser.get(target) : try await browser.post(target, [])
                #expect(
                    response.status == (allowed ? .notFound : .forbidden),
                    "\(role) \(route.method) \(pattern) (other organisation): \(response.status)")
            }
            // Nothing of the other organisation changed.
            #expect(try await Registration.find(other.registration.id, on: t.db)?.state == other.registration.state)
            #expect(try await Event.find(other.event.id, on: t.db)?.status == other.event.status)
            #expect(try await Programme.find(other.programme, on: t.db)?.state == .draft)
            #expect(try await ServiceDefinition.find(other.service, on: t.db) != nil)
            #expect(try await RequestedService.find(other.requested, on: t.db)?.outcome == .requested)
            #expect(try await Enrolment.find(other.enrolment, on: t.db)?.active == true)
            #expect(try await IpusPlan.find(other.plan, on: t.db)?.revision == 1, "no change to the other organisation's plan")
        }
    }
}
