import Foundation

/// The kinds of file people may upload (a challenge's documents, later a case file's): PDF, the OpenDocument
/// formats, Word's DOCX, and PNG or JPEG images. The kind is read from the file's first bytes, never from its name
/// alone: a name must fit what the content is, so a program renamed to `.pdf` is refused.
public enum UploadKind: String, CaseIterable, Codable, Sendable {
    case pdf, odt, ods, odp, docx, png, jpeg

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        }
    }

    /// The endings a file of this kind may have.
    public var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        default: [rawValue]
        }
    }

    public static let maxBytes = 5 * 1024 * 1024
    public static let maxNameLength = 100

    /// Why a file is refused: a key into the interface strings.
    public enum Refusal: String, Error, CaseIterable, Sendable {
        case empty = "upload.error.empty"
        case tooLarge = "upload.error.too_large"
        case kind = "upload.error.kind"
        case mismatch = "upload.error.mismatch"
    }

    /// The kind of a file from its content and name, or why it is refused.
    public static func check(_ bytes: [UInt8], name: String) -> Result<UploadKind, Refusal> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > maxBytes { return .failure(.tooLarge) }
        guard let kind = detect(bytes) else { return .failure(.kind) }
        let ending = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return kind.extensions.contains(ending) ? .success(kind) : .failure(.mismatch)
    }

    /// The kind of a file sent in a form's field, or the field's error: what a store checks before keeping it.
    public static func checked(_ bytes: [UInt8], name: String, field: String = "document") throws(StoreFailure) -> UploadKind {
        switch check(bytes, name: name) {
        case .success(let kind): return kind
        case .failure(let refusal):
            throw .fields([FieldError(field: field, message: refusal.rawValue, limit: refusal == .tooLarge ? maxBytes / 1_048_576 : nil)])
        }
    }

    /// What the first bytes say the file is; nil for anything else (a program, a script, HTML, an old .doc).
    public static func detect(_ bytes: [UInt8]) -> UploadKind? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        guard starts([0x50, 0x4B, 0x03, 0x04]) else { return nil }
        // OpenDocument: the first entry of the ZIP is `mimetype`, stored uncompressed, holding the format's type.
        if starts(Array("mimetype".utf8), at: 30) {
            let rest = String(decoding: bytes[38..<min(bytes.count, 38 + 80)], as: UTF8.self)
            for kind in [UploadKind.odt, .ods, .odp] where rest.hasPrefix(kind.mediaType) { return kind }
            return nil
        }
        // DOCX: a ZIP whose table of contents names `[Content_Types].xml` and the document in `word/`.
        if contains(bytes, Array("[Content_Types].xml".utf8)) && contains(bytes, Array("word/document.xml".utf8)) { return .docx }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first && Array(bytes[index..<index + needle.count]) == needle { return true }
            index += 1
        }
        return false
    }

    /// A name safe to store and to offer for download: the last part of any path, only letters, digits and a
    /// few signs, at most `maxNameLength` characters, keeping the ending.
    public static func safeName(_ name: String, kind: UploadKind) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = String(last.map { $0.isLetter || $0.isNumber || " -_.()".contains($0) ? $0 : "_" })
            .trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        let ending = "." + (kept.split(separator: ".").last.map { $0.lowercased() } ?? kind.extensions[0])
        let stem = kept.hasSuffix(ending) || kept.lowercased().hasSuffix(ending) ? String(kept.dropLast(ending.count)) : kept
        let short = String(stem.prefix(maxNameLength - ending.count))
        return (short.isEmpty ? "document" : short) + ending
    }
}
