import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where the SMTP server is and how to talk to it, usually read from the DIA_SMTP_URL setting.
public struct SMTPConfiguration: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// Plain connect, then STARTTLS whenever the server offers it (smtp://, usually port 587 or 25).
        case startTLSWhenOffered
        /// TLS from the first byte (smtps://, usually port 465).
        case implicitTLS
    }

    /// The server's host name or IP address (without brackets for IPv6).
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The user name for AUTH; nil means the client does not log in.
    public var username: String?
    /// The password for AUTH; only sent over TLS or to this machine itself.
    public var password: String?
    /// Whether TLS starts at once or through STARTTLS.
    public var security: Security

    /// Creates a configuration from its parts; AUTH is used only when `username` is set.
    public init(host: String, port: Int, username: String? = nil, password: String? = nil, security: Security) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.security = security
    }

    /// Parses DIA_SMTP_URL: `smtp://user:pass@host:587` (STARTTLS whenever the server offers it; AUTH only when a user is
    /// given), `smtps://user:pass@host:465` (implicit TLS), `smtp://host:25` (no AUTH, for a relay on the same host).
    /// Default ports 25 for smtp, 465 for smtps. User and password are percent-decoded. Throws SMTPConfigurationError
    /// whose description is one line and never contains the password, nor any other part of the URL.
    public static func parse(_ url: String) throws -> SMTPConfiguration {
        func fail(_ reason: String) -> SMTPConfigurationError { SMTPConfigurationError(reason: reason) }
        let url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = url.lowercased()
        let security: Security = lowered.hasPrefix("smtps://") ? .implicitTLS : .startTLSWhenOffered
        guard lowered.hasPrefix("smtp://") || lowered.hasPrefix("smtps://") else {
            throw fail("it must start with smtp:// or smtps://")
        }
        var rest = url[url.index(url.startIndex, offsetBy: security == .implicitTLS ? 8 : 7)...]
        var userInfo: Substring?
        // The last "@" ends the user info, so an unencoded "@" in a password still works.
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        if let end = rest.firstIndex(where: { "/?#".contains($0) }) {
            guard rest[end...] == "/" else { throw fail("it must not have a path, query or fragment") }
            rest = rest[..<end]
        }
        var host = rest
        var portText: Substring?
        if rest.hasPrefix("[") {  // An IPv6 literal such as [::1]:25.
            guard let close = rest.firstIndex(of: "]") else { throw fail("the host is not valid") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let afterHost = rest[rest.index(after: close)...]
            guard afterHost.isEmpty || afterHost.hasPrefix(":") else { throw fail("the host is not valid") }
            portText = afterHost.isEmpty ? nil : afterHost.dropFirst()
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { throw fail("it has no host") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else {
            throw fail("the host is not valid")
        }
        var port = security == .implicitTLS ? 465 : 25
        if let portText {
            guard !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
                let number = Int(portText), (1...65535).contains(number)
            else { throw fail("the port must be a number from 1 to 65535") }
            port = number
        }
        var username: String?
        var password: String?
        if let userInfo {
            let colon = userInfo.firstIndex(of: ":")
            let rawUser = colon.map { userInfo[..<$0] } ?? userInfo
            guard let user = String(rawUser).removingPercentEncoding else { throw fail("the user name has bad percent-encoding") }
            if let colon {
                let rawPassword = String(userInfo[userInfo.index(after: colon)...])
                guard let decoded = rawPassword.removingPercentEncoding else { throw fail("the password has bad percent-encoding") }
                password = decoded
            }
            guard !user.isEmpty || password == nil else { throw fail("it has a password but no user name") }
            username = user.isEmpty ? nil : user
        }
        return SMTPConfiguration(host: String(host), port: port, username: username, password: password, security: security)
    }
}

/// Keeps the password out of logs: printing or dumping a configuration shows "***" instead.
extension SMTPConfiguration: CustomStringConvertible, CustomReflectable {
    /// The configuration as a URL with "***" for the password.
    public var description: String {
        let user = username.map { "\($0):***@" } ?? ""
        let bracketedHost = host.contains(":") ? "[\(host)]" : host
        return "\(security == .implicitTLS ? "smtps" : "smtp")://\(user)\(bracketedHost):\(port)"
    }

    /// What `dump` and debuggers show: every field but the password.
    public var customMirror: Mirror {
        Mirror(self, children: ["host": host, "port": port, "username": username as Any, "security": security])
    }
}

/// Why DIA_SMTP_URL could not be parsed; the text never repeats the URL, so it is safe to log.
public struct SMTPConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, in a few words.
    public let reason: String
    /// One line for logs, starting with "Invalid DIA_SMTP_URL:".
    public var description: String { "Invalid DIA_SMTP_URL: \(reason)." }
}

/// Why sending failed, split by what the caller should do about it.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Worth trying again later: connection refused/reset/timeout, a 4xx reply, TLS handshake failure.
    case transient(String)
    /// Will not succeed by retrying: a 5xx reply (e.g. recipient refused, authentication failed).
    case permanent(String)

    /// One line for logs, saying whether retrying may help.
    public var description: String {
        switch self {
        case .transient(let text): return "SMTP temporary failure: \(text)"
        case .permanent(let text): return "SMTP permanent failure: \(text)"
        }
    }
}

