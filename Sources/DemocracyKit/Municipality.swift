import Foundation

/// A municipality as the reference data describes it. Municipalities merge (herindeling), so a code is valid
/// from a date and, once merged away, until a date: a scan of a municipality that no longer exists stays readable.
public struct MunicipalityRecord: Codable, Sendable, Equatable {
    public let code: String
    public let name: String
    public let province: String
    public let population: Int
    public let validFrom: String
    public let validUntil: String?

    public init(code: String, name: String, province: String, population: Int, validFrom: String, validUntil: String? = nil) {
        self.code = code
        self.name = name
        self.province = province
        self.population = population
        self.validFrom = validFrom
        self.validUntil = validUntil
    }
}

public enum MunicipalityCode {
    /// A CBS municipality code: `GM` and four digits, as in `GM0363`.
    public static func isValid(_ code: String) -> Bool {
        let chars = Array(code.utf8)
        guard chars.count == 6, chars[0] == UInt8(ascii: "G"), chars[1] == UInt8(ascii: "M") else { return false }
        return chars[2...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Accepts what a person may type (`gm0363`, ` GM0363 `) and gives the canonical form, or nil.
    public static func normalized(_ input: String) -> String? {
        let code = input.trimmingCharacters(in: .whitespaces).uppercased()
        return isValid(code) ? code : nil
    }
}

/// The twelve provinces, in the spelling CBS uses.
public enum Province {
    public static let all = [
        "Drenthe", "Flevoland", "Fryslân", "Gelderland", "Groningen", "Limburg",
        "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland",
    ]
}

/// Size classes by number of inhabitants, used to compare a municipality with similar ones.
public enum SizeClass: String, CaseIterable, Codable, Sendable {
    case upTo20k = "tot-20k"
    case from20kTo50k = "20k-50k"
    case from50kTo100k = "50k-100k"
    case from100k = "vanaf-100k"

    public init(population: Int) {
        switch population {
        case ..<20_000: self = .upTo20k
        case ..<50_000: self = .from20kTo50k
        case ..<100_000: self = .from50kTo100k
        default: self = .from100k
        }
    }

    public var name: LocalizedText {
        switch self {
        case .upTo20k: LocalizedText(nl: "minder dan 20.000 inwoners", en: "fewer than 20,000 inhabitants")
        case .from20kTo50k: LocalizedText(nl: "20.000 tot 50.000 inwoners", en: "20,000 to 50,000 inhabitants")
        case .from50kTo100k: LocalizedText(nl: "50.000 tot 100.000 inwoners", en: "50,000 to 100,000 inhabitants")
        case .from100k: LocalizedText(nl: "100.000 inwoners of meer", en: "100,000 inhabitants or more")
        }
    }
}

/// Reads the CBS list of municipalities (`code,name,province,population`, UTF-8, quoted fields allowed).
public enum MunicipalityCSV {
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public static func parse(_ text: String, validFrom: String) throws -> [MunicipalityRecord] {
        var records: [MunicipalityRecord] = []
        var seen = Set<String>()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let header = lines.first, splitFields(String(header)) == ["code", "name", "province", "population"] else {
            throw ParseError(line: 1, reason: "expected the header code,name,province,population")
        }
        for (index, raw) in lines.enumerated().dropFirst() where !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let lineNumber = index + 1
            let fields = splitFields(String(raw))
            guard fields.count == 4 else {
                throw ParseError(line: lineNumber, reason: "expected 4 fields, found \(fields.count)")
            }
            guard MunicipalityCode.isValid(fields[0]) else {
                throw ParseError(line: lineNumber, reason: "'\(fields[0])' is not a CBS code like GM0363")
            }
            guard !fields[1].isEmpty else { throw ParseError(line: lineNumber, reason: "the name is empty") }
            guard Province.all.contains(fields[2]) else {
                throw ParseError(line: lineNumber, reason: "'\(fields[2])' is not a province")
            }
            guard let population = Int(fields[3]), population > 0 else {
                throw ParseError(line: lineNumber, reason: "'\(fields[3])' is not a population")
            }
            guard seen.insert(fields[0]).inserted else {
                throw ParseError(line: lineNumber, reason: "the code \(fields[0]) appears twice")
            }
            records.append(
                MunicipalityRecord(
                    code: fields[0], name: fields[1], province: fields[2],
                    population: population, validFrom: validFrom))
        }
        return records
    }

    /// Splits one CSV line; a field in double quotes may hold commas and doubled quotes.
    static func splitFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        while let char = iterator.next() {
            switch char {
            case "\"" where inQuotes:
                if let next = iterator.next() {
                    if next == "\"" {
                        current.append("\"")
                    } else {
                        inQuotes = false
                        if next == "," {
                            fields.append(current)
                            current = ""
                        } else {
                            current.append(next)
                        }
                    }
                } else {
                    inQuotes = false
                }
            case "\"" where current.isEmpty:
                inQuotes = true
            case "," where !inQuotes:
                fields.append(current)
                current = ""
            default:
                current.append(char)
            }
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
