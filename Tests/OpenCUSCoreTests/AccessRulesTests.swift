import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct PermissionTests {
    @Test func everyRoleMayOpenThePanelButOnlyAdminsSeeMail() {
        for role in Role.allCases {
            let permissions = PermissionSet(roles: [role], organisationIsOperator: false)
            #expect(permissions.allows(.viewPanel))
            #expect(permissions.allows(.viewOutbox) == (role == .admin))
        }
    }

    @Test func statementEditingNeedsTheOperatorOrganisation() {
        #expect(PermissionSet(roles: [.admin], organisationIsOperator: true).allows(.editAccessibilityStatement))
        #expect(!PermissionSet(roles: [.admin], organisationIsOperator: false).allows(.editAccessibilityStatement))
        #expect(!PermissionSet(roles: [.director], organisationIsOperator: true).allows(.editAccessibilityStatement))
    }

    @Test func theEventDeskOnlyChecksIn() {
        let desk = PermissionSet(roles: [.eventDesk], organisationIsOperator: false)
        #expect(desk.allows(.checkIn) && !desk.allows(.manageEvents) && !desk.allows(.viewOutbox))
        #expect(PermissionSet(roles: [.eventOrganiser], organisationIsOperator: false).allows(.checkIn))
    }

    @Test func rolesCombine() {
        let both = PermissionSet(roles: [.analyst, .director], organisationIsOperator: false)
        #expect(both.allows(.viewMembers))
        #expect(!both.allows(.retryOutbox))
    }
}

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test func acceptsLongPassphrases() {
        #expect(policy.problems(password: "zielone jabłko na parapecie", email: "anna@example.pl", name: "Anna Nowak").isEmpty)
        #expect(
            policy.problems(password: "demo-opencus-2026", email: "admin@rops-poznan.example", name: "Halina Przybylska").isEmpty)
    }

    @Test func refusesWithReasons() {
        #expect(policy.problems(password: "krotkie", email: "a@example.pl", name: "A") == [.tooShort(minimum: 12)])
        #expect(policy.problems(password: "aaaaaaaaaaaaaaab", email: "a@example.pl", name: "A") == [.tooFewDistinctCharacters])
        #expect(policy.problems(password: "Password1234", email: "a@example.pl", name: "A").contains(.common))
        #expect(policy.problems(password: "qwerty123456", email: "a@example.pl", name: "A").contains(.common))
        #expect(policy.problems(password: "haslo2026!!", email: "a@example.pl", name: "A").contains(.tooShort(minimum: 12)))
        #expect(
            policy.problems(password: "nowakowska-2026-xyz", email: "a@example.pl", name: "Ewa Nowakowska").contains(
                .containsPersonalData))
        #expect(
            policy.problems(password: "halina.przybylska!", email: "halina.przybylska@x.pl", name: "H P").contains(
                .containsPersonalData))
        #expect(
            policy.problems(password: String(repeating: "żółw ", count: 10), email: "a@example.pl", name: "A").contains(
                .tooLong(maximumBytes: 72)))
        for problem in [PasswordPolicy.Problem.tooShort(minimum: 12), .common, .containsPersonalData, .tooFewDistinctCharacters] {
            #expect(!problem.message.isEmpty)
        }
    }
}

@Suite struct LoginThrottlePolicyTests {
    let policy = LoginThrottlePolicy()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func fourFailuresAreFineTheFifthBlocksUntilTheOldestLeavesTheWindow() {
        let four = (1...4).map { now.addingTimeInterval(-Double($0) * 60) }
        #expect(policy.waitTime(accountFailures: four, addressFailures: [], now: now) == nil)
        let five = four + [now.addingTimeInterval(-5 * 60)]
        #expect(abs((policy.waitTime(accountFailures: five, addressFailures: [], now: now) ?? 0) - 10 * 60) < 0.001)
        let old = (1...10).map { now.addingTimeInterval(-Double($0) * 60 - 15 * 60) }
        #expect(policy.waitTime(accountFailures: old, addressFailures: [], now: now) == nil)
    }

    @Test func addressLimitIsHigher() {
        let nineteen = (1...19).map { now.addingTimeInterval(-Double($0)) }
        #expect(policy.waitTime(accountFailures: [], addressFailures: nineteen, now: now) == nil)
        let twenty = nineteen + [now.addingTimeInterval(-20)]
        #expect(abs((policy.waitTime(accountFailures: [], addressFailures: twenty, now: now) ?? 0) - (15 * 60 - 20)) < 0.001)
    }
}
