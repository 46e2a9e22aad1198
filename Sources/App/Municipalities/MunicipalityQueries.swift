import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The queries behind the municipality pages, callable from tests without HTTP.
enum MunicipalityQueries {
    static let perPage = 25

    struct Filter: Sendable {
        var search: String = ""
        var province: String = ""
        var page: Int? = nil
    }

    /// One page of municipalities valid today, matching a search on name or code and a province.
    static func search(_ filter: Filter, on db: any Database) async throws -> (items: [Municipality], pagination: Pagination) {
        func base() -> QueryBuilder<Municipality> {
            var query = Municipality.query(on: db).filter(\.$validUntil == nil)
            let term = Format.searchKey(filter.search.trimmingCharacters(in: .whitespaces))
            if !term.isEmpty {
                let escaped = term.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                let like = SQLBinaryExpression(
                    left: SQLColumn("search_key"), op: SQLBinaryOperator.like,
                    right: SQLBind("%" + escaped + "%"))
                query = query.filter(.sql(SQLList([like, SQLRaw("ESCAPE '\\'")], separator: SQLRaw(" "))))
            }
            if Province.all.contains(filter.province) {
                query = query.filter(\.$province == filter.province)
            }
            return query
        }
        let total = try await base().count()
        let pagination = Pagination(requestedPage: filter.page, perPage: perPage, total: total)
        let items = try await base().sort(\.$name).range(pagination.offset..<(pagination.offset + perPage)).all()
        return (items, pagination)
    }

    /// The code of the municipality valid today with this name, typed without regard to capitals or accents
    /// ("sudwest-fryslan" finds Súdwest-Fryslân); nil when there is none.
    static func code(named name: String, on db: any Database) async throws -> String? {
        let key = Format.searchKey(name.trimmingCharacters(in: .whitespaces))
        guard !key.isEmpty else { return nil }
        // The search key is the folded name, a space and the code in lower case.
        let candidates = try await Municipality.query(on: db).filter(\.$validUntil == nil).filter(\.$searchKey =~ (key + " gm")).all()
        return candidates.first { Format.searchKey($0.name) == key }?.code
    }

    /// The municipality's name for a letter or a page; its code when the code is unknown.
    static func name(of code: String, on db: any Database) async throws -> String {
        try await find(code: code, on: db)?.name ?? code
    }

    /// The names of several municipalities at once, by code.
    static func names(of codes: Set<String>, on db: any Database) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        // Two columns as plain rows: decoding whole models cost more than the rest of a list page.
        let rows = try await db.sql().select().column("code").column("name").from(Municipality.schema)
            .where("code", .in, SQLBind.group(Array(codes))).all()
        return Dictionary(
            try rows.map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "name", as: String.self)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The municipality behind a code. Most pages start here, so it is one plain query decoded by column name.
    static func find(code: String, on db: any Database) async throws -> Municipality? {
        guard let code = MunicipalityCode.normalized(code) else { return nil }
        guard
            let row = try await db.sql().raw(
                """
                SELECT code, name, province, population, valid_from, valid_until, is_demo FROM municipalities WHERE code = \(bind: code)
                """
            ).first()
        else { return nil }
        let municipality = Municipality(
            code: code, name: try row.decode(column: "name", as: String.self),
            province: try row.decode(column: "province", as: String.self),
            population: try row.decode(column: "population", as: Int.self),
            validFrom: try row.decode(column: "valid_from", as: String.self),
            validUntil: try row.decode(column: "valid_until", as: String?.self),
            isDemo: try row.decode(column: "is_demo", as: Bool.self))
        municipality.$id.exists = true
        return municipality
    }

    /// The municipality or a 404 page.
    static func require(code: String?, on db: any Database) async throws -> Municipality {
        guard let code, let municipality = try await find(code: code, on: db) else {
            throw StoreFailure.notFound("error.municipality_not_found")
        }
        return municipality
    }

    /// The date each participating municipality was accepted, by code.
    static func participation(codes: [String]? = nil, on db: any Database) async throws -> [String: Date] {
        var query = Signup.query(on: db).filter(\.$status == .accepted)
        if let codes { query = query.filter(\.$municipality.$id ~~ codes) }
        let accepted = try await query.all()
        var result: [String: Date] = [:]
        for signup in accepted {
            let date = signup.decidedAt ?? signup.submittedAt ?? signup.acceptedTermsAt
            let code = signup.$municipality.id
            if let known = result[code], known <= date { continue }
            result[code] = date
        }
        return result
    }
}

/// The one check for a municipality's non-public pages: its own people, its facilitator and programme staff.
enum MunicipalityAccess {
    static func requireNonPublic(_ req: Request) async throws -> Municipality {
        try await req.municipality(for: .seeNonPublic).municipality
    }
}

extension Request {
    /// The municipality in the address (`:code`) and the signed-in person, when the domain's rule lets that person
    /// do `action` there. The one place the web layer asks `Access`: everything a municipality owns is loaded
    /// through the municipality this returns.
    func municipality(for action: Access.Action, refusal: String = "error.forbidden_municipality")
        async throws -> (municipality: Municipality, user: CurrentUser)
    {
        let user = try requireUser()
        let municipality = try await MunicipalityQueries.require(code: parameters.get("code"), on: db)
        guard Access.allows(user.memberships, .seeNonPublic, municipality: municipality.code) else {
            throw StoreFailure.notAllowed("error.forbidden_municipality")
        }
        guard Access.allows(user.memberships, action, municipality: municipality.code) else { throw StoreFailure.notAllowed(refusal) }
        return (municipality, user)
    }
}
