import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Personal links sent by email, anonymous to the municipality: the coordinator hands over addresses, the platform
/// mails each a link of its own and keeps the address sealed only while a reminder may be needed
/// (docs/quickscan.md, "Invitations by email").
extension ScanStore {
    struct MailInvitationReport: Sendable, Equatable {
        /// Messages written to the outbox: new links, and links sent again to addresses whose link is unused.
        let sent: Int
        let list: AddressList
    }

    /// Mails a personal link to every address in the list, all in one transaction. The report is the same whether
    /// or not an address was invited before, so a coordinator cannot learn from it who has started.
    static func inviteByEmail(_ scan: Scan, group: String, addresses text: String, app: Application) async throws -> MailInvitationReport {
        guard scan.status == .open else { throw StoreFailure.conflict("error.invite_needs_open_scan") }
        var errors: [FieldError] = []
        let group = RespondentGroup(rawValue: group)
        if group.map({ !scan.groups.contains($0) }) ?? true {
            errors.append(FieldError(field: "mailGroup", message: "error.choose_group"))
        }
        let list = AddressList(parsing: text)
        if list.addresses.isEmpty { errors.append(FieldError(field: "addresses", message: "error.no_addresses")) }
        guard errors.isEmpty, let group else { throw StoreFailure.fields(errors) }
        let scanID = try scan.requireID()
        let municipality = try await MunicipalityQueries.name(of: scan.$municipality.id, on: app.db)
        let secrets = app.secrets
        let now = app.clock.now()
        try await app.db.transaction { db in
            let keys = list.addresses.map { secrets.fingerprint(scanID.uuidString + " " + $0) }
            let waiting = try await ScanMailInvitation.query(on: db).filter(\.$scan.$id == scanID).filter(\.$addressKey ~~ keys).all()
            let byKey = Dictionary(waiting.map { ($0.addressKey, $0) }, uniquingKeysWith: { first, _ in first })
            for (address, key) in zip(list.addresses, keys) {
                let code: String
                if let kept = byKey[key], let keptCode = try? secrets.open(kept.codeSealed) {
                    code = keptCode
                } else {
                    code = SecureToken.makeCode()
                    let invitation = ScanInvitation(
                        scanID: scanID, group: group, tokenHash: SecureToken.hash(SecureToken.normalizedCode(code)), fromOpenLink: false)
                    try await invitation.create(on: db)
                    try await ScanMailInvitation(
                        scanID: scanID, invitationID: invitation.requireID(), group: group, addressSealed: secrets.seal(address),
                        codeSealed: secrets.seal(code), addressKey: key, invitedAt: now
                    ).create(on: db)
                }
                try await Outbox.send(
                    ScanMessages.invitation(
                        scan: scan, municipality: municipality, group: group, to: address, code: code, reminder: false, app: app),
                    app: app, on: db)
            }
        }
        return MailInvitationReport(sent: list.addresses.count, list: list)
    }

    /// A reminder can go to the same address again after this long.
    static let reminderInterval: TimeInterval = 2 * 24 * 3600

    /// Mails a reminder to every invited address whose link is still unused and that had no reminder in the last
    /// two days. Returns how many went out.
    static func remindByEmail(_ scan: Scan, app: Application) async throws -> Int {
        guard scan.status == .open else { throw StoreFailure.conflict("error.invite_needs_open_scan") }
        let scanID = try scan.requireID()
        let municipality = try await MunicipalityQueries.name(of: scan.$municipality.id, on: app.db)
        let now = app.clock.now()
        let secrets = app.secrets
        return try await app.db.transaction { db in
            let due = try await ScanMailInvitation.query(on: db).filter(\.$scan.$id == scanID)
                .group(.or) { $0.filter(\.$remindedAt == nil).filter(\.$remindedAt < now.addingTimeInterval(-reminderInterval)) }
                .join(ScanInvitation.self, on: \ScanMailInvitation.$invitation.$id == \ScanInvitation.$id)
                .filter(ScanInvitation.self, \.$used == false).filter(ScanInvitation.self, \.$ownCode == false)
                .all()
            for row in due {
                let (address, code) = (try secrets.open(row.addressSealed), try secrets.open(row.codeSealed))
                try await Outbox.send(
                    ScanMessages.invitation(
                        scan: scan, municipality: municipality, group: row.group, to: address, code: code, reminder: true, app: app),
                    app: app, on: db)
                row.remindedAt = now
                try await row.update(on: db)
            }
            return due.count
        }
    }
}
