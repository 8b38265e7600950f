import Fluent
import OpenCUSCore
import Vapor

/// The public start page and the directory of organisations in the network.
enum HomeController {

    @Sendable static func home(_ request: Request) async throws -> Response {
        let total = try await Organisation.query(on: request.db).count()
        let cus = try await Organisation.query(on: request.db).filter(\.$kind == .cus).count()
        let page = HomePage.make(
            organisations: total, centres: cus, layout: try await request.layout(title: "Strona główna", section: "home"))
        return try await request.render("home/index", page)
    }

    @Sendable static func directory(_ request: Request) async throws -> Response {
        let organisations = try await Organisation.query(on: request.db).sort(\.$name).all()
        let page = DirectoryPage.make(
            organisations, layout: try await request.layout(title: "Organizacje w sieci", section: "organisations"))
        return try await request.render("home/organisations", page)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
