import DemocracyKit
import Fluent
import Foundation
import Vapor

/// `dia scan list` and `dia scan report`.
struct ScanCommand: AsyncCommandGroup {
    var help: String { "Lists scans and prints their reports." }
    var commands: [String: any AnyAsyncCommand] { ["list": ScanListCommand(), "report": ScanReportCommand()] }
}

struct ScanListCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "municipality", help: "Only this municipality (CBS code such as GM0363)") var municipality: String?
        @Option(name: "format", help: "json (default) or text") var format: String?
    }

    var help: String { "Lists scans with their ids, newest first." }

    struct Row: Codable {
        let id: UUID
        let municipalityCode: String
        let municipality: String
        let title: String
        let status: String
        let opensOn: String
        let closesOn: String
        let responses: Int
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        var query = Scan.query(on: db).with(\.$municipality).sort(\.$createdAt, .descending)
        if let given = signature.municipality {
            guard let code = MunicipalityCode.normalized(given) else {
                throw CommandFailure("--municipality must be a CBS code such as GM0363")
            }
            query = query.filter(\.$municipality.$id == code)
        }
        let scans = try await query.all()
        let counts = try await ScanGroupCount.query(on: db).filter(\.$scan.$id ~~ scans.compactMap(\.id)).all()
        let rows = try scans.map { scan in
            Row(
                id: try scan.requireID(), municipalityCode: scan.municipality.code, municipality: scan.municipality.name,
                title: scan.title, status: scan.status.rawValue, opensOn: scan.opensOn, closesOn: scan.closesOn,
                responses: counts.filter { $0.$scan.id == scan.id }.reduce(0) { $0 + $1.responses })
        }
        switch signature.format ?? "json" {
        case "json": context.console.print(try Self.json(rows))
        case "text":
            for row in rows {
                context.console.print(
                    "\(row.id)  \(row.municipalityCode)  \(row.status.padding(toLength: 7, withPad: " ", startingAt: 0))  \(row.responses)  \(row.municipality) – \(row.title)"
                )
            }
        default: throw CommandFailure("--format must be json or text")
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

struct ScanReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "scan", help: "The scan's id (see dia scan list)") var scan: String
        @Option(name: "format", help: "json (default) or csv") var format: String?
    }

    var help: String { "Prints the report of a closed scan, with the same numbers as the page." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let id = UUID(uuidString: signature.scan), let scan = try await Scan.find(id, on: app.db) else {
            throw CommandFailure("There is no scan with the id \(signature.scan); dia scan list shows the ids")
        }
        guard scan.status.hasReport else {
            throw CommandFailure("The scan \(signature.scan) is \(scan.status.rawValue); a report exists once it is closed")
        }
        let dto = try await ScanReports.dto(for: scan, app: app, on: app.db).dto
        switch signature.format ?? "json" {
        case "json": context.console.print(try ScanListCommand.json(dto))
        case "csv": context.console.output(dto.csv, style: .plain, newLine: false)
        default: throw CommandFailure("--format must be json or csv")
        }
    }
}