/// Sends mail through one SMTP server: one fresh connection per message, no pooling, so it needs no shutdown.
public struct SMTPClient: Sendable {
    /// The server this client sends to.
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    let tlsConfiguration: TLSConfiguration
    private let timeout: TimeAmount
    let heloName: String

    /// Creates a client; `timeout` bounds the connect and every single command with its reply.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup,
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration(),
        timeout: TimeAmount = .seconds(30),
        heloName: String = "localhost"
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.tlsConfiguration = tlsConfiguration
        self.timeout = timeout
        let cleanName = heloName.unicodeScalars.filter { (0x21...0x7E).contains($0.value) }
        self.heloName = cleanName.isEmpty ? "localhost" : String(String.UnicodeScalarView(cleanName))
    }

    /// Sends one message to one or more recipients over a fresh connection, then QUIT. `message` is MailFormat.render
    /// output; this function does the dot-stuffing and the final "\r\n.\r\n".
    ///
    /// Throws `SMTPError` only. A refused recipient fails the whole message (nothing is sent), so send to one
    /// recipient per call when each needs its own outcome. An empty `from` sends the null reverse-path "<>".
    /// With `.startTLSWhenOffered` and no user name, a server that does not offer STARTTLS gets the message without
    /// TLS (meant for a relay on the same host); credentials are never sent that way except to localhost.
    public func send(from: String, to: [String], message: String) async throws {
        guard !to.isEmpty else { throw SMTPError.permanent("no recipients") }
        guard (from.isEmpty || Self.isSafeAddress(from)) && to.allSatisfy(Self.isSafeAddress) else {
            throw SMTPError.permanent("an envelope address is not valid")
        }
        do {
            let implicitTLS = try configuration.security == .implicitTLS ? NIOSSLContext(configuration: tlsConfiguration) : nil
            let tlsHostname = self.tlsHostname
            let channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(timeout)
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            let tls = try NIOSSLClientHandler(context: implicitTLS, serverHostname: tlsHostname)
                            try channel.pipeline.syncOperations.addHandler(tls)
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPLineFramer())
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            try await channel.executeThenClose { inbound, outbound in
                var session = Session(
                    channel: channel.channel, replies: inbound.makeAsyncIterator(), outbound: outbound, timeout: timeout)
                do {
                    try await session.converse(client: self, from: from, to: to, message: message)
                } catch {
                    try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))  // A polite goodbye; the channel closes anyway.
                    throw error
                }
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.transient("\(configuration.host):\(configuration.port): \(error)")
        }
    }

    /// Whether an envelope address is safe to put between "<" and ">": printable ASCII with one "@", no spaces or brackets.
    static func isSafeAddress(_ address: String) -> Bool {
        let safe = address.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != "<" && $0 != ">" }
        return safe && address.utf8.count <= 254 && address.split(separator: "@", omittingEmptySubsequences: false).count == 2
    }

    /// The message as DATA content: every line end made CRLF, a "." added before each line that starts with ".", and
    /// the closing ".\r\n" (preceded by CRLF when the message does not already end with one).
    static func dataBlock(_ message: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(message.utf8.count + message.utf8.count / 64 + 8)
        var atLineStart = true
        var afterCR = false
        for byte in message.utf8 {
            if byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\n") && !afterCR) {
                buffer.writeString("\r\n")
            } else if byte != UInt8(ascii: "\n") {
                if atLineStart && byte == UInt8(ascii: ".") { buffer.writeInteger(byte) }
                buffer.writeInteger(byte)
            }
            afterCR = byte == UInt8(ascii: "\r")
            atLineStart = byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
        buffer.writeString(atLineStart ? ".\r\n" : "\r\n.\r\n")
        return buffer
    }

    /// The name to send in TLS SNI and check the certificate against; nil for an IP address, which is checked instead.
    var tlsHostname: String? { (try? SocketAddress(ipAddress: configuration.host, port: 0)) == nil ? configuration.host : nil }

    /// Whether credentials may go over a connection without TLS: only to this machine itself.
    var isLoopback: Bool { ["localhost", "127.0.0.1", "::1"].contains(configuration.host.lowercased()) }
}

