import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct TOTPTests {
    static let sha1 = Array("12345678901234567890".utf8)
    static let sha256 = Array("12345678901234567890123456789012".utf8)
    static let sha512 = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    /// RFC 6238 Appendix B: every published vector, 8 digits, 30-second steps.
    @Test(arguments: [
        (59.0, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ])
    func rfc6238Vectors(time: Double, sha1: String, sha256: String, sha512: String) {
        let at = Date(timeIntervalSince1970: time)
        #expect(TOTP(secret: Self.sha1, digits: 8, algorithm: .sha1).code(at: at) == sha1)
        #expect(TOTP(secret: Self.sha256, digits: 8, algorithm: .sha256).code(at: at) == sha256)
        #expect(TOTP(secret: Self.sha512, digits: 8, algorithm: .sha512).code(at: at) == sha512)
    }

    @Test func acceptsOneStepOfDriftAndNeverTheSameStepTwice() {
        let totp = TOTP(secret: Self.sha1)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(totp.code(step: step), at: now, lastUsedStep: nil) == step)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: now, lastUsedStep: nil) == step - 1)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now, lastUsedStep: nil) == step + 1)
        #expect(totp.matchingStep(totp.code(step: step - 2), at: now, lastUsedStep: nil) == nil)
        #expect(totp.matchingStep(totp.code(step: step), at: now, lastUsedStep: step) == nil)
        #expect(totp.matchingStep("12345", at: now, lastUsedStep: nil) == nil)
        #expect(totp.matchingStep("abcdef", at: now, lastUsedStep: nil) == nil)
        let spaced = totp.code(step: step)
        #expect(totp.matchingStep(String(spaced.prefix(3)) + " " + String(spaced.suffix(3)), at: now, lastUsedStep: nil) == step)
    }

    @Test func base32FollowsRFC4648() {
        let vectors = [
            "": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI",
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb oi==") == Array("foobar".utf8))
        #expect(Base32.decode("MZX!") == nil)
        let secret = TOTP.makeSecret()
        #expect(secret.count == 20 && Base32.decode(Base32.encode(secret)) == secret)
        #expect(Base32.grouped("JBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP")
    }

    @Test func provisioningLinkNamesTheAccountAndTheSecret() {
        let uri = TOTP(secret: Array("foobar".utf8)).provisioningURI(account: "anna@cus.example", issuer: "OpenCUS")
        #expect(uri.hasPrefix("otpauth://totp/OpenCUS%3Aanna%40cus.example?secret=MZXW6YTBOI&issuer=OpenCUS"))
    }

    @Test func recoveryCodesAreDistinctAndNormalise() {
        let codes = RecoveryCodes.make()
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(codes.allSatisfy { $0.count == 11 && $0.contains("-") })
        #expect(RecoveryCodes.normalise(" ABCDE-fghjk ") == "abcdefghjk")
    }
}

@Suite struct AuditChainTests {
    func entries(_ n: Int) -> [(entry: AuditEntry, previousHash: String, hash: String)] {
        var rows: [(entry: AuditEntry, previousHash: String, hash: String)] = []
        var previous = AuditChain.genesis
        for i in 1...n {
            let entry = AuditEntry(
                chain: "org", sequence: Int64(i), occurredAt: Date(timeIntervalSince1970: 1_795_000_000 + Double(i)),
                actorUserID: UUID(),
                actorName: "Anna Nowak", actorRoles: "director", action: "view", recordType: "registration",
                recordID: UUID().uuidString.lowercased(),
                subjects: ["registration:\(i)"], address: "127.0.0.1", detail: "line \(i)\nwith a newline", valueDigests: [])
            let hash = AuditChain.hash(entry, previous: previous)
            rows.append((entry, previous, hash))
            previous = hash
        }
        return rows
    }

    @Test func intactChainVerifies() {
        #expect(AuditChain.verify(entries(5)) == nil)
        #expect(AuditChain.verify([]) == nil)
    }

    @Test func changedContentIsFoundAtItsRow() {
        var rows = entries(5)
        rows[2].entry.detail = "rewritten"
        #expect(AuditChain.verify(rows) == .contentChanged(sequence: 3))
        var actor = entries(3)
        actor[1].entry.actorUserID = UUID()
        #expect(AuditChain.verify(actor) == .contentChanged(sequence: 2))
        var renamed = entries(3)
        renamed[2].entry.actorName = "Ktoś Inny"
        #expect(AuditChain.verify(renamed) == .contentChanged(sequence: 3))
    }

