import Fluent
import OpenCUSCore
import Vapor

/// One stored version, and the A4 print-outs (the plan in force, the closure summary).
extension IpusPages {
    struct VersionPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let number: String
        let person: String
        let version: Int
        let state: String
        let reason: String
        let approved: String
        let content: [ContentView]
        let previous: Int?
        let diff: [IpusDiff.Change]
    }

    struct PrintPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let organisation: String
        let number: String
        let version: Int
        let person: String
        let coordinator: String
        let approved: String
        let content: [ContentView]
        let summaryOn: String?
        let summary: String
    }
}
