import DemocracyKit
import Fluent
import Vapor

/// Who may do what with a municipality's scans: the coordinator, the facilitator and programme staff
/// prepare and read them; council members read the report once it is shared with them.
enum ScanAccess {
    static func canManage(_ user: CurrentUser, municipality code: String) -> Bool {
        user.memberships.contains { membership in
            membership.role == .programma
                || (membership.municipalityCode == code && [.trekker, .begeleider].contains(membership.role))
        }
    }

    static func canReadReport(_ user: CurrentUser, scan: Scan, municipality code: String) -> Bool {
        guard scan.status.hasReport else { return false }
        return canManage(user, municipality: code) || (scan.status == .report && user.canSeeNonPublic(ofMunicipality: code))
    }

    /// The municipality, for people who may prepare its scans.
    static func requireManager(_ req: Request) async throws -> (Municipality, CurrentUser) {
        let municipality = try await MunicipalityAccess.requireNonPublic(req)
        let user = try req.requireUser()
        guard canManage(user, municipality: municipality.code) else { throw PageError(.forbidden, "error.forbidden_scan") }
        return (municipality, user)
    }

    /// The scan in the URL, which must belong to the municipality in the URL.
    static func scan(_ req: Request, of municipality: Municipality) async throws -> Scan {
        guard let id = req.parameters.get("scanID").flatMap(UUID.init(uuidString:)),
              let scan = try await Scan.query(on: req.db).filter(\.$id == id)
                  .filter(\.$municipality.$id == municipality.code).first() else {
            throw PageError(.notFound, "error.scan_not_found")
        }
        return scan
    }
}
