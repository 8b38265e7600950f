import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) for the outbox worker: one connection per message,
/// STARTTLS or implicit TLS, AUTH PLAIN or LOGIN. No SMTP package is on our package mirror,
/// so this is written on SwiftNIO; it is tested against a real server (aiosmtpd, see
/// scripts/smtp-test-server.py) in `SMTPClientTests`.
struct SMTPClient: Sendable {
    struct Envelope: Sendable {
        var from: String
        var recipients: [String]
        /// The rendered RFC 5322 message with CRLF line endings.
        var data: String
    }

    let settings: AppConfiguration.SMTPSettings
    let group: any EventLoopGroup

    func send(_ envelope: Envelope) async throws {
        let channel = try await connect()
        // One deadline for the whole conversation: closing the channel ends any pending read.
        let deadline = channel.channel.eventLoop.scheduleTask(in: .seconds(Int64(settings.timeout))) {
            channel.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var conversation = Conversation(channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await conversation.expect(220, stage: .greeting)
            var capabilities = try await conversation.ehlo(settings.heloName)
            if settings.security == .starttls {
                guard capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                    throw SMTPError.startTLSNotOffered
                }
                try await conversation.command("STARTTLS", expect: 220, stage: .startTLS)
                try await addTLS(to: channel.channel)
                capabilities = try await conversation.ehlo(settings.heloName)
            }
            if let username = settings.username, let password = settings.password {
                try await conversation.authenticate(username: username, password: password, capabilities: capabilities)
            }
            try await conversation.command("MAIL FROM:<\(envelope.from)>", expect: 250, stage: .mailFrom)
            for recipient in envelope.recipients {
                try await conversation.command("RCPT TO:<\(recipient)>", expectAnyOf: [250, 251], stage: .recipient)
            }
            try await conversation.command("DATA", expect: 354, stage: .data)
            try await conversation.write(SMTPClient.dotStuffed(envelope.data))
            try await conversation.expect(250, stage: .messageBody)
            // The message is accepted; a failing QUIT must not make the worker send it again.
            try? await conversation.command("QUIT", expect: 221, stage: .quit)
        }
    }

    private func connect() async throws -> NIOAsyncChannel<String, ByteBuffer> {
        let implicitTLS = settings.security == .tls
        let sslContext = implicitTLS ? try makeSSLContext() : nil
        let host = settings.host
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(Int64(min(settings.timeout, 30))))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: sslContext, serverHostname: SMTPClient.sniName(host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.cannotConnect(host: settings.host, port: settings.port, reason: String(describing: type(of: error)))
        }
    }

    private func addTLS(to channel: any Channel) async throws {
        let context = try makeSSLContext()
        let host = settings.host
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: SMTPClient.sniName(host))
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    private func makeSSLContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile = settings.caFile {
            tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// SNI must not carry an IP address; certificate checks then use the address itself.
    static func sniName(_ host: String) -> String? {
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || host.contains(":") ? nil : host
    }

    /// Lines that begin with "." get another "." (RFC 5321 §4.5.2); the message ends with CRLF.CRLF.
    static func dotStuffed(_ data: String) -> String {
        let normalised = data.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalised.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let stuffed = lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }
        return stuffed.joined(separator: "\r\n") + "\r\n.\r\n"
    }
}

/// The reply reader and command writer of one SMTP session.
private struct Conversation {
    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<String>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    struct Reply {
        var code: Int
        var lines: [String]
    }

