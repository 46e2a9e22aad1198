import Foundation
import Yams

/// The woningscan (docs/resilience.md): a free, preventive security scan of the home of a mayor, alderman or council
/// member. The office holder requests a visit, and can do a self-check at once; the programme's handler plans the
/// visit and records it done. The home address is read only by the handler who took the request.

// MARK: The self-check

/// An area of the self-check, in the order the page shows them.
public enum HomeCheckArea: String, Codable, CaseIterable, Sendable {
    case deuren, ramen, verlichting, online, gewoonten

    public var name: LocalizedText {
        switch self {
        case .deuren: LocalizedText(nl: "Deuren en sloten", en: "Doors and locks")
        case .ramen: LocalizedText(nl: "Ramen", en: "Windows")
        case .verlichting: LocalizedText(nl: "Verlichting", en: "Lighting")
        case .online: LocalizedText(nl: "Uw adres online", en: "Your address online")
        case .gewoonten: LocalizedText(nl: "Gewoonten, post en auto", en: "Habits, post and car")
        }
    }
}

/// An answer to a question of the self-check.
public enum HomeCheckAnswer: String, Codable, CaseIterable, Sendable {
    case ja
    case nee
    case weetNiet = "weet-niet"

    public var name: LocalizedText {
        switch self {
        case .ja: LocalizedText(nl: "Ja", en: "Yes")
        case .nee: LocalizedText(nl: "Nee", en: "No")
        case .weetNiet: LocalizedText(nl: "Weet ik niet", en: "I do not know")
        }
    }
}

public struct HomeCheckQuestion: Sendable {
    public let id: String
    public let area: HomeCheckArea
    public let text: LocalizedText
    /// What to do, for each of the three answers.
    public let advice: [HomeCheckAnswer: LocalizedText]

    public init(id: String, area: HomeCheckArea, text: LocalizedText, advice: [HomeCheckAnswer: LocalizedText]) {
        self.id = id
        self.area = area
        self.text = text
        self.advice = advice
    }
}

/// The advice for one answered question.
public struct HomeCheckAdvice: Sendable, Equatable {
    public let questionID: String
    public let answer: HomeCheckAnswer
    public let advice: LocalizedText
}

/// The self-check's questions from `Resources/Data/resilience/homecheck.yaml`, checked when it is read.
public struct HomeCheck: Sendable {
    public let questions: [HomeCheckQuestion]

    public init(_ questions: [HomeCheckQuestion]) { self.questions = questions }

    /// As the file is written; every text a map of language to text, so a missing language is named, not a
    /// decoding error.
    private struct File: Decodable {
        struct Question: Decodable {
            let id: String
            let area: String
            let question: [String: String]
            let advice: [String: [String: String]]
        }
        let questions: [Question]
    }

