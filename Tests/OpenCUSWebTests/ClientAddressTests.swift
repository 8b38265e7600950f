import Foundation
import Testing
import Vapor

@testable import OpenCUSWeb

/// Client addresses behind a proxy, the per-network key of IPv6 clients, and a rate limiter that
/// keeps limiting under a flood of new addresses.
@Suite struct ClientAddressTests {
    @Test func behindTheProxyTheAddressIsTheOneOurProxyAppended() {
        // The client wrote "1.2.3.4" itself; our proxy appended the address it was reached from.
        #expect(ClientAddress.pick(forwardedFor: ["1.2.3.4", " 198.51.100.7"], remote: "10.0.0.2", hops: 1) == "198.51.100.7")
        #expect(ClientAddress.pick(forwardedFor: ["198.51.100.7"], remote: "10.0.0.2", hops: 1) == "198.51.100.7")
        // Two proxies of ours (a load balancer, then nginx): the second entry from the right.
        #expect(
            ClientAddress.pick(forwardedFor: ["6.6.6.6", "198.51.100.7", "10.0.0.9"], remote: "10.0.0.2", hops: 2)
                == "198.51.100.7")
        // Missing, too short or not an address: the connection's own address.
        #expect(ClientAddress.pick(forwardedFor: [], remote: "10.0.0.2", hops: 1) == "10.0.0.2")
        #expect(ClientAddress.pick(forwardedFor: ["198.51.100.7"], remote: "10.0.0.2", hops: 2) == "10.0.0.2")
        #expect(ClientAddress.pick(forwardedFor: ["<script>"], remote: "10.0.0.2", hops: 1) == "10.0.0.2")
        #expect(ClientAddress.pick(forwardedFor: ["unknown"], remote: nil, hops: 1) == "unknown")
        #expect(ClientAddress.pick(forwardedFor: ["2001:DB8:0:0:1::1"], remote: nil, hops: 1) == "2001:db8::1:0:0:1")
    }

    /// Vectors from Python's `ipaddress` (`ip_network(a + "/64", strict=False).compressed`,
    /// `ip_address(a).ipv4_mapped`), an implementation independent of the C library used here.
    @Test(arguments: [
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb:cccc:dddd:2", "2001:db8:1:2::/64"),
        ("2001:DB8:0:0:1::1", "2001:db8::/64"),
        ("::1", "::/64"),
        ("fe80::abcd:1", "fe80::/64"),
        ("2a02:a311:8000:1e00:5c1f:9d2e:1a2b:3c4d", "2a02:a311:8000:1e00::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("2001:db8::", "2001:db8::/64"),
        ("192.0.2.7", "192.0.2.7"),
        ("unknown", "unknown"),
    ])
    func ipv6ClientsAreCountedPerSlash64(_ address: String, _ key: String) {
        #expect(ClientAddress.limitKey(address) == key)
    }

    @Test func aFloodOfNewAddressesDoesNotMakeTheLimiterForgetWhoItIsLimiting() {
        let limiter = RateLimiter(perMinute: 3, capacity: 100)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for second in 0..<3 { #expect(limiter.check("198.51.100.7", now: start + Double(second)) == nil) }
        #expect(limiter.check("198.51.100.7", now: start + 3) != nil)
        for index in 0..<1_000 { _ = limiter.check("203.0.113.\(index)", now: start + 4) }
        #expect(limiter.remembered <= 100)
        #expect(limiter.check("198.51.100.7", now: start + 5) != nil, "still limited after the flood")
        // A minute after its hits, the client is let through again and the old entries are gone.
        #expect(limiter.check("198.51.100.7", now: start + 61) == nil)
        for index in 0..<200 { _ = limiter.check("192.0.2.\(index)", now: start + 130) }
        #expect(limiter.remembered <= 100)
    }

    @Test func forgedForwardedEntriesDoNotEscapeTheRateLimit() async throws {
        try await withTestApp(
            adjust: {
                $0.trustProxy = true
                $0.rateLimitPerMinute = 3
            }
        ) { t in
            let browser = t.browser()
            try await browser.get("/events/\(DemoRegistrations.upcomingSlug)/link")
            func resend(forwardedFor: String) async throws -> HTTPStatus {
                browser.headers.replaceOrAdd(name: .xForwardedFor, value: forwardedFor)
                return try await browser.post(
                    "/events/\(DemoRegistrations.upcomingSlug)/link", [("email", "ktos@example.pl")]
                ).status
            }
            for index in 0..<3 { #expect(try await resend(forwardedFor: "6.6.6.\(index), 198.51.100.7") != .tooManyRequests) }
            #expect(try await resend(forwardedFor: "6.6.6.99, 198.51.100.7") == .tooManyRequests)
            #expect(try await resend(forwardedFor: "198.51.100.8") != .tooManyRequests, "another client")
            // An IPv6 client moving inside its /64 is one client.
            for index in 1...3 { #expect(try await resend(forwardedFor: "2001:db8:1:2::\(index)") != .tooManyRequests) }
            #expect(try await resend(forwardedFor: "2001:db8:1:2:ffff::9") == .tooManyRequests)
        }
    }
}
