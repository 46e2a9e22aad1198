import Foundation
import Yams

/// The basisscan integriteit (docs/resilience.md): the standard integrity risk analysis of a candidate alderman as a
/// confidential case file. Only the people named on a case open it; no role does so by itself.

/// How a person is named on a case.
public enum CaseRole: String, Codable, CaseIterable, Sendable {
    /// Who opened the case: the griffier or the burgemeester.
    case opsteller
    /// The burgemeester, who shares the summary with the council.
    case burgemeester
    /// Who records the checks, the interview and the risks with their measures.
    case beoordelaar

    public var name: LocalizedText {
        switch self {
        case .opsteller: LocalizedText(nl: "Opsteller", en: "Opened by")
        case .burgemeester: LocalizedText(nl: "Burgemeester", en: "Mayor")
        case .beoordelaar: LocalizedText(nl: "Beoordelaar", en: "Assessor")
        }
    }
}

public enum IntegrityCaseStatus: String, Codable, CaseIterable, Sendable {
    /// Opened; the candidate has the link and may be filling in the questionnaire.
    case geopend
    /// The candidate sent the questionnaire.
    case ingevuld
    /// The assessor recorded the checks, the interview and the risks.
    case beoordeeld
    /// Closed: nothing changes any more, the candidate's link no longer works.
    case afgesloten

    public var name: LocalizedText {
        switch self {
        case .geopend: LocalizedText(nl: "Wacht op de kandidaat", en: "Waiting for the candidate")
        case .ingevuld: LocalizedText(nl: "Ingevuld, wacht op de beoordeling", en: "Filled in, waiting for the assessment")
        case .beoordeeld: LocalizedText(nl: "Beoordeeld", en: "Assessed")
        case .afgesloten: LocalizedText(nl: "Afgesloten", en: "Closed")
        }
    }
}

/// What someone does with a case.
public enum IntegrityCaseStep: Sendable {
    case saveAnswers, submitAnswers, assess, close
}

public enum IntegrityCaseWorkflow {
    public static func next(_ step: IntegrityCaseStep, from status: IntegrityCaseStatus) throws(StoreFailure) -> IntegrityCaseStatus {
        switch (step, status) {
        case (.saveAnswers, .geopend): return .geopend
        case (.submitAnswers, .geopend): return .ingevuld
        case (.saveAnswers, .afgesloten), (.submitAnswers, .afgesloten): throw StoreFailure.conflict("basisscan.error.closed")
        case (.saveAnswers, _), (.submitAnswers, _): throw StoreFailure.conflict("basisscan.error.already_sent")
        case (.assess, .ingevuld), (.assess, .beoordeeld): return .beoordeeld
        case (.assess, .geopend): throw StoreFailure.conflict("basisscan.error.not_answered")
        case (.assess, .afgesloten), (.close, .afgesloten): throw StoreFailure.conflict("basisscan.error.closed")
        case (.close, .beoordeeld): return .afgesloten
        case (.close, _): throw StoreFailure.conflict("basisscan.error.assess_first")
        }
    }

    /// Sharing the summary with the council needs an assessment, and happens once; the status stays as it is.
    public static func checkShare(from status: IntegrityCaseStatus, alreadyShared: Bool) throws(StoreFailure) {
        guard status == .beoordeeld || status == .afgesloten else { throw StoreFailure.conflict("basisscan.error.assess_first") }
        guard !alreadyShared else { throw StoreFailure.conflict("basisscan.error.already_shared") }
    }
}

/// Who may do what on a case: only the people named on it, each by their part.
public enum IntegrityCaseAccess {
    public enum Action: Sendable {
        /// `export`: everything held about the candidate, for them (their right of access under the AVG). `share`: the
        /// assessment's summary, with the council.
        case read, assess, close, export, share
    }

    /// `roles`: how the person is named on the case (none: not named, so nothing at all).
    public static func allows(_ roles: Set<CaseRole>, _ action: Action) -> Bool {
        switch action {
        case .read: !roles.isEmpty
        case .assess: roles.contains(.beoordelaar)
        case .close, .export: roles.contains(.opsteller) || roles.contains(.burgemeester)
        case .share: roles.contains(.burgemeester)
        }
    }
}

/// The questionnaire the candidate fills in, by area, from `Resources/Data/resilience/basisscan.yaml`.
public struct IntegrityQuestionnaire: Codable, Sendable {
    public struct Question: Codable, Sendable {
        public let id: String
        public let text: LocalizedText
        public let hint: LocalizedText?
    }

    public struct Area: Codable, Sendable {
        public let id: String
        public let title: LocalizedText
        public let intro: LocalizedText
        public let questions: [Question]
    }

    public let areas: [Area]
    public static let maxAnswer = 4_000

    public static func load(yaml: String) throws -> IntegrityQuestionnaire {
        let questionnaire = try YAMLDecoder().decode(IntegrityQuestionnaire.self, from: yaml)
        let ids = questionnaire.areas.flatMap { area in area.questions.map(\.id) }
        guard Set(ids).count == ids.count, !ids.isEmpty, Set(questionnaire.areas.map(\.id)).count == questionnaire.areas.count else {
            throw QuestionBank.LoadError(file: "basisscan.yaml", line: nil, reason: "every area and question needs its own id")
        }
        return questionnaire
    }

    /// The form's field for a question.
    public static func field(_ question: Question) -> String { "v-" + question.id }

    public var questions: [Question] { areas.flatMap(\.questions) }

