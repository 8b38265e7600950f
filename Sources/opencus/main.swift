import Foundation
import Logging
import OpenCUSWeb
import Vapor

// Configuration is read (and checked) before anything starts, so a typo in an environment
// variable stops the program with a message naming the variable and the fix.
let configuration: AppConfiguration
do {
    configuration = try AppConfiguration.load(from: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("opencus: \(error)\n".utf8))
    exit(78)  // EX_CONFIG
}

// Production unless `--env` says otherwise: OpenCUS has no development-only behaviour of its
// own, and Vapor's development mode turns off the template cache (measured: the event page
// spends ~20% of its time re-reading and re-parsing templates without it).
let arguments = CommandLine.arguments
let explicitEnvironment = arguments.contains { $0 == "--env" || $0 == "-e" || $0.hasPrefix("--env=") }
var environment = explicitEnvironment ? try Environment.detect() : Environment(name: "production", arguments: arguments)
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = configuration.logLevel
    return handler
}

let app = try await Application.make(environment)
do {
    try await configure(app, configuration: configuration)
    try await app.execute()
} catch {
    FileHandle.standardError.write(Data("opencus: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
