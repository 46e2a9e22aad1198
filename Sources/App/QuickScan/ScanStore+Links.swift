import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The links to a scan's questionnaire: making them, finding the one behind a code, and the draft a respondent keeps
/// under their own code until they send it (docs/quickscan.md, "Anonymity of drafts").
extension ScanStore {
    // MARK: Invitations

    static let maxLinksPerBatch = 2000

    /// Makes personal single-use links. The codes are returned once and only their hashes are kept.
    static func makeInvitations(for scan: Scan, group: String, count: String, on db: any Database) async throws -> (
        RespondentGroup, [String]
    ) {
        guard scan.status == .concept || scan.status == .open else { throw StoreFailure.conflict("error.scan_status") }
        var errors: [FieldError] = []
        let group = RespondentGroup(rawValue: group)
        if group.map({ !scan.groups.contains($0) }) ?? true { errors.append(FieldError(field: "group", message: "error.choose_group")) }
        let number = Validate.number(count, in: 1...maxLinksPerBatch)
        if number == nil {
            errors.append(FieldError(field: "count", message: "error.link_count", limit: maxLinksPerBatch))
        }
        guard errors.isEmpty, let group, let number else { throw StoreFailure.fields(errors) }
        let scanID = try scan.requireID()
        let codes = (0..<number).map { _ in SecureToken.makeCode() }
        try await db.transaction { db in
            try await codes.map {
                ScanInvitation(
                    scanID: scanID, group: group, tokenHash: SecureToken.hash(SecureToken.normalizedCode($0)), fromOpenLink: false)
            }.create(on: db)
        }
        return (group, codes)
    }

    /// The link behind a code, with its scan; nil for an unknown code and for a link of a group the scan no longer
    /// invites. Every page of the questionnaire and
    /// every submission starts here, so it is one plain query.
    static func invitation(code: String, on db: any Database) async throws -> ScanInvitation? {
        let normalized = SecureToken.normalizedCode(code)
        guard SecureToken.isCodeLength(normalized) else { return nil }
        let query: SQLQueryString = "\(ScanInvitation.selectWithScan) WHERE i.token_hash = \(bind: SecureToken.hash(normalized))"
        guard let invitation = try await db.sql().raw(query).first().map(ScanInvitation.init(row:)),
            invitation.scan.groups.contains(invitation.group)
        else { return nil }
        return invitation
    }

    enum Availability: Equatable {
        case available
        case notYetOpen(opensOn: String)
        case closed
    }

    /// Whether a scan takes answers today.
    static func availability(of scan: Scan, today: String) -> Availability {
        switch scan.status {
        case .concept: return .notYetOpen(opensOn: scan.opensOn)
        case .closed, .report: return .closed
        case .open:
            if today < scan.opensOn { return .notYetOpen(opensOn: scan.opensOn) }
            if today > scan.closesOn { return .closed }
            return .available
        }
    }

    /// More starts from one network address in an hour than `OpenLinkLimit` allows.
    struct TooManyStarts: Error {}

    /// An inhabitant starts from the open link: a new link of their own, which is also their code to resume. One
    /// network address starts at most `OpenLinkLimit.startsPerAddress` an hour; a start over it is refused and
    /// counted on the scan. The address is kept only as a hash, and only for the hour.
    static func startFromOpenLink(_ scan: Scan, address: String, app: Application) async throws -> String {
        let scanID = try scan.requireID()
        let now = app.clock.now()
        let key = "open-link:\(scanID.uuidString):" + SecureToken.hash(address)
        let count = try await LoginFailure.record([key], at: now, window: OpenLinkLimit.windowSeconds, on: app.db).counts[0]
        guard count <= OpenLinkLimit.startsPerAddress else {
            try await app.db.sql().update(Scan.schema)
                .set(SQLIdentifier("open_link_refused"), to: SQLRaw("open_link_refused + 1"))
                .set("open_link_refused_on", to: Format.day(now))
                .where("id", .equal, scanID)
                .run()
            throw TooManyStarts()
        }
        return try await startFromOpenLink(scan, on: app.db)
    }

