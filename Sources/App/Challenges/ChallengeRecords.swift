import DemocracyKit
import Fluent
import Foundation

/// A municipality's rules for the uitdaagrecht, as stored: lists as lines, terms as `term=weeks` pairs.
final class ChallengeRulesRecord: Model, @unchecked Sendable {
    static let schema = "challenge_rules"

    @ID(custom: "municipality_code", generatedBy: .user) var id: String?
    @Field(key: "enabled") var enabled: Bool
    @Field(key: "intro_nl") var introNl: String
    @Field(key: "intro_en") var introEn: String
    @Field(key: "open_tasks") var openTasks: String
    @Field(key: "excluded_tasks") var excludedTasks: String
    @Field(key: "conditions") var conditions: String
    @Field(key: "weeks") var weeks: String
    /// Goes up with every save, so two coordinators cannot overwrite each other unseen.
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(code: String, rules: ChallengeRules, at date: Date) {
        self.id = code
        self.version = 1
        self.updatedAt = date
        self.enabled = false
        self.introNl = ""
        self.introEn = ""
        self.openTasks = ""
        self.excludedTasks = ""
        self.conditions = ""
        self.weeks = ""
        apply(rules)
    }

    func apply(_ rules: ChallengeRules) {
        enabled = rules.enabled
        introNl = rules.intro.nl
        introEn = rules.intro.en
        openTasks = rules.openTasks.joined(separator: "\n")
        excludedTasks = rules.excludedTasks.joined(separator: "\n")
        conditions = rules.conditions.map(\.rawValue).joined(separator: ",")
        weeks = Self.weeksText(rules)
    }

    static func weeksText(_ rules: ChallengeRules) -> String {
        ChallengeTerm.allCases.map { "\($0.rawValue)=\(rules.weeks($0))" }.joined(separator: ",")
    }

    var rules: ChallengeRules {
        var terms: [ChallengeTerm: Int] = [:]
        for pair in weeks.split(separator: ",") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let term = ChallengeTerm(rawValue: String(parts[0])), let value = Int(parts[1]) { terms[term] = value }
        }
        return ChallengeRules(
            enabled: enabled, intro: LocalizedText(nl: introNl, en: introEn), openTasks: ChallengeRules.lines(openTasks),
            excludedTasks: ChallengeRules.lines(excludedTasks),
            conditions: conditions.split(separator: ",").compactMap { ChallengeCondition(rawValue: String($0)) }, weeks: terms)
    }
}

