import Foundation
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who is on the other end of a request, for throttles, rate limits and the audit trail.
enum ClientAddress {
    /// The client's IP address. Behind our own reverse proxy (`OPENCUS_TRUST_PROXY=true`) it is
    /// the address that proxy appended to `X-Forwarded-For` — the entry `proxyHops` from the
    /// right (each trusted proxy appends the address it was reached from). Whatever a client
    /// wrote into the header itself stands to the left of those and is never used, and an entry
    /// that is not an IP address falls back to the connection's own address.
    static func of(_ request: Request) -> String {
        let remote = request.remoteAddress?.ipAddress
        guard request.config.trustProxy else { return remote ?? "unknown" }
        let entries = request.headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
        return pick(forwardedFor: entries.map(String.init), remote: remote, hops: request.config.proxyHops)
    }

    static func pick(forwardedFor entries: [String], remote: String?, hops: Int) -> String {
        let cleaned = entries.map { $0.trimmingCharacters(in: .whitespaces) }
        guard hops >= 1, cleaned.count >= hops, let address = normalised(cleaned[cleaned.count - hops]) else {
            return remote ?? "unknown"
        }
        return address
    }

    /// The key a rate limit counts by: an IPv4 address as it is, an IPv6 address by its /64
    /// network (one home or phone gets a whole /64 and can take any address in it).
    static func limitKey(_ address: String) -> String {
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12..<16].map(String.init).joined(separator: ".")  // IPv4-mapped: the IPv4 address
        }
        withUnsafeMutableBytes(of: &v6) { raw in
            for index in 8..<16 { raw[index] = 0 }
        }
        return (format(AF_INET6, &v6, length: INET6_ADDRSTRLEN) ?? address) + "/64"
    }

    /// The address in its canonical text form (the C library's parser and printer decide), or
    /// nil when it is not an IPv4 or IPv6 literal.
    static func normalised(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return format(AF_INET, &v4, length: INET_ADDRSTRLEN) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return format(AF_INET6, &v6, length: INET6_ADDRSTRLEN) }
        return nil
    }

    private static func format<T>(_ family: Int32, _ address: inout T, length: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(length))
        guard inet_ntop(family, &address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(cString: buffer)
    }
}
