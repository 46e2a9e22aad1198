import Foundation

/// Numbers and dates as Dutch and English readers expect them, without depending on the host's locale data.
public enum Format {
    /// 238147 → "238.147" in Dutch, "238,147" in English.
    public static func number(_ value: Int, _ language: Language) -> String {
        let separator: Character = language == .nl ? "." : ","
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(separator) }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    private static let months: [Language: [String]] = [
        .nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    ]

    /// "12 maart 2026" or "12 March 2026", in the Dutch time zone.
    public static func date(_ date: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        let month = months[language]![(parts.month ?? 1) - 1]
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 1970)"
    }

    /// Lower case without accents, for searching: "Súdwest-Fryslân" → "sudwest-fryslan".
    public static func searchKey(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }
}
