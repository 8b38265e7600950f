import Foundation

/// Renders a `MailMessage` as RFC 5322 / MIME text with CRLF line endings, 7-bit clean:
/// Polish headers as RFC 2047 encoded words, text parts quoted-printable (readable in a text
/// editor, which matters for the `.eml` files the file transport writes), attachments base64.
public enum MIMEComposer {
    public static func render(_ message: MailMessage, boundarySeed: String) -> String {
        var headers: [String] = [
            "From: " + address(message.from),
            "To: " + address(message.to),
            "Subject: " + encodedHeader(message.subject, prefixLength: "Subject: ".count),
            "Date: " + rfc5322Date(message.date),
            "Message-ID: <\(message.messageID)>",
            "MIME-Version: 1.0",
        ]
        if let replyTo = message.replyTo { headers.insert("Reply-To: " + address(replyTo), at: 2) }
        let body: [String]
        let alternative = message.htmlBody.map { html in
            multipart(
                "alternative", boundary: "alt-\(boundarySeed)",
                parts: [textPart(message.textBody, subtype: "plain"), textPart(html, subtype: "html")])
        }
        if message.attachments.isEmpty {
            if let alternative {
                body = alternative
            } else {
                body = textPart(message.textBody, subtype: "plain")
            }
        } else {
            let first = alternative ?? textPart(message.textBody, subtype: "plain")
            body = multipart(
                "mixed", boundary: "mix-\(boundarySeed)",
                parts: [first] + message.attachments.map(attachmentPart))
        }
        headers.append(contentsOf: body)
        return headers.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: Parts (each part is its header lines, a blank line, then the body lines)

    private static func textPart(_ text: String, subtype: String) -> [String] {
        [
            "Content-Type: text/\(subtype); charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            quotedPrintable(text),
        ]
    }

    private static func attachmentPart(_ attachment: MailAttachment) -> [String] {
        let fallback = asciiFilename(attachment.filename)
        let encoded = rfc2231(attachment.filename)
        return [
            "Content-Type: \(attachment.contentType); name=\"\(fallback)\"",
            "Content-Transfer-Encoding: base64",
            "Content-Disposition: attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)",
            "",
            Data(attachment.data).base64EncodedString(options: [
                .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
            ]),
        ]
    }

    private static func multipart(_ subtype: String, boundary: String, parts: [[String]]) -> [String] {
        var lines = ["Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"", ""]
        for part in parts {
            lines.append("--\(boundary)")
            lines.append(contentsOf: part)
        }
        lines.append("--\(boundary)--")
        return lines
    }

    // MARK: Encodings

    static func address(_ address: MailAddress) -> String {
        guard let name = address.name, !name.isEmpty else { return address.email.value }
        let needsEncoding = !name.allSatisfy { $0.isASCII && !"\"\\\r\n".contains($0) }
        if needsEncoding {
            // Folded onto its own line: encoded words plus the address would pass 78 characters.
            return "\(encodedWords(name))\r\n <\(address.email.value)>"
        }
        return "\"\(name)\" <\(address.email.value)>"
    }

    /// RFC 2047 "B" encoding, split so that every encoded word stays under 75 characters and
    /// never cuts a UTF-8 sequence in half.
    static func encodedHeader(_ value: String, prefixLength: Int) -> String {
        let clean = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.allSatisfy({ $0.isASCII }) && clean.count + prefixLength <= 78 { return clean }
        return encodedWords(clean)
    }

    private static func encodedWords(_ value: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 39 bytes of UTF-8 → 52 base64 characters + 12 for "=?UTF-8?B?" and "?=" = 64, which
        // leaves room for "Subject: " on the first line within 78 characters.
        for character in value {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045 §6.7) with soft line breaks at 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output: [String] = []
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            var encoded = ""
            var current = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let token: String
                if (byte == 0x20 || byte == 0x09) && isLast {
                    token = String(format: "=%02X", byte)  // trailing whitespace would be stripped in transit
                } else if (byte >= 33 && byte <= 126 && byte != 61) || byte == 0x20 || byte == 0x09 {
                    token = String(UnicodeScalar(byte))
                } else {
                    token = String(format: "=%02X", byte)
                }
                if current + token.count > 75 {
                    encoded += "=\r\n"
                    current = 0
                }
                encoded += token
                current += token.count
            }
            output.append(encoded)
        }
        return output.joined(separator: "\r\n")
    }

    private static func asciiFilename(_ name: String) -> String {
        let mapped = name.map { ch -> Character in
            if ch.isASCII && ch != "\"" && ch != "\\" && !ch.isNewline { return ch }
            return "_"
        }
        return String(mapped)
    }

    private static func rfc2231(_ name: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "attachment"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Warsaw")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
