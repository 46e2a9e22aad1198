import Foundation

/// The legal form of the group that challenges the municipality.
public enum LegalForm: String, CaseIterable, Codable, Sendable {
    case stichting
    case vereniging
    case cooperatie
    case inOprichting = "in-oprichting"

    public var name: LocalizedText {
        switch self {
        case .stichting: LocalizedText(nl: "Stichting", en: "Foundation")
        case .vereniging: LocalizedText(nl: "Vereniging", en: "Association")
        case .cooperatie: LocalizedText(nl: "Coöperatie", en: "Cooperative")
        case .inOprichting: LocalizedText(nl: "Nog in oprichting", en: "Still in formation")
        }
    }
}

/// A challenge as a group types it on the public form, before anything is stored.
public struct ChallengeSubmission: Equatable, Sendable {
    public var groupName: String
    public var legalForm: String
    public var contactName: String
    public var email: String
    public var phone: String
    /// One of the rules' open or excluded tasks, or `otherTask` for a task the rules do not name.
    public var task: String
    /// Which task precisely, in the group's words: needed for a task the rules do not name.
    public var otherTask: String
    public var budgetLine: String
    public var plan: String
    public var support: String
    public var supporters: String
    public var capacity: String
    public var budget: String
    public var focusAreas: [String]
    public var consent: Bool

    public static let otherTask = "anders"
    public static let maxName = 160
    public static let maxPhone = 40
    public static let maxText = 6_000
    public static let maxSupporters = 1_000_000

    public init(
        groupName: String, legalForm: String, contactName: String, email: String, phone: String, task: String, otherTask: String,
        budgetLine: String, plan: String, support: String, supporters: String, capacity: String, budget: String, focusAreas: [String],
        consent: Bool
    ) {
        self.groupName = groupName
        self.legalForm = legalForm
        self.contactName = contactName
        self.email = email
        self.phone = phone
        self.task = task
        self.otherTask = otherTask
        self.budgetLine = budgetLine
        self.plan = plan
        self.support = support
        self.supporters = supporters
        self.capacity = capacity
        self.budget = budget
        self.focusAreas = focusAreas
        self.consent = consent
    }

    /// The task in words: what the group typed to say precisely which task, or else the task it chose.
    public var taskName: String {
        let typed = otherTask.trimmingCharacters(in: .whitespacesAndNewlines)
        return typed.isEmpty ? task : typed
    }

    /// What is wrong, field by field. A task the rules exclude (chosen, or typed as the rules name it) is refused
    /// with the rule named, first of all, so the group learns it before anything else.
    public func problems(rules: ChallengeRules) -> [FieldError] {
        var errors: [FieldError] = []
        let typed = otherTask.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let excluded = rules.excludedTasks.first(where: { $0 == task || $0.lowercased() == typed }) {
            return [FieldError(field: "task", message: "challenge.error.task_excluded", argument: excluded)]
        }
        if task != Self.otherTask && !rules.openTasks.contains(task) {
            errors.append(FieldError(field: "task", message: "challenge.error.task_required"))
        } else if task == Self.otherTask,
            let error = Validate.required(
                otherTask, field: "otherTask", max: ChallengeRules.maxTask,
                message: "challenge.error.other_task_required")
        {
            errors.append(error)
        } else if let error = Validate.optional(otherTask, field: "otherTask", max: ChallengeRules.maxTask) {
            errors.append(error)
        }
        if let error = Validate.required(groupName, field: "groupName", max: Self.maxName, message: "challenge.error.group_required") {
            errors.append(error)
        }
        if LegalForm(rawValue: legalForm) == nil { errors.append(FieldError(field: "legalForm", message: "challenge.error.legal_form")) }
        if let error = Validate.required(contactName, field: "contactName", max: Self.maxName, message: "challenge.error.contact_required")
        {
            errors.append(error)
        }
        if let error = Validate.email(email) { errors.append(error) }
        if let error = Validate.optional(phone, field: "phone", max: Self.maxPhone) { errors.append(error) }
        if let error = Validate.optional(budgetLine, field: "budgetLine", max: ChallengeRules.maxTask) { errors.append(error) }
        if let error = Validate.required(plan, field: "plan", max: Self.maxText, message: "challenge.error.plan_required") {
            errors.append(error)
        }
        if let error = Validate.required(support, field: "support", max: Self.maxText, message: "challenge.error.support_required") {
            errors.append(error)
        }
        if !supporters.trimmingCharacters(in: .whitespaces).isEmpty && supportersCount == nil {
            errors.append(FieldError(field: "supporters", message: "challenge.error.supporters", limit: Self.maxSupporters))
        }
        if let error = Validate.required(capacity, field: "capacity", max: Self.maxText, message: "challenge.error.capacity_required") {
            errors.append(error)
        }
        if !budget.trimmingCharacters(in: .whitespaces).isEmpty && budgetEuros == nil {
            errors.append(FieldError(field: "budget", message: "challenge.error.budget", limit: ChallengeWorkflow.maxBudget))
        }
        if focusAreas.contains(where: { FocusArea(slug: $0) == nil }) {
            errors.append(FieldError(field: "focusAreas", message: "error.form_tampered"))
        }
        if !consent { errors.append(FieldError(field: "consent", message: "challenge.error.consent")) }
        return errors
    }

    public var supportersCount: Int? { Validate.number(supporters, in: 0...Self.maxSupporters) }

    /// Whole euros; a typed "12.500" or "€ 12.500" is read as twelve thousand five hundred.
    public var budgetEuros: Int? { Self.euros(budget) }

    public static func euros(_ typed: String) -> Int? {
        let plain = typed.replacingOccurrences(of: "€", with: "").replacingOccurrences(of: ".", with: "")
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",-", with: "")
        return Validate.number(plain, in: 0...ChallengeWorkflow.maxBudget)
    }
}
