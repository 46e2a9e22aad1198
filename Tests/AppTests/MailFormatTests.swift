import Foundation
import Testing

@testable import DemocracyKit

/// Tests for the message formatter: headers, encodings, injection safety and address checks.
@Suite("MailFormat")
struct MailFormatTests {
    let sender = MailAddress(name: "Democratie in Actie", address: "noreply@dia.example")
    let recipient = MailAddress(name: "Jan de Vries", address: "jan@example.nl")
    let date = Date(timeIntervalSince1970: 1_751_360_700)  // Tuesday 1 July 2025, 09:05:00 UTC

    func render(subject: String = "Welkom", text: String = "Hallo!\n", html: String? = nil, headers: [(String, String)] = [])
        -> String
    {
        MailFormat.render(
            from: sender, to: recipient, subject: subject, text: text, html: html,
            messageID: "<abc@dia.example>", date: date, headers: headers)
    }

    @Test("a plain message has From, To, Subject, Date, Message-ID, MIME-Version and a text/plain body")
    func headersPresent() {
        let message = render(text: "Hallo Jan,\nwelkom!\n")
        #expect(MailTestSupport.header("From", in: message) == "Democratie in Actie <noreply@dia.example>")
        #expect(MailTestSupport.header("To", in: message) == "Jan de Vries <jan@example.nl>")
        #expect(MailTestSupport.header("Subject", in: message) == "Welkom")
        #expect(MailTestSupport.header("Date", in: message) == "Tue, 01 Jul 2025 09:05:00 +0000")
        #expect(MailTestSupport.header("Message-ID", in: message) == "<abc@dia.example>")
        #expect(MailTestSupport.header("MIME-Version", in: message) == "1.0")
        #expect(MailTestSupport.header("Content-Type", in: message) == "text/plain; charset=utf-8")
        #expect(MailTestSupport.header("Content-Transfer-Encoding", in: message) == "quoted-printable")
        #expect(MailTestSupport.split(message).body == "Hallo Jan,\r\nwelkom!\r\n")
        #expect(message.hasSuffix("\r\n"))
    }

    @Test("dates use English names and two-digit fields in UTC")
    func dateFormat() {
        #expect(MailFormat.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailFormat.rfc5322Date(Date(timeIntervalSince1970: 1_735_689_599)) == "Tue, 31 Dec 2024 23:59:59 +0000")
    }

