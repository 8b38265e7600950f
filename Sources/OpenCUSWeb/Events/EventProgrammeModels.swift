import Fluent
import Foundation
import OpenCUSCore

final class EventOrganisation: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_organisations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    /// The organisation from the directory, when it is there; otherwise only `name`.
    @OptionalParent(key: "partner_id") var partner: Organisation?
    @Field(key: "name") var name: String
    @Field(key: "role") var role: EventOrganisationRole
    @Field(key: "position") var position: Int
    @OptionalField(key: "logo_attachment_id") var logoAttachmentID: UUID?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        partnerID: UUID? = nil,
        name: String,
        role: EventOrganisationRole,
        position: Int,
        logoAttachmentID: UUID? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.$partner.id = partnerID
        self.name = name
        self.role = role
        self.position = position
        self.logoAttachmentID = logoAttachmentID
    }
}

final class EventRoom: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_rooms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "name") var name: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "position") var position: Int

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        name: String,
        note: String? = nil,
        position: Int
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.name = name
        self.note = note
        self.position = position
    }
}

final class EventPerson: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_people"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    /// "dr hab.", "prof.", "dr" — written before the name.
    @OptionalField(key: "honorific") var honorific: String?
    @Field(key: "name") var name: String
    /// Position and affiliation, e.g. "doradca Prezydenta RP, przewodniczący Rady Społecznej".
    @OptionalField(key: "affiliation") var affiliation: String?
    @OptionalField(key: "bio") var bio: String?
    @OptionalField(key: "photo_attachment_id") var photoAttachmentID: UUID?
    @OptionalField(key: "photo_alt") var photoAlt: String?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        honorific: String? = nil,
        name: String,
        affiliation: String? = nil,
        bio: String? = nil,
        photoAttachmentID: UUID? = nil,
        photoAlt: String? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.honorific = honorific
        self.name = name
        self.affiliation = affiliation
        self.bio = bio
        self.photoAttachmentID = photoAttachmentID
        self.photoAlt = photoAlt
    }

    var displayName: String { [honorific, name].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ") }
}

/// A block of alternatives (workshops) a participant chooses between.
final class ParallelGroup: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_parallel_groups"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "title") var title: String
    /// How many alternatives a participant may pick (usually 1).
    @Field(key: "max_choices") var maxChoices: Int
    /// Whether registration requires a choice in this group.
    @Field(key: "choice_required") var choiceRequired: Bool

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        title: String,
        maxChoices: Int,
        choiceRequired: Bool
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.title = title
        self.maxChoices = maxChoices
        self.choiceRequired = choiceRequired
    }
}

final class AgendaEntry: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_agenda_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    /// Instants (UTC in the database); shown in Europe/Warsaw.
    @Field(key: "starts_at") var startsAt: Date
    @OptionalField(key: "ends_at") var endsAt: Date?
    @Field(key: "type") var type: AgendaEntryType
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @OptionalParent(key: "room_id") var room: EventRoom?
    /// Free-text place when it is not a room of the venue ("recepcja hotelu").
    @OptionalField(key: "place_note") var placeNote: String?
    @OptionalParent(key: "parallel_group_id") var parallelGroup: ParallelGroup?
    /// Places in this alternative (registration, issue #4, allocates against it).
    @OptionalField(key: "capacity") var capacity: Int?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        startsAt: Date,
        endsAt: Date? = nil,
        type: AgendaEntryType,
        title: String,
        description: String,
        roomID: UUID? = nil,
        placeNote: String? = nil,
        parallelGroupID: UUID? = nil,
        capacity: Int? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.type = type
        self.title = title
        self.description = description
        self.$room.id = roomID
        self.placeNote = placeNote
        self.$parallelGroup.id = parallelGroupID
        self.capacity = capacity
    }
}

final class AgendaEntryPerson: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_agenda_entry_people"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "entry_id") var entry: AgendaEntry
    @Parent(key: "person_id") var person: EventPerson
    @Field(key: "role") var role: PersonRole
    @Field(key: "position") var position: Int

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        entryID: UUID,
        personID: UUID,
        role: PersonRole,
        position: Int
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$entry.id = entryID
        self.$person.id = personID
        self.role = role
        self.position = position
    }
}

/// An organisation presenting in an entry (the "good practices" block has six CUS).
final class AgendaEntryOrganisation: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_agenda_entry_organisations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "entry_id") var entry: AgendaEntry
    @OptionalParent(key: "presenter_id") var presenter: Organisation?
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        entryID: UUID,
        presenterID: UUID? = nil,
        name: String,
        position: Int
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$entry.id = entryID
        self.$presenter.id = presenterID
        self.name = name
        self.position = position
    }
}

/// A file attached to an event or to one agenda entry. Bytes live under the data folder
/// (`uploads/`), never under the public folder, and are served only through the download route.
final class EventAttachment: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @OptionalParent(key: "entry_id") var entry: AgendaEntry?
    @Field(key: "title") var title: String
    /// Sanitised at upload.
    @Field(key: "filename") var filename: String
    /// Detected from the content, not from the name.
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "storage_key") var storageKey: String
    /// Listed among the materials of the published report.
    @Field(key: "in_report") var inReport: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        entryID: UUID? = nil,
        title: String,
        filename: String,
        contentType: String,
        size: Int,
        storageKey: String,
        inReport: Bool
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.$entry.id = entryID
        self.title = title
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.storageKey = storageKey
        self.inReport = inReport
    }
}
