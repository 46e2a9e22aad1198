import Foundation

/// Where an action of the improvement agenda stands.
public enum ActionStatus: String, CaseIterable, Codable, Sendable {
    case gepland, bezig, klaar

    public var name: LocalizedText {
        switch self {
        case .gepland: LocalizedText(nl: "Gepland", en: "Planned")
        case .bezig: LocalizedText(nl: "Bezig", en: "Under way")
        case .klaar: LocalizedText(nl: "Klaar", en: "Done")
        }
    }
}

/// The verbeteragenda: one to three priority focus areas, each with its actions (what, who, by when, status).
public struct Agenda: Codable, Sendable, Equatable {
    public struct Action: Codable, Sendable, Equatable {
        public var what: String
        public var who: String
        /// yyyy-MM-dd
        public var due: String
        public var status: ActionStatus

        public init(what: String, who: String, due: String, status: ActionStatus) {
            self.what = what
            self.who = who
            self.due = due
            self.status = status
        }
    }

    public struct Priority: Codable, Sendable, Equatable {
        public var area: FocusArea
        /// Why this priority: what the report and the conversation showed.
        public var why: String
        public var actions: [Action]

        public init(area: FocusArea, why: String, actions: [Action]) {
            self.area = area
            self.why = why
            self.actions = actions
        }
    }

    public var priorities: [Priority]

    public init(priorities: [Priority]) {
        self.priorities = priorities
    }

    public static let maxPriorities = 3
    public static let actionsPerPriority = 5
    public static let maxWhy = 2_000
    public static let maxWhat = 500
    public static let maxWho = 200
}

/// One filled-in slot of the agenda form, as typed: everything still text, so every mistake can be named.
public struct AgendaForm: Sendable, Equatable {
    public struct ActionRow: Sendable, Equatable {
        public var what = "", who = "", due = "", status = ""

        public init(what: String = "", who: String = "", due: String = "", status: String = "") {
            self.what = what
            self.who = who
            self.due = due
            self.status = status
        }

        var isEmpty: Bool { [what, who, due].allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
    }

    public struct PriorityRow: Sendable, Equatable {
        public var area = "", why = ""
        public var actions: [ActionRow] = []

        public init(area: String = "", why: String = "", actions: [ActionRow] = []) {
            self.area = area
            self.why = why
            self.actions = actions
        }
    }

    public var priorities: [PriorityRow]

    public init(priorities: [PriorityRow]) {
        self.priorities = priorities
    }

    /// The agenda the form describes, or every problem with it, each naming its field (`p1-area`, `p2-a3-due`).
    /// A new action (not in `previous`) may not be due before `today`; an action that was there may keep its date.
    public func agenda(previous: Agenda?, today: String) -> Result<Agenda, StoreFailure> {
        var errors: [FieldError] = []
        var priorities: [Agenda.Priority] = []
        let known = Set((previous?.priorities ?? []).flatMap { $0.actions.map { "\($0.what)|\($0.due)" } })
        var seen: Set<FocusArea> = []
        let filled = self.priorities.enumerated().filter { _, row in
            !row.area.isEmpty || !row.why.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || row.actions.contains { !$0.isEmpty }
        }
        if filled.isEmpty { errors.append(FieldError(field: "p1-area", message: "agenda.error.none")) }
        if filled.count > Agenda.maxPriorities {
            errors.append(
                FieldError(
                    field: "p\(filled[Agenda.maxPriorities].offset + 1)-area", message: "agenda.error.too_many", limit: Agenda.maxPriorities
                ))
        }
        for (index, row) in filled.prefix(Agenda.maxPriorities) {
            let p = "p\(index + 1)"
            let area = Int(row.area).flatMap(FocusArea.init(rawValue:))
            if area == nil { errors.append(FieldError(field: "\(p)-area", message: "agenda.error.area")) }
            if let area, !seen.insert(area).inserted { errors.append(FieldError(field: "\(p)-area", message: "agenda.error.area_twice")) }
            if let error = Validate.required(row.why, field: "\(p)-why", max: Agenda.maxWhy, message: "agenda.error.why") {
                errors.append(error)
            }
            var actions: [Agenda.Action] = []
            for (number, action) in row.actions.enumerated() where !action.isEmpty {
                let a = "\(p)-a\(number + 1)"
                if let error = Validate.required(action.what, field: "\(a)-what", max: Agenda.maxWhat, message: "agenda.error.what") {
                    errors.append(error)
                }
                if let error = Validate.required(action.who, field: "\(a)-who", max: Agenda.maxWho, message: "agenda.error.who") {
                    errors.append(error)
                }
                let due = Format.parseDay(action.due.trimmingCharacters(in: .whitespaces)).map(Format.day)
                let what = action.what.trimmingCharacters(in: .whitespacesAndNewlines)
                if due == nil {
                    errors.append(FieldError(field: "\(a)-due", message: "agenda.error.due"))
                } else if let due, due < today, !known.contains("\(what)|\(due)") {
                    errors.append(FieldError(field: "\(a)-due", message: "agenda.error.due_past"))
                }
                let status = ActionStatus(rawValue: action.status) ?? .gepland
                actions.append(
                    Agenda.Action(
                        what: what, who: action.who.trimmingCharacters(in: .whitespacesAndNewlines), due: due ?? "", status: status))
            }
            if actions.isEmpty { errors.append(FieldError(field: "\(p)-a1-what", message: "agenda.error.no_actions")) }
            if let area {
                priorities.append(
                    Agenda.Priority(area: area, why: row.why.trimmingCharacters(in: .whitespacesAndNewlines), actions: actions))
            }
        }
        return errors.isEmpty ? .success(Agenda(priorities: priorities)) : .failure(.fields(errors))
    }
}

/// What changed between two versions of an agenda, in the order a reader goes through it.
public enum AgendaChange: Sendable, Equatable {
    case priorityAdded(FocusArea)
    case priorityRemoved(FocusArea)
    case whyChanged(FocusArea, from: String, to: String)
    case actionAdded(FocusArea, Agenda.Action)
    case actionRemoved(FocusArea, Agenda.Action)
    case actionChanged(FocusArea, from: Agenda.Action, to: Agenda.Action)

