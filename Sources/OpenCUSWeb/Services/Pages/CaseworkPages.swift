import Fluent
import OpenCUSCore
import Vapor

/// The page models of `CaseworkController` (what its templates receive).
extension CaseworkController {
    struct SettingsPage: Encodable, Sendable {
        let layout: Layout
        let form: IntakeSettingsForm
        let errors: FieldErrors
        let version: Int
        let notice: String?
    }
}

extension CaseworkController.SettingsPage {
    /// The form as typed after an error, else the organisation's settings in force.
    static func make(
        _ settings: EffectiveIntakeSettings, typed: IntakeSettingsForm?, errors: FieldErrors, notice: String?, layout: Layout
    ) -> CaseworkController.SettingsPage {
        var shown = IntakeSettingsForm()
        shown.assessmentDays = String(settings.rules.assessmentDays)
        shown.ipusDays = String(settings.rules.ipusDays)
        shown.appealDays = String(settings.rules.appealDays)
        shown.appealBody = settings.appealBody
        shown.refusalIsDecision = settings.rules.refusalIsDecision ? "on" : ""
        shown.rodoClause = settings.rodoClause
        return CaseworkController.SettingsPage(
            layout: layout, form: typed ?? shown, errors: errors, version: settings.rodoVersion,
            notice: notice)
    }
}
