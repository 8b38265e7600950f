import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesUpToTheCapThenGivesUp() {
        let policy = RetryPolicy(baseDelay: 60, maximumDelay: 600, maximumAttempts: 6)
        #expect(policy.decision(afterFailedAttempts: 1) == .retry(after: 60))
        #expect(policy.decision(afterFailedAttempts: 2) == .retry(after: 120))
        #expect(policy.decision(afterFailedAttempts: 4) == .retry(after: 480))
        #expect(policy.decision(afterFailedAttempts: 5) == .retry(after: 600))
        #expect(policy.decision(afterFailedAttempts: 6) == .giveUp)
        #expect(policy.decision(afterFailedAttempts: 60) == .giveUp)
    }
}

@Suite struct MIMEComposerTests {
    let date = Date(timeIntervalSince1970: 1_782_858_600)  // 2026-07-01 00:30 Warsaw

    func message(html: String? = nil, attachments: [MailAttachment] = []) -> MailMessage {
        MailMessage(
            from: MailAddress(name: "Centrum Usług Społecznych", email: EmailAddress("cus@example.pl")!),
            to: MailAddress(name: "Żaneta Łęcka", email: EmailAddress("zaneta@example.pl")!),
            subject: "Potwierdzenie rejestracji na II Kongres Centrów Usług Społecznych w Starachowicach – zaproszenie",
            textBody: "Dzień dobry,\n.kropka na początku\nkoniec linii ze spacją \n" + String(repeating: "ż", count: 60),
            htmlBody: html, attachments: attachments, messageID: "abc@opencus.example", date: date)
    }

    /// An organiser's message: answers go to the event's contact, not to the no-reply sender.
    @Test func replyToIsAHeaderOfItsOwnOnlyWhenGiven() {
        #expect(!MIMEComposer.render(message(), boundarySeed: "r0").contains("Reply-To:"))
        var withReply = message()
        withReply.replyTo = MailAddress(name: "Anna Łęcka", email: EmailAddress("kontakt@cus.example.pl")!)
        let text = MIMEComposer.render(withReply, boundarySeed: "r1")
        #expect(text.components(separatedBy: "\r\n").contains { $0.hasPrefix("Reply-To: =?UTF-8?B?") })
        #expect(text.components(separatedBy: "Reply-To:").count == 2)
        #expect(text.contains("=?UTF-8?B?") && text.contains("<kontakt@cus.example.pl>"))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func headersAreSevenBitAndWrapped() {
        let text = MIMEComposer.render(message(), boundarySeed: "b1")
        let headerPart = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(headerPart.allSatisfy { $0.isASCII })
        #expect(headerPart.contains("From: =?UTF-8?B?"))
        #expect(headerPart.contains(" <cus@example.pl>"))
        #expect(headerPart.contains("Date: Wed, 01 Jul 2026 00:30:00 +0200"))
        #expect(headerPart.contains("Message-ID: <abc@opencus.example>"))
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.count <= 78, "line too long: \(line)")
        }
        // The encoded subject decodes back to the original.
        let subjectWords = headerPart.components(separatedBy: "\r\n")
            .drop { !$0.hasPrefix("Subject:") }
            .prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
            .map { $0.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces) }
        let decoded = subjectWords.compactMap { word -> String? in
            let b64 = word.replacingOccurrences(of: "=?UTF-8?B?", with: "").replacingOccurrences(of: "?=", with: "")
            return Data(base64Encoded: b64).flatMap { String(data: $0, encoding: .utf8) }
        }.joined()
        #expect(decoded == message().subject)
    }

    @Test func quotedPrintableRoundTrips() {
        let original = "Dzień dobry = witamy\nkoniec linii ze spacją \n" + String(repeating: "ż", count: 60)
        let encoded = MIMEComposer.quotedPrintable(original)
        #expect(encoded.contains("Dzie=C5=84"))
        #expect(encoded.contains("=3D"))
        #expect(encoded.contains("spacj=C4=85=20"))
        #expect(Self.decodeQP(encoded) == original)
    }

    @Test func htmlAndAttachmentsMakeMultipartMixedWithAlternative() {
        let attachment = MailAttachment(
            filename: "program kongresu – łódź.pdf", contentType: "application/pdf", data: Array(repeating: 0x25, count: 200))
        let text = MIMEComposer.render(message(html: "<p>Dzień dobry</p>", attachments: [attachment]), boundarySeed: "b2")
        #expect(text.contains("Content-Type: multipart/mixed; boundary=\"mix-b2\""))
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"alt-b2\""))
        #expect(text.contains("Content-Type: text/html; charset=UTF-8"))
        #expect(text.contains("filename*=UTF-8''program%20kongresu%20%E2%80%93%20%C5%82%C3%B3d%C5%BA.pdf"))
        #expect(text.contains("--mix-b2--"))
        #expect(text.contains("--alt-b2--"))
        #expect(text.allSatisfy { $0.isASCII })
    }

    static func decodeQP(_ text: String) -> String {
        let joined = text.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "\r\n", with: "\n")
        var bytes: [UInt8] = []
        var index = joined.utf8.startIndex
        let utf8 = joined.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "="), let end = utf8.index(index, offsetBy: 3, limitedBy: utf8.endIndex) {
                let hex = String(decoding: utf8[utf8.index(after: index)..<end], as: UTF8.self)
                bytes.append(UInt8(hex, radix: 16)!)
                index = end
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite struct GreetingTests {
    /// "Dzień dobry Anna" (the nominative) is wrong Polish; "Dzień dobry," is right for everyone.
    @Test(arguments: RegistrationMailKind.allCases)
    func standardMailsGreetEveryoneCorrectly(_ kind: RegistrationMailKind) {
        let body = MailTemplate.standard(kind).body
        #expect(body.hasPrefix("Dzień dobry,\n"), "\(kind)")
        #expect(!body.contains("Dzień dobry {{"))
    }
}
