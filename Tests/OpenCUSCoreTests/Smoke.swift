import Testing
@testable import OpenCUSCore
@Test func builds() { #expect(Bool(true)) }
