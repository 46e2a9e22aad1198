import DemocracyKit
import Fluent
import Foundation
import SQLKit

/// One scan round of a municipality.
final class Scan: Model, @unchecked Sendable {
    static let schema = "scans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_code") var municipality: Municipality
    @Field(key: "bank_version") var bankVersion: String
    @Field(key: "title") var title: String
    @Field(key: "status") var status: ScanStatus
    /// First and last day on which answers are accepted (yyyy-MM-dd, Dutch time).
    @Field(key: "opens_on") var opensOn: String
    @Field(key: "closes_on") var closesOn: String
    @Field(key: "min_age") var minAge: Int
    /// The groups invited, comma-separated.
    @Field(key: "groups") var groupList: String
    /// The open link for inhabitants is public by nature, so it is kept as is to show it again.
    @OptionalField(key: "open_token") var openToken: String?
    @Field(key: "open_link_active") var openLinkActive: Bool
    @OptionalField(key: "closed_on") var closedOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Raised whenever something the report shows changes (see `ScanStore.reportsChanged`), so a kept copy
    /// of the report is never shown after it.
    @Field(key: "report_version") var reportVersion: Int
    /// Starts from the open link refused by `OpenLinkLimit`, and the last day one was.
    @Field(key: "open_link_refused") var openLinkRefused: Int
    @OptionalField(key: "open_link_refused_on") var openLinkRefusedOn: String?
    /// The day its single answers and open answers were erased (by the coordinator or after the retention period);
    /// the report's counts stay.
    @OptionalField(key: "answers_erased_on") var answersErasedOn: String?

    init() {}

    init(
        id: UUID? = nil, municipalityCode: String, bankVersion: String, title: String, opensOn: String, closesOn: String,
        minAge: Int = 16, groups: [RespondentGroup] = RespondentGroup.allCases, status: ScanStatus = .concept
    ) {
        self.id = id
        self.$municipality.id = municipalityCode
        self.bankVersion = bankVersion
        self.title = title
        self.status = status
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.minAge = minAge
        self.groupList = groups.map(\.rawValue).joined(separator: ",")
        self.openLinkActive = false
        self.reportVersion = 0
        self.openLinkRefused = 0
    }

    /// "2 maart 2026 – 30 maart 2026".
    func period(_ language: Language) -> String {
        Format.day(opensOn, language) + " – " + Format.day(closesOn, language)
    }

    var groups: [RespondentGroup] {
        get { groupList.split(separator: ",").compactMap { RespondentGroup(rawValue: String($0)) }.sorted() }
        set { groupList = newValue.sorted().map(\.rawValue).joined(separator: ",") }
    }
}

final class ScanCustomQuestion: Model, @unchecked Sendable {
    static let schema = "scan_custom_questions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: QuestionBank.QuestionKind
    @Field(key: "text") var text: String
    @Field(key: "groups") var groupList: String

    init() {}

    init(id: UUID? = nil, scanID: UUID, position: Int, kind: QuestionBank.QuestionKind, text: String, groups: [RespondentGroup]) {
        self.id = id
        self.$scan.id = scanID
        self.position = position
        self.kind = kind
        self.text = text
        self.groupList = groups.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// Custom questions are numbered per scan ("eigen.1"), so an answer for another scan's question is refused.
    var question: CustomQuestion {
        CustomQuestion(
            id: "eigen.\(position)", kind: kind, text: text,
            groups: groupList.split(separator: ",").compactMap { RespondentGroup(rawValue: String($0)) })
    }
}

/// A link to the questionnaire: personal (single use, made in batches) or started from the open link.
/// Saved answers stay here only until they are sent; then the draft is cleared and the link is used.
final class ScanInvitation: Model, @unchecked Sendable {
    static let schema = "scan_invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Field(key: "respondent_group") var group: RespondentGroup
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "from_open_link") var fromOpenLink: Bool
    @OptionalField(key: "draft") var draft: String?
    @Field(key: "used") var used: Bool
    /// Whether the code is the respondent's own: made for them from the open link, or given to them in place of
    /// the municipality's code when they first saved answers. Only an own code shows or sends a draft.
    @Field(key: "own_code") var ownCode: Bool
    /// The hash of the municipality's code this one replaced, so that code finds the way back in the
    /// respondent's own browser (`ScanStore.wayBack`).
    @OptionalField(key: "origin_hash") var originHash: String?

