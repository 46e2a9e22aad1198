/// The one way to write a CSV file: fields quoted when they must be, a formula never run, lines ended by CR LF.
/// With `forDutchExcel`, semicolons between columns and a byte order mark, so Dutch Excel opens it in columns
/// and reads the accents.
public enum CSV {
    public static func field(_ value: String, separator: Character = ",") -> String {
        // A leading =, +, - or @ would run as a formula in a spreadsheet, and so would one after a tab or a
        // carriage return, which spreadsheets skip (OWASP, "CSV injection"). Numbers stay numbers.
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil { text = "'" + text }
        return text.contains(where: { $0 == separator || "\"\r\n".contains($0) })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    public static func file(_ rows: [[String]], forDutchExcel: Bool = false) -> String {
        let separator: Character = forDutchExcel ? ";" : ","
        let body =
            rows.map { row in row.map { field($0, separator: separator) }.joined(separator: String(separator)) }
            .joined(separator: "\r\n") + "\r\n"
        return forDutchExcel ? "\u{FEFF}" + body : body
    }
}
