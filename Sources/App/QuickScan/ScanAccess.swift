import DemocracyKit
import Fluent
import Vapor

/// Loading a municipality's scans for the people the domain's rule (`Access`) lets near them.
enum ScanAccess {
    static func canManage(_ user: CurrentUser, municipality code: String) -> Bool {
        Access.allows(user.memberships, .manageScans, municipality: code)
    }

    static func canReadReport(_ user: CurrentUser, scan: Scan, municipality code: String) -> Bool {
        Access.allows(user.memberships, .readReport(scan.status), municipality: code)
    }

    /// The municipality, for people who may prepare its scans.
    static func requireManager(_ req: Request) async throws -> (Municipality, CurrentUser) {
        try await req.municipality(for: .manageScans, refusal: "error.forbidden_scan")
    }

    /// The scan in the URL, which must belong to the municipality in the URL.
    static func scan(_ req: Request, of municipality: Municipality) async throws -> Scan {
        guard let id = req.parameters.get("scanID").flatMap(UUID.init(uuidString:)),
            let scan = try await Scan.query(on: req.db).filter(\.$id == id)
                .filter(\.$municipality.$id == municipality.code).first()
        else {
            throw PageError(.notFound, "error.scan_not_found")
        }
        return scan
    }
}