    init() {}

    init(id: UUID? = nil, scanID: UUID, group: RespondentGroup, tokenHash: String, fromOpenLink: Bool) {
        self.id = id
        self.$scan.id = scanID
        self.group = group
        self.tokenHash = tokenHash
        self.fromOpenLink = fromOpenLink
        self.used = false
        self.ownCode = fromOpenLink
    }

    /// The link's columns and its scan's, as `init(row:)` reads them.
    static let selectWithScan: SQLQueryString = """
        SELECT i.id, i.scan_id, i.respondent_group, i.token_hash, i.from_open_link, i.draft, i.used, i.own_code, \
        i.origin_hash, s.municipality_code, \
        s.bank_version, s.title, s.status, s.opens_on, s.closes_on, s.min_age, s.groups, s.open_token, s.open_link_active, \
        s.closed_on, s.report_version FROM scan_invitations i JOIN scans s ON s.id = i.scan_id
        """

    /// A link with its scan from a row of `selectWithScan`, read by name rather than through Fluent's
    /// reflection, which cost about a third of a submission's time (docs/performance.md).
    convenience init(row: any SQLRow) throws {
        let scanID = try row.decode(column: "scan_id", as: UUID.self)
        self.init(
            id: try row.decode(column: "id", as: UUID.self), scanID: scanID,
            group: try row.decode(column: "respondent_group", as: RespondentGroup.self),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            fromOpenLink: try row.decode(column: "from_open_link", as: Bool.self))
        draft = try row.decode(column: "draft", as: String?.self)
        used = try row.decode(column: "used", as: Bool.self)
        ownCode = try row.decode(column: "own_code", as: Bool.self)
        originHash = try row.decode(column: "origin_hash", as: String?.self)
        $id.exists = true
        let scan = Scan(
            id: scanID, municipalityCode: try row.decode(column: "municipality_code", as: String.self),
            bankVersion: try row.decode(column: "bank_version", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            opensOn: try row.decode(column: "opens_on", as: String.self),
            closesOn: try row.decode(column: "closes_on", as: String.self),
            minAge: try row.decode(column: "min_age", as: Int.self),
            status: try row.decode(column: "status", as: ScanStatus.self))
        scan.groupList = try row.decode(column: "groups", as: String.self)
        scan.openToken = try row.decode(column: "open_token", as: String?.self)
        scan.openLinkActive = try row.decode(column: "open_link_active", as: Bool.self)
        scan.closedOn = try row.decode(column: "closed_on", as: String?.self)
        scan.reportVersion = try row.decode(column: "report_version", as: Int.self)
        scan.$id.exists = true
        $scan.value = scan
    }
}

/// A sent response. It has no link to its invitation, no address and only the day it was sent. Its scale
/// answers (0 = weet niet) are kept with it as one JSON object, question id to value, for recounts and exports.
final class ScanResponse: Model, @unchecked Sendable {
    static let schema = "scan_responses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Field(key: "respondent_group") var group: RespondentGroup
    @Field(key: "submitted_on") var submittedOn: String
    @Field(key: "answers") var answersJSON: String

    init() {}

    /// The scale answers, question id to value.
    var answers: [String: Int] { FlatJSON.decodeIntegers(answersJSON) ?? [:] }

    static func encode(_ answers: [String: ScaleAnswer]) -> String { FlatJSON.encode(answers.mapValues(\.rawValue)) }
}

/// An open answer. Kept apart from its response, so several open answers cannot be put together to
/// recognise someone; the coordinator can hide one that names a person.
final class ScanOpenAnswer: Model, @unchecked Sendable {
    static let schema = "scan_open_answers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Field(key: "respondent_group") var group: RespondentGroup
    @Field(key: "question_id") var questionID: String
    @Field(key: "text") var text: String
    @Field(key: "hidden") var hidden: Bool

    init() {}

    init(id: UUID? = nil, scanID: UUID, group: RespondentGroup, questionID: String, text: String) {
        self.id = id
        self.$scan.id = scanID
        self.group = group
        self.questionID = questionID
        self.text = text
        self.hidden = false
    }
}

/// Counts per scan, question and group, kept up to date with every response, so a report reads a number
/// of rows that depends on questions and groups, not on respondents. For a scale question n0…n5 count the
/// answers "weet niet" and 1 to 5; for an open question n1 counts the answers given.
final class ScanAggregate: Model, @unchecked Sendable {
    static let schema = "scan_aggregates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Field(key: "question_id") var questionID: String
    @Field(key: "respondent_group") var group: RespondentGroup
    @Field(key: "n0") var n0: Int
    @Field(key: "n1") var n1: Int
    @Field(key: "n2") var n2: Int
    @Field(key: "n3") var n3: Int
    @Field(key: "n4") var n4: Int
    @Field(key: "n5") var n5: Int