    mutating func readReply(stage: SMTPError.Stage) async throws -> Reply {
        var lines: [String] = []
        while true {
            guard let line = try await inbound.next() else { throw SMTPError.connectionClosed(stage: stage) }
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                throw SMTPError.malformedReply(stage: stage)
            }
            lines.append(line.count > 4 ? String(line.dropFirst(4)) : "")
            // "250-..." continues a multi-line reply, "250 ..." ends it.
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                return Reply(code: code, lines: lines)
            }
            if lines.count > 100 { throw SMTPError.malformedReply(stage: stage) }
        }
    }

    mutating func expect(_ code: Int, stage: SMTPError.Stage) async throws {
        try await expect(anyOf: [code], stage: stage)
    }

    @discardableResult
    mutating func expect(anyOf codes: Set<Int>, stage: SMTPError.Stage) async throws -> Reply {
        let reply = try await readReply(stage: stage)
        guard codes.contains(reply.code) else {
            throw SMTPError.rejected(stage: stage, code: reply.code, text: reply.lines.joined(separator: " "))
        }
        return reply
    }

    func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    mutating func command(_ line: String, expect code: Int, stage: SMTPError.Stage) async throws {
        try await write(line + "\r\n")
        try await expect(code, stage: stage)
    }

    mutating func command(_ line: String, expectAnyOf codes: Set<Int>, stage: SMTPError.Stage) async throws {
        try await write(line + "\r\n")
        try await expect(anyOf: codes, stage: stage)
    }

    /// Returns the server's extensions (the lines after the greeting line).
    mutating func ehlo(_ name: String) async throws -> [String] {
        try await write("EHLO \(name)\r\n")
        let reply = try await expect(anyOf: [250], stage: .ehlo)
        return Array(reply.lines.dropFirst())
    }

    mutating func authenticate(username: String, password: String, capabilities: [String]) async throws {
        let mechanisms =
            capabilities
            .first { $0.uppercased().hasPrefix("AUTH ") || $0.uppercased().hasPrefix("AUTH=") }
            .map { $0.dropFirst(5).uppercased().split(separator: " ").map(String.init) } ?? []
        if mechanisms.contains("PLAIN") {
            let token = Data(("\0" + username + "\0" + password).utf8).base64EncodedString()
            try await command("AUTH PLAIN \(token)", expect: 235, stage: .authentication)
        } else if mechanisms.contains("LOGIN") {
            try await command("AUTH LOGIN", expect: 334, stage: .authentication)
            try await command(Data(username.utf8).base64EncodedString(), expect: 334, stage: .authentication)
            try await command(Data(password.utf8).base64EncodedString(), expect: 235, stage: .authentication)
        } else {
            throw SMTPError.noSupportedAuthentication
        }
    }
}

/// Splits the byte stream into reply lines, without the line ending. A line longer than
/// 4 KiB means the peer is not an SMTP server we want to talk to.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPError.malformedReply(stage: .greeting) }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }
}

enum SMTPError: Error, CustomStringConvertible, PermanentDeliveryFailure {
    enum Stage: String, Sendable {
        case greeting, ehlo, startTLS = "STARTTLS", authentication, mailFrom = "MAIL FROM", recipient = "RCPT TO",
            data = "DATA", messageBody = "message body", quit = "QUIT"
    }

    case cannotConnect(host: String, port: Int, reason: String)
    case connectionClosed(stage: Stage)
    case malformedReply(stage: Stage)
    case rejected(stage: Stage, code: Int, text: String)
    case startTLSNotOffered
    case noSupportedAuthentication

    /// 5xx replies mean "do not try again" (RFC 5321 §4.2.1); authentication failures too,
    /// since retrying with the same password will not help and may lock the account.
    var isPermanent: Bool {
        switch self {
        case .rejected(let stage, let code, _): return code >= 500 || stage == .authentication
        case .startTLSNotOffered, .noSupportedAuthentication: return true
        default: return false
        }
    }

    /// Shown to administrators in the outbox; may contain what the server said.
    var description: String {
        switch self {
        case .cannotConnect(let host, let port, let reason): "Nie można połączyć się z serwerem SMTP \(host):\(port) (\(reason))."
        case .connectionClosed(let stage): "Serwer SMTP zamknął połączenie na etapie \(stage.rawValue)."
        case .malformedReply(let stage): "Serwer SMTP odpowiedział niezrozumiale na etapie \(stage.rawValue)."
        case .rejected(let stage, let code, let text): "Serwer SMTP odrzucił \(stage.rawValue): \(code) \(text)"
        case .startTLSNotOffered: "Serwer SMTP nie oferuje STARTTLS; ustaw OPENCUS_SMTP_SECURITY=tls lub none."
        case .noSupportedAuthentication: "Serwer SMTP nie obsługuje logowania PLAIN ani LOGIN."
        }
    }

    /// Safe for logs: no server text (it may echo an address).
    var logSummary: String {
        switch self {
        case .cannotConnect(_, _, let reason): "smtp cannot connect (\(reason))"
        case .connectionClosed(let stage): "smtp connection closed at \(stage.rawValue)"
        case .malformedReply(let stage): "smtp malformed reply at \(stage.rawValue)"
        case .rejected(let stage, let code, _): "smtp \(code) at \(stage.rawValue)"
        case .startTLSNotOffered: "smtp starttls not offered"
        case .noSupportedAuthentication: "smtp no supported auth"
        }
    }
}
