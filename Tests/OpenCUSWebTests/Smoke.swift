import Testing
import VaporTesting
@testable import OpenCUSWeb
@Test func builds() { #expect(Bool(true)) }
