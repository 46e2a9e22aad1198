import DemocracyKit
import Fluent
import Foundation

/// A burgerberaad's lottery. The address file is kept sealed only until the draw; after it, its fingerprint and
/// counts remain. Seed and fingerprints are public: the audit page shows them.
final class LotteryRecord: Model, @unchecked Sendable {
    static let schema = "lotteries"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "title") var title: String
    @Field(key: "status") var status: LotteryStatus
    /// The areas (wijken or dorpen) invitees choose from, one a line.
    @Field(key: "areas") var areas: String
    /// The addresses in normal form, one a line, sealed; nil before the upload and after the draw.
    @OptionalField(key: "address_file") var addressFile: String?
    @Field(key: "address_lines") var addressLines: Int
    @Field(key: "address_count") var addressCount: Int
    @Field(key: "address_duplicates") var addressDuplicates: Int
    @Field(key: "address_empty") var addressEmpty: Int
    @Field(key: "address_skipped") var addressSkipped: Int
    @OptionalField(key: "file_fingerprint") var fileFingerprint: String?
    @OptionalField(key: "seed") var seed: String?
    /// Where and when the seed was announced, in the coordinator's words.
    @OptionalField(key: "seed_announced") var seedAnnounced: String?
    @OptionalField(key: "seed_published_at") var seedPublishedAt: Date?
    @Field(key: "letter_count") var letterCount: Int
    @OptionalField(key: "draw_fingerprint") var drawFingerprint: String?
    @OptionalField(key: "drawn_at") var drawnAt: Date?
    @OptionalField(key: "registration_closed_at") var registrationClosedAt: Date?
    /// The chosen panel's `LotteryOutcome` as JSON: quotas, seed, method and chances, no one named.
    @OptionalField(key: "selection") var selection: String?
    /// When the assembly was finished: from then on only the counts remain.
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String

    init() {}

    var areaList: [String] { areas.split(separator: "\n").map(String.init) }
    var criteria: [LotteryCriterion] { LotteryCriteria.standard(areas: areaList) }
    var outcome: LotteryOutcome? {
        selection.flatMap { try? JSONDecoder.lottery.decode(LotteryOutcome.self, from: Data($0.utf8)) }
    }
}

/// One drawn letter: the address and its registration code, both sealed; the code's keyed fingerprint finds the
/// letter when someone registers.
final class LotteryLetter: Model, @unchecked Sendable {
    static let schema = "lottery_letters"

    @ID(key: .id) var id: UUID?
    @Parent(key: "lottery_id") var lottery: LotteryRecord
    @Field(key: "position") var position: Int
    @Field(key: "address") var address: String
    @Field(key: "code") var code: String
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "registered") var registered: Bool

    init() {}
}

/// Someone who registered with the code from their letter: their answer per criterion (what the selection reads)
/// and how to reach them (sealed). Only the day is kept.
final class LotteryVolunteer: Model, @unchecked Sendable {
    static let schema = "lottery_volunteers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "lottery_id") var lottery: LotteryRecord
    @Field(key: "letter_id") var letterID: UUID
    /// The answers as JSON, criterion to value.
    @Field(key: "features") var features: String
    /// Name, email and phone as JSON, sealed.
    @Field(key: "contact") var contact: String
    @Field(key: "registered_on") var registeredOn: String
    @Field(key: "selected") var selected: Bool

    init() {}

    /// The answers, criterion to value.
    var answers: [String: String] { FlatJSON.decodeStrings(features) ?? [:] }

    /// Name, email and phone, opened from their sealed form.
    func contactDetails(_ secrets: SecretBox) throws -> [String: String] { FlatJSON.decodeStrings(try secrets.open(contact)) ?? [:] }
}

extension JSONDecoder {
    /// Reads what `JSONEncoder.lottery` wrote.
    static var lottery: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension JSONEncoder {
    /// Dates as ISO 8601 text, keys sorted, so a stored outcome reads the same on every database.
    static var lottery: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
