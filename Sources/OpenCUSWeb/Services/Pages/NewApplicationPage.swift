import Foundation
import OpenCUSCore

/// An application typed in by staff from another channel (in person, phone, e-mail, letter, ePUAP).
struct NewApplicationPage: Encodable, Sendable {
    let layout: Layout
    let view: ApplicationFormView
    let channel: String
}