/// One SMTP conversation over an open connection: it writes commands and reads the replies in order.
private struct Session {
    /// An SMTP reply: the three-digit code, the text of each of its lines, and what it answered (for errors).
    struct Reply {
        let code: Int
        let lines: [String]
        let what: String
        var text: String { "\(what) was answered \(code) " + lines.joined(separator: " ").prefix(300) }
    }

    let channel: any Channel
    var replies: NIOAsyncChannelInboundStream<String>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let timeout: TimeAmount

    /// The whole exchange from greeting to QUIT, throwing `SMTPError` for any refusal.
    mutating func converse(client: SMTPClient, from: String, to: [String], message: String) async throws {
        let configuration = client.configuration
        try check(await exchange(nil, "greeting"), 220)
        var capabilities = try await hello(client)
        var secure = configuration.security == .implicitTLS
        if !secure && capabilities.contains("STARTTLS") {
            try check(await exchange("STARTTLS"), 220)
            let context = try NIOSSLContext(configuration: client.tlsConfiguration)
            try await timed("the switch to TLS") { try await $0.startTLS(context: context, hostname: client.tlsHostname) }
            secure = true
            capabilities = try await hello(client)
        }
        if let username = configuration.username {
            guard secure || client.isLoopback else {
                throw SMTPError.permanent("server offers no TLS; the password is not sent in clear text")
            }
            try await authenticate(username: username, password: configuration.password ?? "", capabilities: capabilities)
        }
        try check(await exchange("MAIL FROM:<\(from)>"), 250)
        for recipient in to {
            try check(await exchange("RCPT TO:<\(recipient)>"), 250, 251)
        }
        try check(await exchange("DATA"), 354)
        try check(await transmit(SMTPClient.dataBlock(message), what: "message data"), 250)
        _ = try? await exchange("QUIT")  // The message is accepted; a failing goodbye does not matter.
    }

    /// EHLO, or HELO when the server refuses EHLO; returns the upper-cased extension lines (none after HELO).
    mutating func hello(_ client: SMTPClient) async throws -> [String] {
        let reply = try await exchange("EHLO \(client.heloName)")
        if (500...599).contains(reply.code) {
            try check(await exchange("HELO \(client.heloName)"), 250)
            return []
        }
        try check(reply, 250)
        return reply.lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
    }

    /// Logs in with AUTH PLAIN, or AUTH LOGIN when the server offers only that.
    mutating func authenticate(username: String, password: String, capabilities: [String]) async throws {
        let mechanisms = capabilities.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
            .flatMap { $0.dropFirst(5).split(separator: " ") }
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if mechanisms.contains("PLAIN") {
            try check(await exchange("AUTH PLAIN " + base64("\0\(username)\0\(password)"), "AUTH PLAIN"), 235)
        } else if mechanisms.contains("LOGIN") {
            try check(await exchange("AUTH LOGIN"), 334)
            try check(await exchange(base64(username), "AUTH LOGIN user name"), 334)
            try check(await exchange(base64(password), "AUTH LOGIN password"), 235)
        } else {
            throw SMTPError.permanent("server offers neither AUTH PLAIN nor AUTH LOGIN")
        }
    }

