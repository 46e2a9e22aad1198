import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// A municipality, identified by its CBS code. Demo municipalities are fictional and marked, so invented
/// results never appear under a real municipality's name.
final class Municipality: Model, @unchecked Sendable {
    static let schema = "municipalities"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name") var name: String
    @Field(key: "province") var province: String
    @Field(key: "population") var population: Int
    @Field(key: "valid_from") var validFrom: String
    @OptionalField(key: "valid_until") var validUntil: String?
    @Field(key: "is_demo") var isDemo: Bool
    /// Name and code folded to lower case without accents, so "sudwest" finds "Súdwest-Fryslân".
    @Field(key: "search_key") var searchKey: String

    init() {}

    init(
        code: String, name: String, province: String, population: Int, validFrom: String,
        validUntil: String? = nil, isDemo: Bool = false
    ) {
        self.id = code
        self.name = name
        self.province = province
        self.population = population
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.isDemo = isDemo
        self.searchKey = Self.searchKey(code: code, name: name)
    }

    static func searchKey(code: String, name: String) -> String {
        Format.searchKey(name) + " " + code.lowercased()
    }

    var code: String { id ?? "" }
}

/// Loads the CBS list into the database. Run after every migrate: it adds what is missing and updates names,
/// provinces and populations of what is there; it never removes a municipality, so old scans stay readable.
enum LoadMunicipalities {
    /// The date the 2025 list took effect; merged municipalities get a `valid_until` in a later list.
    static let listDate = "2025-01-01"

    static func records(csvPath: String) throws -> [MunicipalityRecord] {
        guard let data = FileManager.default.contents(atPath: csvPath) else {
            throw Abort(.internalServerError, reason: "The municipality list \(csvPath) is missing")
        }
        do {
            return try MunicipalityCSV.parse(String(decoding: data, as: UTF8.self), validFrom: listDate)
        } catch {
            throw Abort(.internalServerError, reason: "The municipality list \(csvPath) is wrong at \(error)")
        }
    }

    static func load(csvPath: String, on database: any Database) async throws {
        let records = try records(csvPath: csvPath)
        try await database.transaction { db in
            let existing = try await Municipality.query(on: db).all()
            let byCode = Dictionary(uniqueKeysWithValues: existing.map { ($0.code, $0) })
            var missing: [Municipality] = []
            for record in records {
                if let current = byCode[record.code] {
                    if current.name != record.name || current.province != record.province || current.population != record.population {
                        current.name = record.name
                        current.province = record.province
                        current.population = record.population
                        current.searchKey = Municipality.searchKey(code: record.code, name: record.name)
                        try await current.update(on: db)
                    }
                } else {
                    missing.append(
                        Municipality(
                            code: record.code, name: record.name, province: record.province,
                            population: record.population, validFrom: record.validFrom))
                }
            }
            if !missing.isEmpty { try await missing.create(on: db) }
        }
    }
}