    @Test func removedOrReorderedRowsBreakTheChain() {
        var removed = entries(5)
        removed.remove(at: 2)
        #expect(AuditChain.verify(removed) == .gap(after: 2, found: 4))
        var swapped = entries(4)
        swapped.swapAt(1, 2)
        #expect(AuditChain.verify(swapped) != nil)
        // Without the oldest rows, the chain verifies only from the recorded anchor.
        let full = entries(5)
        let tail = Array(full.dropFirst(2))
        #expect(AuditChain.verify(tail, anchor: full[1].hash) == nil)
        #expect(AuditChain.verify(tail, anchor: AuditChain.genesis) == .linkBroken(sequence: 3))
    }

    @Test func fieldSeparatorsCannotBeForged() {
        // "a\nb" in one field must not hash like "a" and "b" in two fields.
        let one = AuditEntry(
            chain: "c", sequence: 1, occurredAt: Date(timeIntervalSince1970: 0), actorUserID: nil, actorName: "",
            actorRoles: "x\nview",
            action: "", recordType: "t", recordID: nil, subjects: [], address: nil, detail: "", valueDigests: [])
        let two = AuditEntry(
            chain: "c", sequence: 1, occurredAt: Date(timeIntervalSince1970: 0), actorUserID: nil, actorName: "", actorRoles: "x",
            action: "view", recordType: "t", recordID: nil, subjects: [], address: nil, detail: "", valueDigests: [])
        #expect(AuditChain.hash(one, previous: AuditChain.genesis) != AuditChain.hash(two, previous: AuditChain.genesis))
        #expect(
            AuditChain.valueDigest(field: "f", old: nil, new: "", salt: "s")
                != AuditChain.valueDigest(field: "f", old: "", new: nil, salt: "s"))
    }
}

@Suite struct RetentionRulesTests {
    func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }

    @Test func dueTheDayAfterTheCalendarMonthsHavePassed() {
        #expect(RetentionRules.dueDay(closedOn: day("2025-03-31"), months: 1) == day("2025-05-01"))
        #expect(RetentionRules.dueDay(closedOn: day("2024-02-29"), months: 12) == day("2025-03-01"))
        #expect(RetentionRules.dueDay(closedOn: day("2025-06-15"), months: 12) == day("2026-06-16"))
        // 2026-06-15 22:30 UTC is already 16 June in Warsaw (summer time).
        #expect(RetentionRules.isDue(closedOn: day("2025-06-15"), months: 12, now: Date(timeIntervalSince1970: 1_781_562_600)))
        #expect(!RetentionRules.isDue(closedOn: day("2025-06-15"), months: 12, now: Date(timeIntervalSince1970: 1_781_555_400)))
    }

    @Test func monthsAreBoundedPerRecordType() {
        #expect(RetentionRules.validate(nil, for: .registrations) != nil)
        #expect(RetentionRules.validate(0, for: .registrations) != nil)
        #expect(RetentionRules.validate(1, for: .registrations) == nil)
        #expect(RetentionRules.validate(6, for: .auditRecords)?.contains("od 12 do 600") == true)
        #expect(RetentionRules.validate(601, for: .registrationsFunded) != nil)
        #expect(RetentionRecordType.allCases.allSatisfy { RetentionRules.validate($0.defaultMonths, for: $0) == nil })
    }
}

@Suite struct SecurityRulesTests {
    @Test func shippedPasswordListIsLoadedAndCatchesDecoratedWords() {
        #expect(PasswordPolicy.commonList.count > 10_000)
        let policy = PasswordPolicy()
        for weak in [
            "Password2024!", "dragon123456789", "!!monkey12345678", "haslohaslohaslo", "Qwertyuiop123", "sunshine2024!!",
        ] {
            #expect(policy.problems(password: weak, email: "a@b.pl", name: "Anna Nowak").contains(.common), "\(weak)")
        }
        for fine in ["zielone jabłko na parapecie", "kot-pije-mleko-o-świcie", "demo-opencus-2026-x"] {
            #expect(!policy.problems(password: fine, email: "a@b.pl", name: "Anna Nowak").contains(.common), "\(fine)")
        }
    }

    @Test func deviceLabelsNameBrowserAndSystemOnly() {
        #expect(
            DeviceLabel.from(userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")
                == "Firefox, Windows")
        #expect(
            DeviceLabel.from(userAgent: "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36")
                == "Chrome, Android")
        #expect(DeviceLabel.from(userAgent: nil) == "nieznane urządzenie")
    }

    @Test func onlyAnalystsAndCommunityOrganisersSeeNoPersonalFiles() {
        #expect(Role.allCases.filter { !$0.seesPersonalFiles } == [.communityOrganiser, .analyst])
        #expect(PermissionSet(roles: [.dpo], organisationIsOperator: false).allows(.viewAudit))
        #expect(!PermissionSet(roles: [.dpo], organisationIsOperator: false).allows(.manageEvents))
        #expect(!PermissionSet(roles: [.eventOrganiser], organisationIsOperator: false).allows(.viewAudit))
        #expect(!PermissionSet(roles: [.admin], organisationIsOperator: true).allows(.manageDataSubjects))
    }
}
