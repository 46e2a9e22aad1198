import Foundation

/// Where an experience stands. The published version stays readable while the municipality works on a newer one.
public enum ExperienceStatus: String, CaseIterable, Codable, Sendable {
    /// Being written, or changed after publication (the published version stays online).
    case concept
    /// Sent to programme staff for review.
    case ingediend
    /// Sent back by programme staff with a remark.
    case teruggestuurd
    /// The version being worked on is the published one.
    case gepubliceerd

    public var name: LocalizedText {
        switch self {
        case .concept: LocalizedText(nl: "Concept", en: "Draft")
        case .ingediend: LocalizedText(nl: "Ingediend voor controle", en: "Submitted for review")
        case .teruggestuurd: LocalizedText(nl: "Teruggestuurd", en: "Returned")
        case .gepubliceerd: LocalizedText(nl: "Gepubliceerd", en: "Published")
        }
    }

    /// The municipality may change the text now (not while programme staff review it).
    public var isEditable: Bool { self != .ingediend }
}

/// A change to an experience, with what it needs.
public enum ExperienceAction: Sendable, Equatable {
    /// The municipality saves its text.
    case save
    /// The municipality sends the current version for review.
    case submit
    /// The municipality takes back what it sent, to change it further.
    case recall
    /// Programme staff publish the version they read (`version`); the current one must still be that.
    case publish(version: Int, current: Int)
    /// Programme staff send it back with a remark.
    case sendBack(remark: String)
    /// The published version goes offline (municipality or programme staff); the text stays as a concept.
    case unpublish

    /// The name used in forms and in the history.
    public var key: String {
        switch self {
        case .save: "opslaan"
        case .submit: "indienen"
        case .recall: "terugnemen"
        case .publish: "publiceren"
        case .sendBack: "terugsturen"
        case .unpublish: "offline"
        }
    }
}

/// The experience's state machine: every change is checked here, and only these moves exist.
///
///     concept, teruggestuurd → ingediend (municipality) → gepubliceerd (programme) or teruggestuurd (with a remark)
///     ingediend → concept (the municipality takes it back)
///     gepubliceerd → concept when the municipality saves a change (the published version stays online until the
///     new one is published)
///     any status with a published version → concept without one (offline)
public enum ExperienceWorkflow {
    public static let maxRemark = 1_000

    public struct Outcome: Equatable, Sendable {
        public let status: ExperienceStatus
        /// Whether a published version exists afterwards, and whether this action made it.
        public let publishes: Bool
        public let unpublishes: Bool
    }

    /// The next status, or why not. `isPublished`: a published version exists now.
    public static func apply(
        _ action: ExperienceAction, to status: ExperienceStatus, isPublished: Bool, by actor: RequestActor
    ) -> Result<Outcome, RequestWorkflow.Refusal> {
        func to(_ next: ExperienceStatus, publishes: Bool = false, unpublishes: Bool = false) -> Result<Outcome, RequestWorkflow.Refusal> {
            .success(Outcome(status: next, publishes: publishes, unpublishes: unpublishes))
        }
        switch (action, actor) {
        case (.save, .municipality):
            guard status.isEditable else { return .failure(RequestWorkflow.Refusal("experience.error.under_review")) }
            return to(status == .gepubliceerd ? .concept : status)
        case (.submit, .municipality):
            guard status == .concept || status == .teruggestuurd else {
                return .failure(RequestWorkflow.Refusal("experience.error.status_changed"))
            }
            return to(.ingediend)
        case (.recall, .municipality):
            guard status == .ingediend else { return .failure(RequestWorkflow.Refusal("experience.error.status_changed")) }
            return to(.concept)
        case (.publish(let version, let current), .programme):
            guard status == .ingediend else { return .failure(RequestWorkflow.Refusal("experience.error.status_changed")) }
            guard version == current else { return .failure(RequestWorkflow.Refusal("experience.error.changed_meanwhile")) }
            return to(.gepubliceerd, publishes: true)
        case (.sendBack(let remark), .programme):
            guard status == .ingediend else { return .failure(RequestWorkflow.Refusal("experience.error.status_changed")) }
            let trimmed = remark.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return .failure(RequestWorkflow.Refusal("experience.error.remark_required", field: "remark")) }
            if trimmed.count > maxRemark { return .failure(RequestWorkflow.Refusal("error.too_long", field: "remark", limit: maxRemark)) }
            return to(.teruggestuurd)
        case (.unpublish, _):
            guard isPublished else { return .failure(RequestWorkflow.Refusal("experience.error.not_published")) }
            return to(status == .gepubliceerd ? .concept : status, unpublishes: true)
        default:
            return .failure(RequestWorkflow.Refusal("request.error.not_yours"))
        }
    }
}