    init() {}

    init(id: UUID? = nil, scanID: UUID, questionID: String, group: RespondentGroup) {
        self.id = id
        self.$scan.id = scanID
        self.questionID = questionID
        self.group = group
        (n0, n1, n2, n3, n4, n5) = (0, 0, 0, 0, 0, 0)
    }

    var distribution: Distribution { Distribution(counts: [n0, n1, n2, n3, n4, n5]) }
}

/// Sent responses per scan and group.
final class ScanGroupCount: Model, @unchecked Sendable {
    static let schema = "scan_group_counts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Field(key: "respondent_group") var group: RespondentGroup
    @Field(key: "responses") var responses: Int

    init() {}

    init(id: UUID? = nil, scanID: UUID, group: RespondentGroup, responses: Int = 0) {
        self.id = id
        self.$scan.id = scanID
        self.group = group
        self.responses = responses
    }
}

/// The totals per theme of each municipality's latest closed scan, written when a scan closes (replacing the
/// municipality's earlier rows), for the comparison with other municipalities: over the scan's own bank, and over
/// the statements every bank shares, for comparisons between municipalities on different versions.
final class ScanThemeTotal: Model, @unchecked Sendable {
    static let schema = "scan_theme_totals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "theme_id") var themeID: String
    @Field(key: "total") var total: Double
    @OptionalField(key: "bank_version") var bankVersion: String?
    /// Over the statements every bank has (`QuestionBanks.shared`); nil when the theme has none of them.
    @OptionalField(key: "shared_total") var sharedTotal: Double?
    /// The versions `sharedTotal` was computed over ("2026.1+2026.2"): when a bank is added, it is computed again.
    @OptionalField(key: "shared_basis") var sharedBasis: String?
    /// Copied from the municipality, so the comparison needs no join.
    @Field(key: "size_class") var sizeClass: SizeClass
    @Field(key: "is_demo") var isDemo: Bool

    init() {}

    init(
        id: UUID? = nil, scanID: UUID, municipalityCode: String, themeID: String, total: Double, bankVersion: String? = nil,
        sharedTotal: Double? = nil, sharedBasis: String? = nil, sizeClass: SizeClass, isDemo: Bool
    ) {
        self.id = id
        self.$scan.id = scanID
        self.municipalityCode = municipalityCode
        self.themeID = themeID
        self.total = total
        self.bankVersion = bankVersion
        self.sharedTotal = sharedTotal
        self.sharedBasis = sharedBasis
        self.sizeClass = sizeClass
        self.isDemo = isDemo
    }
}

/// An email address invited to a scan, kept only as long as a reminder may be needed: sealed (`SecretBox`) with
/// the personal code it was sent, and removed as soon as that code is first used and when the scan closes. The
/// coordinator never sees it (docs/quickscan.md, "Invitations by email").
final class ScanMailInvitation: Model, @unchecked Sendable {
    static let schema = "scan_mail_invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "scan_id") var scan: Scan
    @Parent(key: "invitation_id") var invitation: ScanInvitation
    @Field(key: "respondent_group") var group: RespondentGroup
    @Field(key: "address_sealed") var addressSealed: String
    @Field(key: "code_sealed") var codeSealed: String
    /// A keyed fingerprint of the address, so the same address is not invited twice while its link is unused.
    @Field(key: "address_key") var addressKey: String
    @Field(key: "invited_at") var invitedAt: Date
    @OptionalField(key: "reminded_at") var remindedAt: Date?

    init() {}

    init(
        scanID: UUID, invitationID: UUID, group: RespondentGroup, addressSealed: String, codeSealed: String, addressKey: String,
        invitedAt: Date
    ) {
        self.$scan.id = scanID
        self.$invitation.id = invitationID
        self.group = group
        self.addressSealed = addressSealed
        self.codeSealed = codeSealed
        self.addressKey = addressKey
        self.invitedAt = invitedAt
    }
}