    /// Compares by focus area, and actions within it by their text ("what"), so a changed date or status is a
    /// change of that action, not one removed and one added.
    public static func between(_ old: Agenda, _ new: Agenda) -> [AgendaChange] {
        var changes: [AgendaChange] = []
        let oldByArea = Dictionary(old.priorities.map { ($0.area, $0) }, uniquingKeysWith: { a, _ in a })
        let newAreas = Set(new.priorities.map(\.area))
        for priority in new.priorities {
            guard let before = oldByArea[priority.area] else {
                changes.append(.priorityAdded(priority.area))
                changes += priority.actions.map { .actionAdded(priority.area, $0) }
                continue
            }
            if before.why != priority.why { changes.append(.whyChanged(priority.area, from: before.why, to: priority.why)) }
            let beforeActions = Dictionary(before.actions.map { ($0.what, $0) }, uniquingKeysWith: { a, _ in a })
            let nowWhats = Set(priority.actions.map(\.what))
            for action in priority.actions {
                if let was = beforeActions[action.what] {
                    if was != action { changes.append(.actionChanged(priority.area, from: was, to: action)) }
                } else {
                    changes.append(.actionAdded(priority.area, action))
                }
            }
            changes += before.actions.filter { !nowWhats.contains($0.what) }.map { .actionRemoved(priority.area, $0) }
        }
        changes += old.priorities.filter { !newAreas.contains($0.area) }.map { .priorityRemoved($0.area) }
        return changes
    }
}

extension AgendaChange {
    /// The change in one sentence.
    public var sentence: LocalizedText {
        func action(_ a: Agenda.Action) -> LocalizedText {
            LocalizedText(
                nl: "‘\(a.what)’ (\(a.who), \(Format.day(a.due, .nl)), \(a.status.name.nl.lowercased()))",
                en: "‘\(a.what)’ (\(a.who), \(Format.day(a.due, .en)), \(a.status.name.en.lowercased()))")
        }
        switch self {
        case .priorityAdded(let area):
            return LocalizedText(nl: "Nieuwe prioriteit: \(area.name.nl).", en: "New priority: \(area.name.en).")
        case .priorityRemoved(let area):
            return LocalizedText(nl: "Prioriteit geschrapt: \(area.name.nl).", en: "Priority removed: \(area.name.en).")
        case .whyChanged(let area, _, let to):
            return LocalizedText(nl: "\(area.name.nl): nieuwe toelichting: \(to)", en: "\(area.name.en): new explanation: \(to)")
        case .actionAdded(let area, let a):
            return LocalizedText(
                nl: "\(area.name.nl): actie toegevoegd: \(action(a).nl).", en: "\(area.name.en): action added: \(action(a).en).")
        case .actionRemoved(let area, let a):
            return LocalizedText(
                nl: "\(area.name.nl): actie geschrapt: \(action(a).nl).", en: "\(area.name.en): action removed: \(action(a).en).")
        case .actionChanged(let area, let from, let to):
            return LocalizedText(
                nl: "\(area.name.nl): \(action(from).nl) is nu \(action(to).nl).",
                en: "\(area.name.en): \(action(from).en) is now \(action(to).en).")
        }
    }
}
