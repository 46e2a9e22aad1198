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
        let parts = dutchCalendar.dateComponents([.day, .month, .year], from: date)
        let month = months[language]![(parts.month ?? 1) - 1]
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 1970)"
    }

    /// "12 maart 2026, 14:05" or "12 March 2026, 14:05", in the Dutch time zone.
    public static func dateTime(_ moment: Date, _ language: Language) -> String {
        let parts = dutchCalendar.dateComponents([.hour, .minute], from: moment)
        return date(moment, language) + String(format: ", %02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// The calendar day in the Netherlands as yyyy-MM-dd: the finest time a response keeps.
    public static func day(_ date: Date) -> String {
        let parts = dutchCalendar.dateComponents([.day, .month, .year], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// The moment in the Netherlands as yyyy-MM-dd HH:mm, for files a spreadsheet sorts.
    public static func dayTime(_ date: Date) -> String {
        let parts = dutchCalendar.dateComponents([.hour, .minute], from: date)
        return day(date) + String(format: " %02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// Parses a day into a date at noon in the Netherlands; nil when it is not a real day. Stored days are
    /// yyyy-MM-dd (what a browser's date field sends); a day typed the Dutch way, 15-3-2026, 15/03/2026 or
    /// 15.03.2026, is read too, for browsers without a date field.
    public static func parseDay(_ text: String) -> Date? {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }) else { return nil }
        let isoOrder = parts[0].count == 4 && text.allSatisfy { $0 != "/" && $0 != "." }
        let dutchOrder = parts[2].count == 4 && parts[0].count <= 2 && parts[1].count <= 2
        guard isoOrder || dutchOrder, let first = Int(parts[0]), let month = Int(parts[1]), let last = Int(parts[2]) else { return nil }
        let (year, day) = isoOrder ? (first, last) : (last, first)
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let components = DateComponents(year: year, month: month, day: day, hour: 12)
        guard let date = dutchCalendar.date(from: components), dutchCalendar.component(.day, from: date) == day else { return nil }
        return date
    }

    /// Midnight in the Netherlands at the start of a stored day (yyyy-MM-dd).
    public static func startOfDay(_ text: String) -> Date? {
        parseDay(text).map { dutchCalendar.startOfDay(for: $0) }
    }

    /// "12 maart 2026" for a stored day.
    public static func day(_ text: String, _ language: Language) -> String {
        parseDay(text).map { date($0, language) } ?? text
    }

    /// Made once: looking up the time zone for every date cost more than the rest of a page.
    static let dutchCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .current
        return calendar
    }()

    /// The same time of day a number of calendar days later (or earlier) in the Netherlands: 24-hour steps across a
    /// change to or from summer time would land late in the evening on the day after.
    public static func moment(_ date: Date, addingDays days: Int) -> Date {
        dutchCalendar.date(byAdding: .day, value: days, to: date) ?? date.addingTimeInterval(Double(days) * 86_400)
    }

    /// The number of days from 1970-01-01 to a day written yyyy-MM-dd (civil calendar arithmetic, no time zone),
    /// or nil when it is not a day: for counting days between stored days without building dates.
    public static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y0 = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Lower case without accents, for searching: "Súdwest-Fryslân" → "sudwest-fryslan".
    public static func searchKey(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }
}
