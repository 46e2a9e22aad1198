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

    /// A value that changes whenever anything the page shows changes: steps (taken back only when a scan opens again,
    /// which raises every scan's report version, so the sum of those versions is in it too); every change of a
    /// request sets its `status_since` (indexed, so its latest value costs no scan of all requests); agendas are
    /// few and count their versions; with the day, since waiting times are counted in days.
    static func revision(today: Date, on db: any Database) async throws -> String {
        let row = try await db.sql().raw(
            """
            SELECT (SELECT COUNT(*) FROM trajectory_steps) AS s, (SELECT COUNT(*) FROM offer_requests) AS r,
            (SELECT MAX(status_since) FROM offer_requests) AS latest,
            (SELECT CAST(COALESCE(SUM(version + COALESCE(sent_version, 0)), 0) AS BIGINT) FROM agendas) AS av,
            (SELECT CAST(COALESCE(SUM(report_version), 0) AS BIGINT) FROM scans) AS rv
            """
        ).first()
        let numbers = try ["s", "r", "av", "rv"].map { try row?.decode(column: $0, as: Int.self) ?? 0 }
        let latest = try row?.decode(column: "latest", as: Date?.self)?.timeIntervalSince1970 ?? 0
        return numbers.map(String.init).joined(separator: ".") + "|\(latest)|" + Format.day(today)
    }

    func index(req: Request) async throws -> Response {
        let app = req.application
        let today = app.clock.now()
        let filter = Self.filter(req)
        let page = Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers)
        // The page's own part is the same for every member of staff until something it shows changes: it is made
        // once per revision, filter, page and language, and put in the layout for each request.
        let key = [
            try await Self.revision(today: today, on: req.db), filter.province ?? "", filter.sizeClass?.rawValue ?? "",
            String(page ?? 1), req.language.rawValue,
        ].joined(separator: "|")
        let body = try await app.programmePages.value(key) {
            let overview = ProgrammeOverview(try await Self.inputs(today: today, on: app.db), filter: filter, today: today)
            let context = ProgrammePages.index(overview, filter: filter, page: page, perPage: Self.perPage, req: req)
            return String(buffer: try await req.leaf.render("trajectory/programme_body", ReportController.Body(c: context)).data)
        }
        return try await req.render("prerendered", title: req.t("programme.title"), ReportController.Prerendered(body: body))
    }

    func csv(req: Request) async throws -> Response {
        try await AuditLog.record(
            .trajectoriesDownloaded, by: .init(try req.requireUser()), municipality: nil, subject: "trajecten.csv", app: req.application,
            on: req.db)
        let overview = ProgrammeOverview(
            try await Self.inputs(today: req.application.clock.now(), on: req.db), filter: Self.filter(req),
            today: req.application.clock.now())
        return req.csvDownload(overview.csv(language: req.language), filename: "trajecten-\(Format.day(req.application.clock.now())).csv")
    }
}
