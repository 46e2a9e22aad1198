import DemocracyKit
import Foundation
import Testing

@Suite("Uploads: a file's kind is read from its content, and its name must fit it")
struct UploadTests {
    static let pdf = Array("%PDF-1.7\n1 0 obj\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]
    /// The start of an OpenDocument text: a ZIP whose first entry `mimetype` holds the type, uncompressed.
    static let odt =
        [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)
    static let docx = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 1, count: 40) + Array("[Content_Types].xml....word/document.xml".utf8)
    /// A Windows program: what a renamed `.pdf` really is.
    static let program = Array("MZ\u{90}\u{0}This program cannot be run in DOS mode".utf8)

    @Test("Allowed kinds are recognised by their first bytes, each under its own endings")
    func allowed() {
        #expect(UploadKind.check(Self.pdf, name: "plan.pdf") == .success(.pdf))
        #expect(UploadKind.check(Self.png, name: "kaart.PNG") == .success(.png))
        #expect(
            UploadKind.check(Self.jpeg, name: "foto.jpeg") == .success(.jpeg)
                && UploadKind.check(Self.jpeg, name: "foto.jpg") == .success(.jpeg))
        #expect(UploadKind.check(Self.odt, name: "begroting.odt") == .success(.odt))
        #expect(UploadKind.check(Self.docx, name: "voorstel.docx") == .success(.docx))
    }

    @Test("Refused: a program renamed to .pdf, a PDF with another name, HTML, an empty file, and one byte over the limit")
    func refused() {
        #expect(UploadKind.check(Self.program, name: "begroting.pdf") == .failure(.kind))
        #expect(UploadKind.check(Self.pdf, name: "voorstel.docx") == .failure(.mismatch))
        #expect(UploadKind.check(Array("<html><script>alert(1)</script>".utf8), name: "pagina.pdf") == .failure(.kind))
        #expect(UploadKind.check([], name: "leeg.pdf") == .failure(.empty))
        let large = Self.pdf + [UInt8](repeating: 0x20, count: UploadKind.maxBytes - Self.pdf.count + 1)
        #expect(UploadKind.check(large, name: "groot.pdf") == .failure(.tooLarge))
        #expect(UploadKind.check(Array(large.dropLast()), name: "net.pdf") == .success(.pdf))
        let zipOnly = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 60)
        #expect(UploadKind.check(zipOnly, name: "archief.docx") == .failure(.kind), "a ZIP that is not a document")
    }

    @Test("A stored name keeps only the file's own name, safe signs and its ending, shortened when long")
    func names() {
        #expect(UploadKind.safeName("C:\\Users\\noor\\Plan buurt (v2).pdf", kind: .pdf) == "Plan buurt (v2).pdf")
        #expect(UploadKind.safeName("../../etc/passwd\"<x>.pdf", kind: .pdf) == "passwd__x_.pdf")
        #expect(UploadKind.safeName("...", kind: .png) == "document.png")
        let long = UploadKind.safeName(String(repeating: "a", count: 300) + ".docx", kind: .docx)
        #expect(long.count == UploadKind.maxNameLength && long.hasSuffix(".docx"))
    }
}
