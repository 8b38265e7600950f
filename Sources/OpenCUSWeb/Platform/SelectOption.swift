/// One option of a `<select>`, radio or checkbox list in a page context.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool

    init(value: String, label: String, selected: Bool = false) {
        self.value = value
        self.label = label
        self.selected = selected
    }
}
