import Fluent
import OpenCUSCore
import Vapor

/// The volunteers' registry (community organiser): each volunteer with the volunteering
/// agreement (printable), the hours they gave per activity, and numbered certificates of hours.
/// Every opening of a volunteer's record is audited.
enum VolunteerController {
    static func context(_ request: Request) throws -> StaffContext { try request.require(.manageActivities) }

    static func volunteer(_ request: Request, _ staff: StaffContext) async throws -> Volunteer {
        guard let id = request.parameters.get("volunteerID", as: UUID.self),
            let volunteer = try await Volunteer.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return volunteer
    }

    static func today(_ request: Request) -> CalendarDay { CalendarDay(request.clock.now(), in: WallClock.warsaw) }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let volunteers = try await Volunteer.scoped(to: staff.organisationID, on: request.db).filter(\.$anonymisedAt == nil)
            .sort(\.$name).all()
        let hours = try await VolunteerHours.scoped(to: staff.organisationID, on: request.db).all()
        try await request.audit(.list, .volunteer, detail: "wolontariusze: lista (\(volunteers.count))")
        return try await request.render(
            "volunteers/list",
            VolunteerListPage.make(
                volunteers, hours: hours, today: today(request),
                layout: try await request.layout(title: "Wolontariusze", section: "volunteers")))
    }

    static func renderForm(
        _ request: Request, volunteer: Volunteer?, form: VolunteerForm, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "volunteers/form",
            VolunteerFormPage(
                layout: try await request.layout(title: volunteer?.name ?? "Nowy wolontariusz", section: "volunteers"),
                volunteerID: volunteer?.id, title: volunteer?.name ?? "Nowy wolontariusz", form: form, errors: errors),
            status: status)
    }

    @Sendable static func newForm(_ request: Request) async throws -> Response {
        _ = try context(request)
        return try await renderForm(request, volunteer: nil, form: VolunteerForm(), errors: FieldErrors())
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let form = try request.content.decode(VolunteerForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(request, volunteer: nil, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let volunteer = Volunteer(organisationID: staff.organisationID, valid: valid, now: request.clock.now())
            try await request.db.writeTransaction { db in
                try await volunteer.create(on: db)
                try await request.auditChange(
                    .create, .volunteer, recordID: try volunteer.requireID(), detail: "wolontariusz: dodano", on: db)
            }
            return request.redirect(
                to: SiteRoute.volunteerPage.url(try volunteer.requireID(), query: "done=created"), redirectType: .normal)
        }
    }

    @Sendable static func editForm(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let volunteer = try await volunteer(request, staff)
        return try await renderForm(request, volunteer: volunteer, form: volunteer.form, errors: FieldErrors())
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let volunteer = try await volunteer(request, staff)
        let form = try request.content.decode(VolunteerForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(request, volunteer: volunteer, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            try await request.db.writeTransaction { db in
                volunteer.apply(valid)
                try await volunteer.save(on: db)
                try await request.auditChange(
                    .update, .volunteer, recordID: try volunteer.requireID(), detail: "wolontariusz: zmieniono dane", on: db)
            }
            return request.redirect(
                to: SiteRoute.volunteerPage.url(try volunteer.requireID(), query: "done=saved"), redirectType: .normal)
        }
    }

    // MARK: One volunteer

    static func render(
        _ request: Request, _ staff: StaffContext, _ volunteer: Volunteer, hoursForm: VolunteerHoursForm? = nil,
        errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let id = try volunteer.requireID()
        let hours = try await VolunteerHours.scoped(to: staff.organisationID, on: request.db).filter(\.$volunteer.$id == id)
            .sort(\.$day, .descending).all()
        let certificates = try await VolunteerCertificate.scoped(to: staff.organisationID, on: request.db)
            .filter(\.$volunteer.$id == id).sort(\.$issuedOn, .descending).all()
        let activities = try await Activity.scoped(to: staff.organisationID, on: request.db).sort(\.$title).all()
        try await request.audit(.view, .volunteer, recordID: id, detail: "wolontariusz: karta")
        var form = hoursForm ?? VolunteerHoursForm()
        if hoursForm == nil { form.day = today(request).iso }
        return try await request.render(
            "volunteers/page",
            try VolunteerPage.make(
                volunteer, hours: hours, certificates: certificates, activities: activities, form: form, errors: errors,
                notice: status == .ok ? request.query[String.self, at: "done"].flatMap { VolunteerPage.notices[$0] } : nil,
                today: today(request), layout: try await request.layout(title: volunteer.name, section: "volunteers")),
            status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let staff = try context(request)
        return try await render(request, staff, try await volunteer(request, staff))
    }

    @Sendable static func addHours(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let volunteer = try await volunteer(request, staff)
        let form = try request.content.decode(VolunteerHoursForm.self)
        let activities = Set(try await Activity.scoped(to: staff.organisationID, on: request.db).all().compactMap(\.id))
        switch form.validate(today: today(request), activities: activities) {
        case .failure(let errors):
            return try await render(request, staff, volunteer, hoursForm: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let id = try volunteer.requireID()
            try await request.db.writeTransaction { db in
                try await VolunteerHours(
                    organisationID: staff.organisationID, volunteerID: id, valid: valid, recordedBy: staff.userName,
                    createdAt: request.clock.now()
                ).create(on: db)
                try await request.auditChange(
                    .create, .volunteer, recordID: id,
                    detail: "wolontariusz: \(VolunteerHoursForm.text(valid.minutes)) w dniu \(valid.day.iso)", on: db)
            }
            return request.redirect(
                to: SiteRoute.volunteerPage.url(id, query: "done=hours", fragment: "godziny"), redirectType: .normal)
        }
    }

    /// A numbered certificate of every hour given so far; the number comes from the
    /// organisation's certificate register, the same counter as event certificates.
    @Sendable static func issueCertificate(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let volunteer = try await volunteer(request, staff)
        let id = try volunteer.requireID()
        let hours = try await VolunteerHours.scoped(to: staff.organisationID, on: request.db).filter(\.$volunteer.$id == id).all()
        guard let first = hours.map(\.day).min(), let last = hours.map(\.day).max() else {
            return try await render(
                request, staff, volunteer,
                errors: FieldErrors("day", "Najpierw wpisz godziny wolontariusza — zaświadczenie podaje ich sumę."),
                status: .unprocessableEntity)
        }
        let today = today(request)
        let total = hours.reduce(0) { $0 + $1.minutes }
        let certificate = try await request.db.writeTransaction { db in
            let sequence = try await CertificateService.nextSequence(staff.organisationID, year: today.year, on: db)
            let certificate = VolunteerCertificate(
                organisationID: staff.organisationID, volunteerID: id,
                number: CertificateNumber(sequence: sequence, year: today.year, code: "WOL").text, issuedOn: today,
                firstDay: first, lastDay: last, minutes: total, issuedBy: staff.userName)
            try await certificate.create(on: db)
            try await request.auditChange(
                .create, .volunteer, recordID: id, detail: "wolontariusz: zaświadczenie nr \(certificate.number)", on: db)
            return certificate
        }
        return request.redirect(
            to: SiteRoute.volunteerCertificate.url(id, try certificate.requireID()), redirectType: .normal)
    }

    @Sendable static func certificate(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let volunteer = try await volunteer(request, staff)
        guard let certificateID = request.parameters.get("certificateID", as: UUID.self),
            let certificate = try await VolunteerCertificate.find(certificateID, in: staff.organisationID, on: request.db),
            certificate.$volunteer.id == volunteer.id,
            let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        try await request.audit(
            .print, .volunteer, recordID: volunteer.id, detail: "wolontariusz: zaświadczenie \(certificate.number)")
        let hours = try await VolunteerHours.scoped(to: staff.organisationID, on: request.db)
            .filter(\.$volunteer.$id == volunteer.requireID()).filter(\.$day >= certificate.firstDay)
            .filter(\.$day <= certificate.lastDay).all()
        let activities = try await Activity.scoped(to: staff.organisationID, on: request.db).all()
        return try await request.render(
            "volunteers/certificate",
            VolunteerDocumentPage.certificate(
                volunteer, certificate, hours: hours, activities: activities, organisation: organisation,
                layout: try await request.layout(title: "Zaświadczenie \(certificate.number)", section: "volunteers")
                    .branded(organisation)))
    }

    @Sendable static func agreement(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let volunteer = try await volunteer(request, staff)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        guard !volunteer.agreementNumber.isEmpty else {
            throw Abort(
                .notFound,
                reason: "Ten wolontariusz nie ma jeszcze porozumienia. Wpisz jego numer i zakres w danych wolontariusza.")
        }
        try await request.audit(.print, .volunteer, recordID: volunteer.id, detail: "wolontariusz: porozumienie")
        return try await request.render(
            "volunteers/agreement",
            VolunteerDocumentPage.agreement(
                volunteer, organisation: organisation,
                layout: try await request.layout(title: "Porozumienie \(volunteer.agreementNumber)", section: "volunteers")
                    .branded(organisation)))
    }
}