    private static func startFromOpenLink(_ scan: Scan, on db: any Database) async throws -> String {
        let code = SecureToken.makeCode()
        try await ScanInvitation(
            scanID: scan.requireID(), group: .inwoners,
            tokenHash: SecureToken.hash(SecureToken.normalizedCode(code)), fromOpenLink: true
        ).create(on: db)
        return code
    }

    // MARK: Answering

    static func draft(of invitation: ScanInvitation) -> [String: String] {
        invitation.draft.flatMap(FlatJSON.decodeStrings) ?? [:]
    }

    /// What became of a draft that was saved.
    enum SavedDraft: Equatable, Sendable {
        /// Kept under the code that was used.
        case kept
        /// Kept under a new code, the respondent's own, which replaces the municipality's code from now on.
        case movedTo(code: String)
        /// Not kept: the link was used, or its code replaced, meanwhile.
        case gone
    }

    /// Keeps a link's answers until they are sent. The municipality made the code and knows who got it, so at
    /// the first save the answers move to a new code that only the respondent gets: from then on the
    /// municipality's code shows nothing, and cannot send anything (docs/quickscan.md, "Anonymity of drafts").
    static func saveDraft(_ answers: [String: String], for invitation: ScanInvitation, on db: any Database) async throws -> SavedDraft {
        let draft = FlatJSON.encode(answers)
        let (invitationID, tokenHash) = (try invitation.requireID(), invitation.tokenHash)
        // At the first save a code of the respondent's own replaces the municipality's.
        let newCode = invitation.ownCode ? nil : SecureToken.makeCode()
        let saved = try await db.transaction { db in
            var update = try db.sql().update(ScanInvitation.schema).set("draft", to: draft)
                .where("id", .equal, invitationID).where("used", .equal, false).where("token_hash", .equal, tokenHash)
            if let newCode {
                update = update.set("token_hash", to: SecureToken.hash(SecureToken.normalizedCode(newCode)))
                    .set("origin_hash", to: tokenHash).set("own_code", to: true)
            }
            guard try await !update.returning("id").all().isEmpty else { return false }
            // The first use of a link mailed to someone: their address has done its work and goes.
            if newCode != nil {
                try await ScanMailInvitation.query(on: db).filter(\.$invitation.$id == invitationID).delete()
            }
            return true
        }
        guard saved else { return .gone }
        invitation.draft = draft
        return newCode.map { .movedTo(code: $0) } ?? .kept
    }

    /// Where the municipality's code of a link leads in the browser of the respondent who replaced it: their own
    /// code (from the way-back cookie), when that code replaced this one. Nil anywhere else.
    static func wayBack(from code: String, ownCode: String?, on db: any Database) async throws -> String? {
        guard let ownCode, let invitation = try await invitation(code: ownCode, on: db),
            invitation.originHash == SecureToken.hash(SecureToken.normalizedCode(code))
        else { return nil }
        return SecureToken.normalizedCode(ownCode)
    }

    /// The questionnaire behind a link. A scan's questions cannot change once it is open, so from then on its
    /// questionnaires are kept in memory and the pages do not read or build them again.
    static func questionnaire(for invitation: ScanInvitation, app: Application, on db: any Database) async throws -> Questionnaire {
        let (scanID, bankVersion, group) = (try invitation.scan.requireID(), invitation.scan.bankVersion, invitation.group)
        let make: @Sendable () async throws -> Questionnaire = {
            let custom = try await customQuestions(of: scanID, on: db).map(\.question)
            return Questionnaire(bank: try app.questionBanks.bank(bankVersion), customQuestions: custom, group: group)
        }
        guard invitation.scan.status != .concept else { return try await make() }
        return try await app.quickScan.questionnaires.value("\(scanID)|\(group.rawValue)", orMake: make)
    }
}