    /// Reads and checks the file; every problem names the file and what is wrong, so a wrong file stops start-up.
    public static func load(yaml: String, file: String) throws -> HomeCheck {
        let decoded: File
        do {
            decoded = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw QuestionBank.LoadError(file: file, line: nil, reason: "is not a valid self-check: \(error)")
        }
        func fail(_ reason: String) -> QuestionBank.LoadError { QuestionBank.LoadError(file: file, line: nil, reason: reason) }
        func text(_ texts: [String: String]?, _ what: String) throws -> LocalizedText {
            guard let nl = texts?["nl"]?.trimmingCharacters(in: .whitespacesAndNewlines), !nl.isEmpty,
                let en = texts?["en"]?.trimmingCharacters(in: .whitespacesAndNewlines), !en.isEmpty
            else { throw fail("\(what) needs Dutch and English") }
            return LocalizedText(nl: nl, en: en)
        }
        guard !decoded.questions.isEmpty else { throw fail("has no questions") }
        var seen = Set<String>()
        var questions: [HomeCheckQuestion] = []
        for raw in decoded.questions {
            guard !raw.id.isEmpty, raw.id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw fail("the id '\(raw.id)' is not lower-case letters, digits and hyphens")
            }
            guard seen.insert(raw.id).inserted else { throw fail("the id \(raw.id) is used twice") }
            guard let area = HomeCheckArea(rawValue: raw.area) else {
                throw fail(
                    "\(raw.id): the area '\(raw.area)' is not one of " + HomeCheckArea.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let unknown = raw.advice.keys.sorted().first(where: { HomeCheckAnswer(rawValue: $0) == nil }) {
                throw fail("\(raw.id): advice for '\(unknown)', which is not an answer (ja, nee, weet-niet)")
            }
            var advice: [HomeCheckAnswer: LocalizedText] = [:]
            for answer in HomeCheckAnswer.allCases {
                advice[answer] = try text(raw.advice[answer.rawValue], "\(raw.id): the advice for '\(answer.rawValue)'")
            }
            questions.append(
                HomeCheckQuestion(id: raw.id, area: area, text: try text(raw.question, "\(raw.id): the question"), advice: advice))
        }
        return HomeCheck(questions)
    }

    /// The form's field for a question.
    public static func field(_ question: HomeCheckQuestion) -> String { "h-" + question.id }

    /// The areas that have questions, in the page's order, each with its questions in the file's order.
    public var areas: [(area: HomeCheckArea, questions: [HomeCheckQuestion])] {
        HomeCheckArea.allCases.compactMap { area in
            let questions = questions.filter { $0.area == area }
            return questions.isEmpty ? nil : (area, questions)
        }
    }

    /// The answers as posted: a question may be left open, but at least one must be answered; a value that is not
    /// one of the three answers is refused on its field.
    public func read(_ values: [String: String]) throws(StoreFailure) -> [String: HomeCheckAnswer] {
        var answers: [String: HomeCheckAnswer] = [:]
        var errors: [FieldError] = []
        for question in questions {
            let field = Self.field(question)
            let raw = values[field, default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !raw.isEmpty else { continue }
            if let answer = HomeCheckAnswer(rawValue: raw) {
                answers[question.id] = answer
            } else {
                errors.append(FieldError(field: field, message: "woningscan.error.answer_unknown"))
            }
        }
        if errors.isEmpty, answers.isEmpty, let first = questions.first {
            errors.append(FieldError(field: Self.field(first), message: "woningscan.error.no_answers"))
        }
        guard errors.isEmpty else { throw .fields(errors) }
        return answers
    }

    /// Kept answers as stored, keeping only those that still fit a question of the file.
    public func answers(stored: [String: String]) -> [String: HomeCheckAnswer] {
        var answers: [String: HomeCheckAnswer] = [:]
        for question in questions {
            if let answer = stored[question.id].flatMap(HomeCheckAnswer.init(rawValue:)) { answers[question.id] = answer }
        }
        return answers
    }

    /// The advice for each answered question, in the page's order.
    public func advice(for answers: [String: HomeCheckAnswer]) -> [HomeCheckAdvice] {
        areas.flatMap(\.questions).compactMap { question in
            guard let answer = answers[question.id], let advice = question.advice[answer] else { return nil }
            return HomeCheckAdvice(questionID: question.id, answer: answer, advice: advice)
        }
    }
}

// MARK: The request

/// The office the person who requests a woningscan holds.
public enum HomeScanOffice: String, Codable, CaseIterable, Sendable {
    case burgemeester, wethouder, raadslid

    public var name: LocalizedText {
        switch self {
        case .burgemeester: LocalizedText(nl: "Burgemeester", en: "Mayor")
        case .wethouder: LocalizedText(nl: "Wethouder", en: "Alderman")
        case .raadslid: LocalizedText(nl: "Raadslid", en: "Council member")
        }
    }
}

/// What the requester fills in. Everything but the office and the municipality is sealed at rest
/// (`HomeScanDetails`).
public struct HomeScanRequestForm: Sendable {
    public static let fieldNames = ["office", "municipality", "phone", "street", "postcode", "place", "availability", "notes"]
    public static let maxPhone = 20
    public static let maxStreet = 120
    public static let maxPlace = 80
    public static let maxAvailability = 300
    public static let maxNotes = 1_000
    /// A Dutch phone number has 10 digits (0612345678), 11 with the country code (+31 6 12345678); a number abroad
    /// may have up to 15.
    public static let phoneDigits = 10...15

    public let office: String
    public let municipality: String
    public let phone: String
    public let street: String
    public let postcode: String
    public let place: String
    public let availability: String
    public let notes: String

    public init(values: [String: String]) {
        func text(_ name: String) -> String { values[name, default: ""].trimmingCharacters(in: .whitespacesAndNewlines) }
        office = text("office")
        municipality = text("municipality")
        phone = text("phone")
        street = text("street")
        postcode = Self.normalizedPostcode(text("postcode")) ?? text("postcode")
        place = text("place")
        availability = text("availability")
        notes = text("notes")
    }

    /// A Dutch postcode as it is written, "1234 AB": four digits, the first not a zero, and two letters, with or
    /// without the space and in any case. Nil for anything else.
    public static func normalizedPostcode(_ text: String) -> String? {
        let compact = text.filter { $0 != " " }.uppercased()
        guard compact.count == 6 else { return nil }
        let digits = compact.prefix(4)
        let letters = compact.suffix(2)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0",
            letters.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        return String(digits) + " " + String(letters)
    }

    /// Digits, spaces, hyphens, brackets and a leading plus, with enough digits for a number.
    public static func isPhone(_ text: String) -> Bool {
        guard text.count <= maxPhone, text.allSatisfy({ ($0.isASCII && $0.isNumber) || " -()+".contains($0) }),
            !text.dropFirst().contains("+")
        else { return false }
        return phoneDigits.contains(text.filter(\.isNumber).count)
    }

    /// Every problem, each on its field with a message in plain words. `municipalities` are the codes the person
    /// holds a role in: they can only request for one of their own.
    public func problems(municipalities: [String]) -> [FieldError] {
        var errors: [FieldError] = []
        if HomeScanOffice(rawValue: office) == nil { errors.append(FieldError(field: "office", message: "woningscan.error.office")) }
        if !municipalities.contains(municipality) {
            errors.append(FieldError(field: "municipality", message: "woningscan.error.municipality"))
        }
        if phone.isEmpty {
            errors.append(FieldError(field: "phone", message: "woningscan.error.phone"))
        } else if phone.count > Self.maxPhone {
            errors.append(FieldError(field: "phone", message: "error.too_long", limit: Self.maxPhone))
        } else if !Self.isPhone(phone) {
            errors.append(FieldError(field: "phone", message: "woningscan.error.phone_invalid"))
        }
        if let error = Validate.required(street, field: "street", max: Self.maxStreet, message: "woningscan.error.street") {
            errors.append(error)
        } else if !street.contains(where: { $0.isASCII && $0.isNumber }) {
            errors.append(FieldError(field: "street", message: "woningscan.error.street_number"))
        }
        if postcode.isEmpty {
            errors.append(FieldError(field: "postcode", message: "woningscan.error.postcode"))
        } else if Self.normalizedPostcode(postcode) == nil {
            errors.append(FieldError(field: "postcode", message: "woningscan.error.postcode_invalid"))
        }
        if let error = Validate.required(place, field: "place", max: Self.maxPlace, message: "woningscan.error.place") {
            errors.append(error)
        }
        if let error = Validate.optional(availability, field: "availability", max: Self.maxAvailability) { errors.append(error) }
        if let error = Validate.optional(notes, field: "notes", max: Self.maxNotes) { errors.append(error) }
        return errors
    }

    /// What is sealed: everything that tells where the person lives or how to reach them.
    public var details: HomeScanDetails {
        HomeScanDetails(phone: phone, street: street, postcode: postcode, place: place, availability: availability, notes: notes)
    }
}

/// The sealed part of a request.
public struct HomeScanDetails: Sendable, Equatable {
    public let phone: String
    public let street: String
    public let postcode: String
    public let place: String
    public let availability: String
    public let notes: String

    public init(phone: String, street: String, postcode: String, place: String, availability: String, notes: String) {
        self.phone = phone
        self.street = street
        self.postcode = postcode
        self.place = place
        self.availability = availability
        self.notes = notes
    }

    public var values: [String: String] {
        ["phone": phone, "street": street, "postcode": postcode, "place": place, "availability": availability, "notes": notes]
    }

    public init(values: [String: String]) {
        self.init(
            phone: values["phone", default: ""], street: values["street", default: ""], postcode: values["postcode", default: ""],
            place: values["place", default: ""], availability: values["availability", default: ""], notes: values["notes", default: ""])
    }
}

// MARK: The workflow

public enum HomeScanStatus: String, Codable, CaseIterable, Sendable {
    /// Sent by the office holder; a handler may take it.
    case aangevraagd
    /// The handler set the day of the visit.
    case ingepland
    /// The visit was made and the advice recorded.
    case uitgevoerd

    public var name: LocalizedText {
        switch self {
        case .aangevraagd: LocalizedText(nl: "Aangevraagd", en: "Requested")
        case .ingepland: LocalizedText(nl: "Ingepland", en: "Planned")
        case .uitgevoerd: LocalizedText(nl: "Uitgevoerd", en: "Done")
        }
    }
}

/// Where a request stands: its status, who handles it and the day of the visit (yyyy-MM-dd).
public struct HomeScanState: Sendable, Equatable {
    public let status: HomeScanStatus
    public let handler: UUID?
    public let plannedOn: String?

    public init(status: HomeScanStatus, handler: UUID?, plannedOn: String?) {
        self.status = status
        self.handler = handler
        self.plannedOn = plannedOn
    }
}

/// The request's moves, each a pure function from the state to the next one or a named refusal:
///
///     aangevraagd (no handler) → aangevraagd (handler set)   a staff member takes it
///     aangevraagd, ingepland → ingepland                     the handler sets (or moves) the visit's day
///     ingepland → uitgevoerd                                 the handler records the visit with its advice
///
/// Only the handler who took a request plans or finishes it.
public enum HomeScanWorkflow {
    public static let maxAdvice = 2_000

    public static func take(_ state: HomeScanState, by person: UUID) throws(StoreFailure) -> HomeScanState {
        guard state.handler == nil else { throw StoreFailure.conflict("woningscan.error.taken") }
        guard state.status == .aangevraagd else { throw StoreFailure.conflict("woningscan.error.done") }
        return HomeScanState(status: .aangevraagd, handler: person, plannedOn: state.plannedOn)
    }

    /// `today` is the day in the Netherlands (yyyy-MM-dd); the visit is today or later, and at most a year ahead.
    public static func plan(_ state: HomeScanState, on day: String, by person: UUID, today: String) throws(StoreFailure) -> HomeScanState {
        guard state.handler == person else { throw StoreFailure.notAllowed("woningscan.error.not_handler") }
        guard state.status != .uitgevoerd else { throw StoreFailure.conflict("woningscan.error.done") }
        let trimmed = day.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .fields([FieldError(field: "plannedOn", message: "woningscan.error.date")]) }
        guard let date = Format.parseDay(trimmed), let start = Format.parseDay(today) else {
            throw .fields([FieldError(field: "plannedOn", message: "woningscan.error.date_invalid")])
        }
        let planned = Format.day(date)
        if planned < today { throw .fields([FieldError(field: "plannedOn", message: "woningscan.error.date_past")]) }
        let limit = Format.dutchCalendar.date(byAdding: .year, value: 1, to: start).map(Format.day) ?? today
        if planned > limit { throw .fields([FieldError(field: "plannedOn", message: "woningscan.error.date_far")]) }
        return HomeScanState(status: .ingepland, handler: person, plannedOn: planned)
    }

    /// The visit was made: the handler records a short advice; returns the next state and the advice as kept.
    public static func finish(_ state: HomeScanState, advice: String, by person: UUID) throws(StoreFailure) -> (HomeScanState, String) {
        guard state.handler == person else { throw StoreFailure.notAllowed("woningscan.error.not_handler") }
        guard state.status != .uitgevoerd else { throw StoreFailure.conflict("woningscan.error.done") }
        guard state.status == .ingepland else { throw StoreFailure.conflict("woningscan.error.plan_first") }
        let trimmed = advice.trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = Validate.required(trimmed, field: "advice", max: maxAdvice, message: "woningscan.error.advice") {
            throw .fields([error])
        }
        return (HomeScanState(status: .uitgevoerd, handler: person, plannedOn: state.plannedOn), trimmed)
    }
}

/// Who may request a woningscan and who sees what of a request.
public enum HomeScanAccess {
    /// The municipalities a person may request a woningscan for: those they hold a municipal role in. They state
    /// their office themselves; the programme checks it when it plans the visit.
    public static func municipalities(forRequesting memberships: [Membership]) -> [String] {
        Access.municipalities(of: memberships.filter { $0.role.isMunicipal })
    }

    public enum Action: Sendable {
        /// The list and a request without its address and phone: programme staff.
        case list
        /// Take a request that nobody handles yet: programme staff.
        case take
        /// Read the address and phone, plan the visit and record it done: the handler who took it.
        case handle
    }

    public static func allows(isStaff: Bool, isHandler: Bool, _ action: Action) -> Bool {
        switch action {
        case .list, .take: isStaff
        case .handle: isStaff && isHandler
        }
    }
}
