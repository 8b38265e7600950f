import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, on HOTP RFC 4226), as authenticator apps compute
/// them: 30-second steps, 6 digits, HMAC-SHA1 by default. Verification accepts one step either
/// side for clock drift, and never the same step twice (the caller stores the last used step).
public struct TOTP: Sendable {
    public enum Algorithm: String, Sendable { case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512" }

    public let secret: [UInt8]
    public let digits: Int
    public let period: TimeInterval
    public let algorithm: Algorithm

    public init(secret: [UInt8], digits: Int = 6, period: TimeInterval = 30, algorithm: Algorithm = .sha1) {
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    public func step(at time: Date) -> Int64 { Int64((time.timeIntervalSince1970 / period).rounded(.down)) }

    public func code(at time: Date) -> String { code(step: step(at: time)) }

    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] =
            switch algorithm {
            case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
            case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
            case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
            }
        // Dynamic truncation (RFC 4226 §5.3).
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step the code belongs to (now, or one step before/after), or nil. A step at or
    /// before `lastUsedStep` is refused: a code seen over someone's shoulder cannot be replayed.
    public func matchingStep(_ input: String, at time: Date, lastUsedStep: Int64?) -> Int64? {
        let typed = input.filter { !$0.isWhitespace && $0 != "-" }
        guard typed.count == digits, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: time)
        for candidate in [now, now - 1, now + 1] where candidate > (lastUsedStep ?? Int64.min) {
            if constantTimeEqual(code(step: candidate), typed) { return candidate }
        }
        return nil
    }

    /// The link authenticator apps understand (typed in or opened on the phone).
    public func provisioningURI(account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return
            "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParam)&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(Int(period))"
    }

    /// 20 random bytes (160 bits, the HMAC-SHA1 block recommendation of RFC 4226).
    public static func makeSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// RFC 4648 base32 without padding, the encoding authenticator apps use for secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    public static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return output
    }

    /// Accepts lower case, spaces and padding; nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased() where character != " " && character != "=" {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(index)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }

    /// "JBSW Y3DP EHPK 3PXP": easier to type from the screen.
    public static func grouped(_ text: String) -> String {
        stride(from: 0, to: text.count, by: 4).map { start in
            let from = text.index(text.startIndex, offsetBy: start)
            let to = text.index(from, offsetBy: min(4, text.count - start))
            return String(text[from..<to])
        }.joined(separator: " ")
    }
}

/// One-time recovery codes for when the phone is lost: ten codes of 10 characters from an
/// alphabet without look-alikes (no 0/O, 1/l/I), shown once, stored hashed.
public enum RecoveryCodes {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    public static func make(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let raw = String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            return raw.prefix(5) + "-" + raw.suffix(5)
        }
    }

    /// What is hashed and compared: lower case, without spaces and dashes.
    public static func normalise(_ typed: String) -> String {
        typed.lowercased().filter { $0 != "-" && !$0.isWhitespace }
    }
}