    @Test("a Dutch subject with é and € round-trips through RFC 2047 encoded-words of at most 75 characters")
    func dutchSubjectRoundTrips() {
        let subject = "Uitnodiging: café-avond over de begroting, entree €5 – iedereen is welkom, ook óók ëën keer"
        let message = render(subject: subject)
        let value = MailTestSupport.header("Subject", in: message) ?? ""
        #expect(value.hasPrefix("=?utf-8?B?"))
        #expect(MailTestSupport.decodeEncodedWords(value) == subject)
        let words = MailTestSupport.encodedWords(in: value)
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 })
        let subjectLines = MailTestSupport.lines(message).drop { !$0.hasPrefix("Subject:") }.prefix(words.count)
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 76 })
    }

    @Test("encoded-words never split a UTF-8 sequence, even for long emoji sequences")
    func encodedWordsSplitOnCharacters() {
        let family = "👨‍👩‍👧‍👦"
        let stacked = "e" + String(repeating: "\u{301}", count: 40)  // one character of 81 bytes, split between scalars
        let subject = String(repeating: "€é" + family, count: 12) + String(repeating: "🏳️‍🌈", count: 10) + stacked + "!"
        let value = MailTestSupport.header("Subject", in: render(subject: subject)) ?? ""
        // decodeEncodedWords decodes every word on its own, so a split sequence would show up as "<invalid>".
        #expect(MailTestSupport.decodeEncodedWords(value) == subject)
        #expect(MailTestSupport.encodedWords(in: value).allSatisfy { $0.count <= 75 })
    }

    @Test("ASCII subjects stay readable and are folded at spaces without changing their text")
    func asciiSubjectFolds() {
        let subject = Array(repeating: "Stemming over het voorstel", count: 8).joined(separator: " ")
        let message = render(subject: subject)
        #expect(MailTestSupport.header("Subject", in: message) == subject)
        #expect(MailTestSupport.lines(message).allSatisfy { $0.utf8.count <= 78 })
    }

    @Test("CR and LF in the subject, names and extra headers cannot add a header")
    func headerInjection() {
        let message = MailFormat.render(
            from: MailAddress(name: "Evil\r\nBcc: victim1@example.com", address: "a@example.nl"),
            to: MailAddress(name: nil, address: "b@example.nl\r\nBcc: victim2@example.com"),
            subject: "Hallo\r\nBcc: victim3@example.com\nX-Injected: yes\rX-Other: yes",
            text: "body", html: nil, messageID: "<id@x>\r\nBcc: victim4@example.com", date: date,
            headers: [("X-Tag", "ok\r\nBcc: victim5@example.com"), ("Bcc: victim6@example.com\r\nX-A", "v"), ("From", "spoof")])
        let headerLines = MailTestSupport.split(message).headers
        let names = headerLines.map { $0.prefix { $0 != ":" }.lowercased() }
        #expect(!names.contains("bcc"))
        #expect(!names.contains("x-injected"))
        #expect(!names.contains("x-other"))
        #expect(names.filter { $0 == "from" }.count == 1)
        #expect(MailTestSupport.header("Subject", in: message) == "Hallo  Bcc: victim3@example.com X-Injected: yes X-Other: yes")
        #expect(MailTestSupport.header("X-Tag", in: message) == "ok  Bcc: victim5@example.com")
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("extra headers are written after the standard ones")
    func extraHeaders() {
        let message = render(headers: [("List-Unsubscribe", "<https://dia.example/afmelden?t=abc>"), ("X-Empty", "")])
        #expect(MailTestSupport.header("List-Unsubscribe", in: message) == "<https://dia.example/afmelden?t=abc>")
        let names = MailTestSupport.split(message).headers.map { String($0.prefix { $0 != ":" }) }
        #expect(names.firstIndex(of: "MIME-Version")! < names.firstIndex(of: "List-Unsubscribe")!)
    }

    @Test("quoted-printable round-trips long lines, = signs, trailing spaces, tabs and non-ASCII text")
    func quotedPrintableRoundTrip() {
        let text =
            String(repeating: "Dit is een heel lange regel over de gemeenteraad = democratie ", count: 6) + "\n"
            + "a=b==c\n"
            + "trailing spaces   \n"
            + "trailing tab\t\n"
            + "café, € en ë — 🙂 " + String(repeating: "ééé€", count: 40) + "\n"
            + String(repeating: "=", count: 200) + "\n"
            + ".begint met een punt\n"
            + "\n"
            + "laatste regel zonder einde"
        let encoded = MailFormat.quotedPrintable(text)
        let lines = MailTestSupport.lines(encoded)
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.allSatisfy { $0.utf8.allSatisfy { (32...126).contains($0) } })
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") && !$0.hasSuffix("\t") })
        #expect(encoded.contains("trailing spaces  =20"))
        #expect(encoded.contains("trailing tab=09"))
        #expect(encoded.contains("caf=C3=A9"))
        #expect(MailTestSupport.decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("all line ends in bodies become CRLF")
    func lineEndsNormalised() {
        let message = render(text: "een\ntwee\rdrie\r\nvier\n\rvijf")
        #expect(MailTestSupport.split(message).body == "een\r\ntwee\r\ndrie\r\nvier\r\n\r\nvijf\r\n")
        let bare = message.replacingOccurrences(of: "\r\n", with: "")
        #expect(!bare.contains("\r") && !bare.contains("\n"))
    }

    @Test("every line stays within 998 octets, whatever the input")
    func lineLimit() {
        let long = String(repeating: "x", count: 5000)
        let message = MailFormat.render(
            from: MailAddress(name: long, address: long + "@example.nl"),
            to: MailAddress(name: String(repeating: "é", count: 3000), address: "b@example.nl"),
            subject: long + " " + String(repeating: "€", count: 2000),
            text: long, html: "<p>" + String(repeating: "€", count: 3000) + "</p>",
            messageID: "<" + long + ">", date: date, headers: [("X-Long", long), (long, "dropped")])
        #expect(MailTestSupport.lines(message).allSatisfy { $0.utf8.count <= 998 })
        #expect(MailTestSupport.lines(MailTestSupport.split(message).body).allSatisfy { $0.utf8.count <= 76 })
    }

    @Test("with HTML the message is multipart/alternative with a text part then an HTML part")
    func multipart() throws {
        let html = "<p>Hallo <b>Jan</b>, stem mee op <a href=\"https://dia.example/v?id=1\">het voorstel</a> – €0</p>"
        let message = render(text: "Hallo Jan, stem mee!\n", html: html)
        let contentType = try #require(MailTestSupport.header("Content-Type", in: message))
        #expect(contentType.hasPrefix("multipart/alternative; boundary=\""))
        let boundary = String(contentType.split(separator: "\"")[1])
        let body = MailTestSupport.split(message).body
        let sections = body.components(separatedBy: "\r\n--" + boundary)
        #expect(sections.count == 4)  // preamble, text part, HTML part, closing "--" with epilogue
        #expect(sections.last == "--\r\n")
        let text = MailTestSupport.split(String(sections[1].dropFirst()))
        let htmlPart = MailTestSupport.split(String(sections[2].dropFirst()))
        #expect(text.headers == ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"])
        #expect(htmlPart.headers == ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"])
        #expect(MailTestSupport.decodeQuotedPrintable(text.body) == "Hallo Jan, stem mee!\r\n")
        #expect(MailTestSupport.decodeQuotedPrintable(htmlPart.body) == html)
        #expect(!boundary.isEmpty && render(html: "x") != render(html: "x"))
    }

    @Test("display names: atoms stay plain, specials are quoted and escaped, non-ASCII is encoded")
    func displayNames() {
        func from(_ name: String?) -> String {
            MailFormat.mailboxHeader("From", MailAddress(name: name, address: "info@dia.example"))
        }
        #expect(from(nil) == "From: info@dia.example")
        #expect(from("  ") == "From: info@dia.example")
        #expect(from("Jan de Vries") == "From: Jan de Vries <info@dia.example>")
        #expect(from("Vries, Jan \"JJ\" (DIA)") == "From: \"Vries, Jan \\\"JJ\\\" (DIA)\" <info@dia.example>")
        #expect(from("a\\b.") == "From: \"a\\\\b.\" <info@dia.example>")
        let encoded = from("Gemeente Súdwest-Fryslân")
        #expect(encoded.hasPrefix("From: =?utf-8?B?"))
        #expect(encoded.hasSuffix(" <info@dia.example>"))
        #expect(MailTestSupport.decodeEncodedWords(String(encoded.dropFirst(6))) == "Gemeente Súdwest-Fryslân <info@dia.example>")
    }

    @Test("envelopeAddress accepts normal addresses, trims them and lower-cases the domain")
    func envelopeAccepts() {
        #expect(MailFormat.envelopeAddress("jan@example.nl") == "jan@example.nl")
        #expect(MailFormat.envelopeAddress("  Jan.de-Vries+dia@Example.NL\t") == "Jan.de-Vries+dia@example.nl")
        #expect(MailFormat.envelopeAddress("o'brien_99@mail.sub-domain.example.org") == "o'brien_99@mail.sub-domain.example.org")
        #expect(MailFormat.envelopeAddress("root@localhost") == "root@localhost")
        let longest = String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63)
        #expect(MailFormat.envelopeAddress(longest) == longest)
    }

    @Test(
        "envelopeAddress refuses spaces, CR LF, angle brackets, a missing or second @, bad dots and over-long addresses",
        arguments: [
            "a b@c.nl", "a@b.nl\r\nRCPT TO:<x@y>", "a@b.nl\n", "<a@b.nl>", "a.b.nl", "", "@b.nl", "a@", "a@@b.nl",
            "a@b@c.nl", ".a@b.nl", "a.@b.nl", "a..b@c.nl", "a@b..nl", "a@-b.nl", "a@b-.nl", "a@b_c.nl", "jé@b.nl",
            "a@bé.nl", "a@\u{212A}.nl", "a@b.nl.", "\"a\"@b.nl", "a@[127.0.0.1]",
            String(repeating: "a", count: 65) + "@b.nl",
            String(repeating: "a", count: 60) + "@" + String(repeating: "b.", count: 118) + "nl",
            String(repeating: "a", count: 300),
        ])
    func envelopeRefuses(address: String) {
        #expect(MailFormat.envelopeAddress(address) == nil)
    }

    @Test("messageID gives a fresh <uuid@domain> with only domain characters")
    func messageID() {
        let first = MailFormat.messageID(domain: "DIA.example")
        #expect(first.hasPrefix("<") && first.hasSuffix("@dia.example>"))
        #expect(first.count == 1 + 36 + 1 + 11 + 1)
        #expect(first != MailFormat.messageID(domain: "dia.example"))
        #expect(MailFormat.messageID(domain: "a b>\r\n").hasSuffix("@ab>"))
        #expect(MailFormat.messageID(domain: "").hasSuffix("@localhost>"))
    }
}
