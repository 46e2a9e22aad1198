import DemocracyKit
import Fluent
import SQLKit
import Vapor

/// The programme's dashboard of every trajectory, with its filters, a chart with a table beside it, and the
/// same rows as CSV.
struct ProgrammeController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(TrajectoryURL.programme, use: index)
        staff.get(TrajectoryURL.programmeCSV, use: csv)
    }

    /// A few columns of every trajectory, in four queries whatever the number of municipalities.
    /// `CAST(SUM(CASE WHEN condition THEN 1 ELSE 0 END) AS BIGINT)`: a count of rows, a whole number on SQLite
    /// and PostgreSQL alike.
    private struct CountWhere: SQLExpression {
        let condition: any SQLExpression

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write("CAST(SUM(CASE WHEN ")
            condition.serialize(to: &serializer)
            serializer.write(" THEN 1 ELSE 0 END) AS BIGINT)")
        }
    }

    private static func bucketCount(_ condition: any SQLExpression) -> any SQLExpression { CountWhere(condition: condition) }

    static func inputs(today: Date, on db: any Database) async throws -> [ProgrammeOverview.Input] {
        let sql = try db.sql()
        var reached: [String: [TrajectoryStep: String]] = [:]
        for row in try await sql.raw("SELECT municipality_code, step, day FROM trajectory_steps").all() {
            guard let step = TrajectoryStep(rawValue: try row.decode(column: "step", as: Int.self)) else { continue }
            reached[try row.decode(column: "municipality_code", as: String.self), default: [:]][step] = try row.decode(
                column: "day", as: String.self)
        }
        let open = RequestStatus.allCases.filter(\.isOpen).map(\.rawValue)
        // The open requests counted per municipality and age bucket by the database: one row per municipality.
        let starts = ProgrammeOverview.bucketStarts(today: today)
        var bucketColumns: [any SQLExpression] = []
        for (index, start) in starts.enumerated() {
            let lower = SQLBinaryExpression(SQLIdentifier("status_since"), .greaterThanOrEqual, SQLBind(start))
            let condition: any SQLExpression =
                index == 0
                ? lower
                : SQLBinaryExpression(
                    lower, .and, SQLBinaryExpression(SQLIdentifier("status_since"), .lessThan, SQLBind(starts[index - 1])))
            bucketColumns.append(SQLAlias(bucketCount(condition), as: SQLIdentifier("a\(index)")))
        }
        bucketColumns.append(
            SQLAlias(
                bucketCount(SQLBinaryExpression(SQLIdentifier("status_since"), .lessThan, SQLBind(starts.last!))),
                as: SQLIdentifier("a\(starts.count)")))
        var requests: [String: [Int]] = [:]
        for row in try await sql.select().column("municipality_code").columns(bucketColumns).from("offer_requests")
            .where("status", .in, open).groupBy("municipality_code").all()
        {
            requests[try row.decode(column: "municipality_code", as: String.self)] = try (0...starts.count).map {
                try row.decode(column: "a\($0)", as: Int.self)
            }
        }
        let agendas = Set(
            try await sql.raw("SELECT municipality_code FROM agendas WHERE sent_version IS NOT NULL").all().map {
                try $0.decode(column: "municipality_code", as: String.self)
            })
        let codes = Array(reached.keys)
        guard !codes.isEmpty else { return [] }
        return try await sql.select().column("code").column("name").column("province").column("population").from("municipalities")
            .where("code", .in, codes).all().map { row in
                let code = try row.decode(column: "code", as: String.self)
                return ProgrammeOverview.Input(
                    code: code, name: try row.decode(column: "name", as: String.self),
                    province: try row.decode(column: "province", as: String.self),
                    population: try row.decode(column: "population", as: Int.self), reached: reached[code] ?? [:],
                    openRequestsByAge: requests[code] ?? [], agendaSent: agendas.contains(code))
            }
    }

    static func filter(_ req: Request) -> ProgrammeOverview.Filter {
        ProgrammeOverview.Filter(
            province: req.query[String.self, at: "provincie"].flatMap { Province.all.contains($0) ? $0 : nil },
            sizeClass: req.query[String.self, at: "grootte"].flatMap(SizeClass.init(rawValue:)))
    }

    func index(req: Request) async throws -> Response {
        let filter = Self.filter(req)
        let overview = ProgrammeOverview(
            try await Self.inputs(today: req.application.clock.now(), on: req.db), filter: filter, today: req.application.clock.now())
        let page = Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers)
        let context = ProgrammePages.index(overview, filter: filter, page: page, perPage: Self.perPage, req: req)
        return try await req.render("trajectory/programme", title: req.t("programme.title"), context)
    }

    func csv(req: Request) async throws -> Response {
        let overview = ProgrammeOverview(
            try await Self.inputs(today: req.application.clock.now(), on: req.db), filter: Self.filter(req),
            today: req.application.clock.now())
        return req.csvDownload(overview.csv(language: req.language), filename: "trajecten-\(Format.day(req.application.clock.now())).csv")
    }
}