    /// The answers as typed. Saving keeps what is there; sending needs every question answered, since "nee" or
    /// "niet van toepassing" is an answer too.
    public func read(_ values: [String: String], sending: Bool) -> Result<[String: String], StoreFailure> {
        var answers: [String: String] = [:]
        var errors: [FieldError] = []
        for question in questions {
            let field = Self.field(question)
            let text = values[field, default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
            if sending, let error = Validate.required(text, field: field, max: Self.maxAnswer, message: "basisscan.error.answer") {
                errors.append(error)
            } else if let error = Validate.optional(text, field: field, max: Self.maxAnswer) {
                errors.append(error)
            }
            if !text.isEmpty { answers[question.id] = text }
        }
        return errors.isEmpty ? .success(answers) : .failure(.fields(errors))
    }
}

/// One risk the assessor found, with its measure and who follows it up.
public struct IntegrityRisk: Codable, Sendable, Equatable {
    public let area: String
    public let risk: String
    public let measure: String
    public let owner: String

    public init(area: String, risk: String, measure: String, owner: String) {
        self.area = area
        self.risk = risk
        self.measure = measure
        self.owner = owner
    }
}

/// What the assessor records: the checks in public sources, the interview, the risks with their measures (not a
/// pass or a fail: the council decides on the appointment), and a short summary the burgemeester may share.
public struct IntegrityAssessment: Codable, Sendable, Equatable {
    public let publicSources: String
    public let interview: String
    public let risks: [IntegrityRisk]
    public let summary: String

    public static let maxRisks = 8
    public static let maxText = 8_000

    public init(publicSources: String, interview: String, risks: [IntegrityRisk], summary: String) {
        self.publicSources = publicSources
        self.interview = interview
        self.risks = risks
        self.summary = summary
    }
    public static let maxLine = 500

    public static func fieldNames() -> [String] {
        ["publicSources", "interview", "summary"]
            + (1...maxRisks).flatMap { ["r\($0)-area", "r\($0)-risk", "r\($0)-measure", "r\($0)-owner"] }
    }

    public func values() -> [String: String] {
        var values = ["publicSources": publicSources, "interview": interview, "summary": summary]
        for (index, risk) in risks.enumerated() {
            values["r\(index + 1)-area"] = risk.area
            values["r\(index + 1)-risk"] = risk.risk
            values["r\(index + 1)-measure"] = risk.measure
            values["r\(index + 1)-owner"] = risk.owner
        }
        return values
    }

    /// The assessment as typed: the checks, the interview and the summary are required; a risk row counts once its
    /// risk is written, and then needs its area, measure and who follows it up. No risk at all is a valid outcome.
    public static func read(_ values: [String: String], areas: [String]) -> Result<IntegrityAssessment, StoreFailure> {
        var errors: [FieldError] = []
        func text(_ field: String, message: String) -> String {
            let value = values[field, default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
            if let error = Validate.required(value, field: field, max: maxText, message: message) { errors.append(error) }
            return value
        }
        let sources = text("publicSources", message: "basisscan.error.sources")
        let interview = text("interview", message: "basisscan.error.interview")
        let summary = text("summary", message: "basisscan.error.summary")
        var risks: [IntegrityRisk] = []
        for row in 1...maxRisks {
            func line(_ name: String) -> String { values["r\(row)-\(name)", default: ""].trimmingCharacters(in: .whitespacesAndNewlines) }
            let risk = line("risk")
            guard !risk.isEmpty else { continue }
            if let error = Validate.optional(risk, field: "r\(row)-risk", max: maxLine) { errors.append(error) }
            if !areas.contains(line("area")) { errors.append(FieldError(field: "r\(row)-area", message: "basisscan.error.risk_area")) }
            if let error = Validate.required(
                line("measure"), field: "r\(row)-measure", max: maxLine, message: "basisscan.error.risk_measure")
            {
                errors.append(error)
            }
            if let error = Validate.required(line("owner"), field: "r\(row)-owner", max: maxLine, message: "basisscan.error.risk_owner") {
                errors.append(error)
            }
            risks.append(IntegrityRisk(area: line("area"), risk: risk, measure: line("measure"), owner: line("owner")))
        }
        guard errors.isEmpty else { return .failure(.fields(errors)) }
        return .success(IntegrityAssessment(publicSources: sources, interview: interview, risks: risks, summary: summary))
    }
}

/// Opening a case: the candidate, and who else is named on it by the email of their account.
public struct IntegrityCaseForm: Sendable {
    public static let fieldNames = ["candidateName", "candidateEmail", "assessorEmail", "mayorEmail"]

    public let candidateName: String
    public let candidateEmail: String
    public let assessorEmail: String
    public let mayorEmail: String

    public init(values: [String: String]) {
        candidateName = values["candidateName", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
        candidateEmail = Validate.normalizedEmail(values["candidateEmail", default: ""])
        assessorEmail = Validate.normalizedEmail(values["assessorEmail", default: ""])
        mayorEmail = Validate.normalizedEmail(values["mayorEmail", default: ""])
    }

    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if let error = Validate.required(
            candidateName, field: "candidateName", max: Validate.maxNameLength, message: "basisscan.error.candidate")
        {
            errors.append(error)
        }
        if let error = Validate.email(candidateEmail, field: "candidateEmail") { errors.append(error) }
        if let error = Validate.email(assessorEmail, field: "assessorEmail") { errors.append(error) }
        if !mayorEmail.isEmpty, let error = Validate.email(mayorEmail, field: "mayorEmail") { errors.append(error) }
        return errors
    }
}
