import Foundation
import NIOPosix
import OpenCUSCore
import Testing

@testable import OpenCUSWeb

/// Where scripts/smtp-test-server.py listens (CI starts it; locally run it yourself).
enum SMTPTestServer {
    static var port: Int? { ProcessInfo.processInfo.environment["OPENCUS_TEST_SMTP_PORT"].flatMap(Int.init) }
    static var directory: String? { ProcessInfo.processInfo.environment["OPENCUS_TEST_SMTP_DIR"] }
    static var configured: Bool { port != nil && directory != nil }

    /// Raw messages in the server's Maildir whose text contains `marker`.
    static func messages(containing marker: String) throws -> [String] {
        guard let directory else { return [] }
        var found: [String] = []
        for sub in ["new", "cur"] {
            let folder = directory + "/Maildir/" + sub
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                if text.contains(marker) { found.append(text) }
            }
        }
        return found
    }
}

@Suite struct SMTPClientTests {
    func settings(port: Int, security: AppConfiguration.SMTPSecurity, host: String = "127.0.0.1", password: String? = nil)
        -> AppConfiguration.SMTPSettings
    {
        AppConfiguration.SMTPSettings(
            host: host, port: port, security: security, username: password == nil ? nil : "opencus", password: password,
            caFile: SMTPTestServer.directory.map { $0 + "/cert.pem" }, timeout: 10, heloName: "opencus.test")
    }

    func message(marker: String, to: String = "uczestnik@example.pl") -> MailMessage {
        MailMessage(
            from: MailAddress(name: "Centrum Usług Społecznych", email: EmailAddress("cus@example.pl")!),
            to: MailAddress(name: "Łucja Żak", email: EmailAddress(to)!),
            subject: "Potwierdzenie – \(marker)",
            textBody: "Dzień dobry,\n.linia zaczynająca się kropką\n\(marker)\n",
            htmlBody: "<p>Dzień dobry</p>",
            attachments: [
                MailAttachment(filename: "program.pdf", contentType: "application/pdf", data: Array("%PDF-1.4 test".utf8))
            ],
            messageID: "\(marker)@opencus.test", date: Date())
    }

    func send(_ message: MailMessage, with settings: AppConfiguration.SMTPSettings) async throws {
        let transport = SMTPMailTransport(client: SMTPClient(settings: settings, group: MultiThreadedEventLoopGroup.singleton))
        try await transport.deliver(message, rendered: MIMEComposer.render(message, boundarySeed: "t"))
    }

    @Test(.enabled(if: SMTPTestServer.configured))
    func deliversOverPlainSMTPWithDotStuffingIntact() async throws {
        let marker = "plain-\(UUID().uuidString)"
        try await send(message(marker: marker), with: settings(port: SMTPTestServer.port!, security: .none))
        let received = try SMTPTestServer.messages(containing: marker)
        #expect(received.count == 1)
        let text = try #require(received.first)
        #expect(text.contains("Message-ID: <\(marker)@opencus.test>"))
        // Dot-stuffing is undone by the server: the line arrives as written (quoted-printable body).
        #expect(text.contains(".linia zaczynaj=C4=85ca si=C4=99 kropk=C4=85"))
        #expect(text.contains("filename=\"program.pdf\""))
    }

    @Test(.enabled(if: SMTPTestServer.configured))
    func deliversWithSTARTTLSAndAuthentication() async throws {
        let marker = "starttls-\(UUID().uuidString)"
        try await send(
            message(marker: marker),
            with: settings(port: SMTPTestServer.port! + 1, security: .starttls, host: "localhost", password: "sekret-testowe"))
        #expect(try SMTPTestServer.messages(containing: marker).count == 1)
    }

    @Test(.enabled(if: SMTPTestServer.configured))
    func deliversOverImplicitTLS() async throws {
        let marker = "tls-\(UUID().uuidString)"
        try await send(
            message(marker: marker),
            with: settings(port: SMTPTestServer.port! + 2, security: .tls, host: "localhost", password: "sekret-testowe"))
        #expect(try SMTPTestServer.messages(containing: marker).count == 1)
    }

    @Test(.enabled(if: SMTPTestServer.configured))
    func untrustedCertificateIsRefused() async throws {
        var untrusted = settings(port: SMTPTestServer.port! + 2, security: .tls, host: "localhost", password: "sekret-testowe")
        untrusted.caFile = nil
        let marker = "untrusted-\(UUID().uuidString)"
        await #expect(throws: (any Error).self) { try await send(message(marker: marker), with: untrusted) }
        #expect(try SMTPTestServer.messages(containing: marker).isEmpty)
    }

    @Test(.enabled(if: SMTPTestServer.configured))
    func wrongPasswordIsAPermanentFailure() async throws {
        let error = await #expect(throws: SMTPError.self) {
            try await send(
                message(marker: "badauth"),
                with: settings(port: SMTPTestServer.port! + 1, security: .starttls, host: "localhost", password: "złe hasło"))
        }
        #expect(error?.isPermanent == true)
    }

    @Test(.enabled(if: SMTPTestServer.configured))
    func rejectedRecipientIsPermanentAndTemporaryRefusalIsNot() async throws {
        let rejected = await #expect(throws: SMTPError.self) {
            try await send(
                message(marker: "rej", to: "reject@example.pl"), with: settings(port: SMTPTestServer.port!, security: .none))
        }
        #expect(rejected?.isPermanent == true)
        #expect(rejected?.logSummary == "smtp 550 at RCPT TO")
        let temporary = await #expect(throws: SMTPError.self) {
            try await send(
                message(marker: "tmp", to: "tempfail@example.pl"), with: settings(port: SMTPTestServer.port!, security: .none))
        }
        #expect(temporary?.isPermanent == false)
    }

    @Test(.enabled(if: SMTPTestServer.configured))
    func serverWithoutSTARTTLSIsRefusedWhenItIsRequired() async throws {
        let error = await #expect(throws: SMTPError.self) {
            try await send(message(marker: "nostarttls"), with: settings(port: SMTPTestServer.port!, security: .starttls))
        }
        #expect(error == nil || error!.isPermanent)
    }

    @Test func closedPortIsATemporaryConnectionFailure() async throws {
        let error = await #expect(throws: SMTPError.self) {
            try await send(message(marker: "closed"), with: settings(port: 1, security: .none))
        }
        guard case .cannotConnect = error else {
            Issue.record("expected cannotConnect, got \(String(describing: error))")
            return
        }
        #expect(error?.isPermanent == false)
    }

    @Test func dotStuffingAndTerminator() {
        #expect(SMTPClient.dotStuffed("a\r\n.b\r\n..c\r\n") == "a\r\n..b\r\n...c\r\n.\r\n")
        #expect(SMTPClient.dotStuffed("x") == "x\r\n.\r\n")
        #expect(SMTPClient.sniName("127.0.0.1") == nil)
        #expect(SMTPClient.sniName("mail.example.pl") == "mail.example.pl")
    }
}