    /// Puts TLS in front of the line framer after the server's "220" to STARTTLS.
    ///
    /// A marker ("\n", which no framed line can contain) is sent up the pipeline right after the switch. Anything that
    /// arrives before it was sent in clear text after the 220, and could be an attacker's forged reply, so it is refused.
    mutating func startTLS(context: NIOSSLContext, hostname: String?) async throws {
        let channel = self.channel
        try await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            guard try !pipeline.handler(type: SMTPLineFramer.self).hasPartialLine else {
                throw SMTPError.permanent("server sent clear text after agreeing to STARTTLS")
            }
            try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: hostname), position: .first)
            let framer = try pipeline.context(handlerType: SMTPLineFramer.self)
            framer.fireChannelRead(NIOAny("\n"))
            framer.fireChannelReadComplete()
        }.get()
        guard try await replies.next() == "\n" else {
            throw SMTPError.permanent("server sent clear text after agreeing to STARTTLS")
        }
    }

    /// Sends a command line (or raw data) and reads the reply, all within the timeout; `what` names it in errors.
    mutating func exchange(_ command: String?, _ what: String? = nil) async throws -> Reply {
        try await transmit(command.map { ByteBuffer(string: $0 + "\r\n") }, what: what ?? command ?? "")
    }

    /// Writes `data` (if any) and reads one reply, within the timeout.
    mutating func transmit(_ data: ByteBuffer?, what: String) async throws -> Reply {
        try await timed(what) { session in
            if let data { try await session.outbound.write(data) }
            return try await session.readReply(what)
        }
    }

    /// Runs one step of the conversation; when the timeout passes first, the connection is closed, which ends the step.
    mutating func timed<Result>(_ what: String, _ step: (inout Session) async throws -> Result) async throws -> Result {
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        do {
            let result = try await step(&self)
            timer.cancel()
            return result
        } catch {
            timer.cancel()
            // The timer's future succeeded only if it fired, that is, if the connection was closed for the timeout.
            if (try? await timer.futureResult.get()) != nil {
                throw SMTPError.transient("no reply to \(what) within \(timeout.nanoseconds / 1_000_000) ms")
            }
            throw error
        }
    }

    /// Reads one reply of one or more lines ("250-..." lines continue it, "250 ..." ends it).
    mutating func readReply(_ what: String) async throws -> Reply {
        var code: Int?
        var lines: [String] = []
        while lines.count < 1000 {
            guard let line = try await replies.next() else {
                throw SMTPError.transient("server closed the connection while waiting for a reply to \(what)")
            }
            let separator = line.dropFirst(3).first
            guard let lineCode = Int(line.prefix(3)), (200...599).contains(lineCode), code == nil || code == lineCode,
                separator == nil || separator == " " || separator == "-"
            else { throw SMTPError.transient("malformed reply to \(what): \(line.prefix(100))") }
            code = lineCode
            lines.append(String(line.dropFirst(4)))
            if separator != "-" { return Reply(code: lineCode, lines: lines, what: what) }
        }
        throw SMTPError.transient("reply to \(what) is too long")
    }

    /// Throws unless the reply has one of `expected` codes: 4xx (and anything odd) as transient, 5xx as permanent.
    func check(_ reply: Reply, _ expected: Int...) throws {
        guard !expected.contains(reply.code) else { return }
        throw (500...599).contains(reply.code) ? SMTPError.permanent(reply.text) : SMTPError.transient(reply.text)
    }
}

/// Cuts the bytes from the server into lines without their CRLF, and refuses lines longer than 4,000 bytes so a
/// broken server cannot make the client buffer without end.
final class SMTPLineFramer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = String

    private var pending = ByteBuffer()

    /// Whether bytes of a line without its line end are waiting.
    var hasPartialLine: Bool { pending.readableBytes > 0 }

    /// Adds the new bytes and passes on every complete line.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")),
            var line = pending.readString(length: newline - pending.readerIndex)
        {
            pending.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            context.fireChannelRead(wrapInboundOut(line))
        }
        pending.discardReadBytes()
        if pending.readableBytes > 4000 {
            context.fireErrorCaught(SMTPError.transient("reply line too long"))
            context.close(promise: nil)
        }
    }
}