/// A challenge, as stored. The contact person's name, address and phone are for the municipality's handlers only;
/// public pages show the group's name.
final class ChallengeRecord: Model, @unchecked Sendable {
    static let schema = "challenges"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "status") var status: ChallengeStatus
    @Field(key: "group_name") var groupName: String
    @Field(key: "legal_form") var legalForm: LegalForm
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_email") var contactEmail: String
    @Field(key: "contact_phone") var contactPhone: String
    @Field(key: "task") var task: String
    @Field(key: "budget_line") var budgetLine: String
    @Field(key: "plan") var plan: String
    @Field(key: "support") var support: String
    @OptionalField(key: "supporters") var supporters: Int?
    @Field(key: "capacity") var capacity: String
    @OptionalField(key: "budget") var budget: Int?
    /// The focus areas' slugs between commas, with a comma at both ends, so one can be found with `LIKE '%,slug,%'`.
    @Field(key: "focus_areas") var focusAreas: String
    /// The follow-up link's secret, hashed; the link itself is only in the group's email.
    @Field(key: "token_hash") var tokenHash: String
    /// The same secret sealed with the platform's key, so every email to the group can carry the link again.
    @Field(key: "token_sealed") var tokenSealed: String
    /// The language the group wrote in, for its emails.
    @Field(key: "language") var language: Language
    @OptionalField(key: "refused_condition") var refusedCondition: String?
    @OptionalField(key: "proposal") var proposal: String?
    @OptionalField(key: "proposal_on") var proposalOn: String?
    /// The official advice per condition, as JSON.
    @OptionalField(key: "advice") var advice: String?
    @OptionalField(key: "advice_summary") var adviceSummary: String?
    @OptionalField(key: "decision") var decision: ChallengeDecision?
    @OptionalField(key: "decision_reasons") var decisionReasons: String?
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "agreement_from") var agreementFrom: String?
    @OptionalField(key: "agreement_until") var agreementUntil: String?
    @OptionalField(key: "agreement_budget") var agreementBudget: Int?
    @OptionalField(key: "agreement_method") var agreementMethod: String?
    @OptionalField(key: "agreement_reporting") var agreementReporting: String?
    @OptionalField(key: "evaluation_municipality") var evaluationMunicipality: String?
    @OptionalField(key: "evaluation_group") var evaluationGroup: String?
    /// The due day an overdue signal went out for, so each term is signalled once.
    @OptionalField(key: "signalled_due") var signalledDue: String?
    /// Goes up with every change, so two handlers acting at once cannot both move it.
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "status_since") var statusSince: Date

    init() {}

    init(
        municipalityCode: String, submission: ChallengeSubmission, tokenHash: String, tokenSealed: String, language: Language, at date: Date
    ) {
        self.municipalityCode = municipalityCode
        self.status = .ingediend
        self.groupName = submission.groupName.trimmingCharacters(in: .whitespacesAndNewlines)
        self.legalForm = LegalForm(rawValue: submission.legalForm) ?? .inOprichting
        self.contactName = submission.contactName.trimmingCharacters(in: .whitespacesAndNewlines)
        self.contactEmail = Validate.normalizedEmail(submission.email)
        self.contactPhone = submission.phone.trimmingCharacters(in: .whitespacesAndNewlines)
        self.task = submission.taskName
        self.budgetLine = submission.budgetLine.trimmingCharacters(in: .whitespacesAndNewlines)
        self.plan = submission.plan.trimmingCharacters(in: .whitespacesAndNewlines)
        self.support = submission.support.trimmingCharacters(in: .whitespacesAndNewlines)
        self.supporters = submission.supportersCount
        self.capacity = submission.capacity.trimmingCharacters(in: .whitespacesAndNewlines)
        self.budget = submission.budgetEuros
        self.focusAreas = Self.focusText(submission.focusAreas.compactMap(FocusArea.init(slug:)))
        self.tokenHash = tokenHash
        self.tokenSealed = tokenSealed
        self.language = language
        self.version = 1
        self.createdAt = date
        self.statusSince = date
    }

    static func focusText(_ areas: [FocusArea]) -> String {
        areas.isEmpty ? "" : "," + Set(areas).sorted().map(\.slug).joined(separator: ",") + ","
    }

    var areas: [FocusArea] { focusAreas.split(separator: ",").compactMap { FocusArea(slug: String($0)) } }

    /// The day the municipality's next step is due under these rules, if a term runs.
    func due(under rules: ChallengeRules) -> String? {
        ChallengeTerms.due(status: status, since: Format.day(statusSince), proposalOn: proposalOn, rules: rules)
    }

    var assessments: [ConditionAssessment] {
        guard let advice else { return [] }
        return (try? JSONDecoder().decode([ConditionAssessment].self, from: Data(advice.utf8))) ?? []
    }
}

/// One step or message of a challenge: who, when, what, and whether the group sees it.
final class ChallengeEvent: Model, @unchecked Sendable {
    static let schema = "challenge_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "challenge_id") var challenge: ChallengeRecord
    @Field(key: "action") var action: String
    @Field(key: "status") var status: ChallengeStatus
    @Field(key: "note") var note: String
    /// The day a conversation was held, for a conversation.
    @OptionalField(key: "day") var day: String?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "by_group") var byGroup: Bool
    /// Shown to the group on its follow-up page; a handler's internal note is not.
    @Field(key: "shared") var shared: Bool
    @Field(key: "at") var at: Date

    init() {}

    init(
        challengeID: UUID, action: String, status: ChallengeStatus, note: String, day: String? = nil, actorName: String, byGroup: Bool,
        shared: Bool, at date: Date
    ) {
        self.day = day
        self.$challenge.id = challengeID
        self.action = action
        self.status = status
        self.note = note
        self.actorName = actorName
        self.byGroup = byGroup
        self.shared = shared
        self.at = date
    }
}

/// A document a group added to its challenge, kept in the database so every instance serves it.
final class ChallengeAttachment: Model, @unchecked Sendable {
    static let schema = "challenge_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "challenge_id") var challenge: ChallengeRecord
    @Field(key: "file_name") var fileName: String
    @Field(key: "kind") var kind: UploadKind
    @Field(key: "size") var size: Int
    @Field(key: "data") var data: Data
    @Field(key: "by_group") var byGroup: Bool
    @Field(key: "at") var at: Date

    init() {}

    init(challengeID: UUID, fileName: String, kind: UploadKind, data: Data, byGroup: Bool, at date: Date) {
        self.$challenge.id = challengeID
        self.fileName = fileName
        self.kind = kind
        self.size = data.count
        self.data = data
        self.byGroup = byGroup
        self.at = date
    }
}
