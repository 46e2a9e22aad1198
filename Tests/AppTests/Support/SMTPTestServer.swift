import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP sink for tests: it listens on a loopback address (any free port), speaks just enough SMTP for
/// `SMTPClient`, and keeps every accepted message in memory so a test can check envelope and content.
final class SMTPTestServer: Sendable {
    /// The mail conversations of the tests run on threads of their own: the app tests keep the shared event
    /// loops busy, and a reply queued behind their work for seconds would look like a server that does not answer.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)

    /// One accepted message: its envelope and its data, un-dot-stuffed and without the final "." line.
    struct Received: Sendable, Equatable {
        let from: String
        let to: [String]
        let data: String
    }

    /// How the server answers; it can be changed while the server runs.
    enum Mode: Sendable {
        /// Accept every message.
        case accept
        /// Answer 550 to every RCPT TO.
        case refuseRecipients
        /// Answer 451 to MAIL FROM.
        case tempFail
        /// Close the connection without a reply when the client sends DATA, as a crashing server would.
        case hangUpOnData
        /// Send the greeting, then never answer anything, to make the client time out.
        case silentAfterGreeting
        /// Answer 502 to EHLO, like an old server that knows only HELO; otherwise accept.
        case refuseEHLO
        /// After "220" to STARTTLS, send a forged EHLO reply in clear text (a STARTTLS injection attack).
        case injectAfterStartTLS
    }

    /// Whether and how the server offers TLS.
    enum TLS: Sendable {
        case none
        /// Offer STARTTLS in the EHLO reply.
        case startTLS(NIOSSLContext)
        /// Speak TLS from the first byte, like port 465.
        case implicit(NIOSSLContext)
    }

    /// What the server needs to answer a connection; shared with every connection handler.
    fileprivate struct Settings: Sendable {
        let requireAuth: (user: String, password: String)?
        let authMechanisms: [String]
        let tls: TLS
    }

    /// Everything that changes while the server runs; guarded by a lock because connections run on event loops.
    fileprivate struct State {
        var mode: Mode
        var received: [Received] = []
        var commands: [String] = []
        var connections: [any Channel] = []
    }

    private let serverChannel: any Channel
    private let state: NIOLockedValueBox<State>

    private init(serverChannel: any Channel, state: NIOLockedValueBox<State>) {
        self.serverChannel = serverChannel
        self.state = state
    }

    /// Starts a server on `host` (a loopback address) and a free port. With `requireAuth`, EHLO advertises
    /// `authMechanisms` and MAIL FROM is refused until the client has logged in with these credentials.
    static func start(
        mode: Mode = .accept,
        requireAuth: (user: String, password: String)? = nil,
        authMechanisms: [String] = ["PLAIN", "LOGIN"],
        tls: TLS = .none,
        host: String = "127.0.0.1"
    ) async throws -> SMTPTestServer {
        let state = NIOLockedValueBox(State(mode: mode))
        let settings = Settings(requireAuth: requireAuth, authMechanisms: authMechanisms, tls: tls)
        let channel = try await ServerBootstrap(group: Self.group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if case .implicit(let context) = tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPSessionHandler(settings: settings, state: state))
                    state.withLockedValue { $0.connections.append(channel) }
                }
            }
            .bind(host: host, port: 0)
            .get()
        return SMTPTestServer(serverChannel: channel, state: state)
    }

    /// The port the server listens on.
    var port: Int { serverChannel.localAddress?.port ?? 0 }

    /// Changes how the server answers from the next command on.
    func setMode(_ mode: Mode) {
        state.withLockedValue { $0.mode = mode }
    }

    /// The messages accepted so far, oldest first.
    func received() -> [Received] {
        state.withLockedValue { $0.received }
    }

    /// The command verbs received so far (such as "EHLO", "STARTTLS", "AUTH"), oldest first, across all connections.
    func commands() -> [String] {
        state.withLockedValue { $0.commands }
    }

    /// Stops listening and closes every open connection.
    func stop() async throws {
        try await serverChannel.close()
        let connections = state.withLockedValue { $0.connections }
        for connection in connections {
            try? await connection.close()
        }
    }
}

/// One SMTP conversation on the server side; lives on its connection's event loop only.
private final class SMTPSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What the server waits for next when it is not reading a command.
    private enum Expecting {
        case command, data, plainCredentials, loginUser
        case loginPassword(user: String)
    }

    private let settings: SMTPTestServer.Settings
    private let state: NIOLockedValueBox<SMTPTestServer.State>
    private var pending = ByteBuffer()
    private var expecting = Expecting.command
    private var tlsActive = false
    private var authenticated = false
    private var from: String?
    private var recipients: [String] = []
    private var dataLines: [String] = []

    fileprivate init(settings: SMTPTestServer.Settings, state: NIOLockedValueBox<SMTPTestServer.State>) {
        self.settings = settings
        self.state = state
        if case .implicit = settings.tls { tlsActive = true }
    }

    func channelActive(context: ChannelHandlerContext) {
        reply(context, "220 test.invalid ESMTP test server")
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")),
            var line = pending.readString(length: newline - pending.readerIndex)
        {
            pending.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            handle(line, context: context)
        }
        pending.discardReadBytes()
    }

    /// Answers one line from the client.
    private func handle(_ line: String, context: ChannelHandlerContext) {
        let mode = state.withLockedValue { $0.mode }
        if case .silentAfterGreeting = mode { return }
        switch expecting {
        case .data:
            if line == "." {
                finishMessage(context)
            } else {
                dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            }
            return
        case .plainCredentials:
            expecting = .command
            checkPlain(line, context)
            return
        case .loginUser:
            expecting = .loginPassword(user: decodeBase64(line) ?? "")
            reply(context, "334 UGFzc3dvcmQ6")
            return
        case .loginPassword(let user):
            expecting = .command
            login(user: user, password: decodeBase64(line) ?? "", context)
            return
        case .command:
            break
        }
        let parts = line.split(separator: " ", maxSplits: 1)
        let verb = parts.first.map { $0.uppercased() } ?? ""
        let argument = parts.count > 1 ? String(parts[1]) : ""
        state.withLockedValue { $0.commands.append(verb) }
        switch verb {
        case "EHLO":
            if case .refuseEHLO = mode {
                reply(context, "502 5.5.1 EHLO not implemented")
                return
            }
            var lines = ["test.invalid greets you", "8BITMIME"]
            if case .startTLS = settings.tls, !tlsActive { lines.append("STARTTLS") }
            if settings.requireAuth != nil { lines.append("AUTH " + settings.authMechanisms.joined(separator: " ")) }
            lines.append("SIZE 10000000")
            let text = lines.enumerated().map { "250\($0.offset == lines.count - 1 ? " " : "-")\($0.element)" }
            reply(context, text.joined(separator: "\r\n"))
        case "HELO":
            reply(context, "250 test.invalid")
        case "STARTTLS":
            startTLS(context)
        case "AUTH":
            authenticate(argument, context)
        case "MAIL":
            if settings.requireAuth != nil && !authenticated {
                reply(context, "530 5.7.0 Authentication required")
            } else if case .tempFail = mode {
                reply(context, "451 4.3.0 Try again later")
            } else {
                from = address(in: argument)
                recipients = []
                reply(context, "250 2.1.0 OK")
            }
        case "RCPT":
            if from == nil {
                reply(context, "503 5.5.1 MAIL first")
            } else if case .refuseRecipients = mode {
                reply(context, "550 5.1.1 No such user here")
            } else {
                recipients.append(address(in: argument))
                reply(context, "250 2.1.5 OK")
            }
        case "DATA":
            if case .hangUpOnData = mode {
                context.close(promise: nil)
            } else if recipients.isEmpty {
                reply(context, "503 5.5.1 RCPT first")
            } else {
                expecting = .data
                dataLines = []
                reply(context, "354 End data with <CR><LF>.<CR><LF>")
            }
        case "RSET":
            from = nil
            recipients = []
            reply(context, "250 2.0.0 OK")
        case "NOOP":
            reply(context, "250 2.0.0 OK")
        case "QUIT":
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 2.0.0 Bye\r\n"))).whenComplete { _ in
                channel.close(promise: nil)
            }
        default:
            reply(context, "500 5.5.2 Command not recognised")
        }
    }

    /// Stores the message that just ended and resets the transaction.
    private func finishMessage(_ context: ChannelHandlerContext) {
        let message = SMTPTestServer.Received(
            from: from ?? "", to: recipients, data: dataLines.map { $0 + "\r\n" }.joined())
        state.withLockedValue { $0.received.append(message) }
        expecting = .command
        from = nil
        recipients = []
        reply(context, "250 2.0.0 OK queued")
    }

    /// Answers 220 and puts TLS in front of the pipeline; the client starts the handshake next.
    private func startTLS(_ context: ChannelHandlerContext) {
        guard case .startTLS(let sslContext) = settings.tls, !tlsActive else {
            reply(context, "454 4.7.0 TLS not available")
            return
        }
        let mode = state.withLockedValue { $0.mode }
        let injected = if case .injectAfterStartTLS = mode { "\r\n250-test.invalid\r\n250 AUTH PLAIN" } else { "" }
        reply(context, "220 2.0.0 Ready to start TLS" + injected)
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext), position: .first)
            tlsActive = true
            from = nil
            recipients = []
        } catch {
            context.close(promise: nil)
        }
    }

    /// Handles "AUTH PLAIN [initial response]" and "AUTH LOGIN".
    private func authenticate(_ argument: String, _ context: ChannelHandlerContext) {
        let words = argument.split(separator: " ")
        let mechanism = words.first.map { $0.uppercased() } ?? ""
        guard settings.requireAuth != nil, settings.authMechanisms.contains(mechanism) else {
            reply(context, "504 5.5.4 Unrecognised authentication type")
            return
        }
        if mechanism == "LOGIN" {
            expecting = .loginUser
            reply(context, "334 VXNlcm5hbWU6")
        } else if words.count > 1 {
            checkPlain(String(words[1]), context)
        } else {
            expecting = .plainCredentials
            reply(context, "334 ")
        }
    }

    /// Checks an AUTH PLAIN response: base64 of "authzid NUL user NUL password".
    private func checkPlain(_ base64: String, _ context: ChannelHandlerContext) {
        let fields = (decodeBase64(base64) ?? "").split(separator: "\0", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            reply(context, "501 5.5.2 Cannot decode response")
            return
        }
        login(user: String(fields[1]), password: String(fields[2]), context)
    }

    /// Accepts the login if the credentials match the required ones.
    private func login(user: String, password: String, _ context: ChannelHandlerContext) {
        if let required = settings.requireAuth, required.user == user, required.password == password {
            authenticated = true
            reply(context, "235 2.7.0 Authentication successful")
        } else {
            reply(context, "535 5.7.8 Authentication credentials invalid")
        }
    }

    /// The address between "<" and ">" in a MAIL FROM or RCPT TO argument.
    private func address(in argument: String) -> String {
        guard let open = argument.firstIndex(of: "<"), let close = argument.lastIndex(of: ">"), open < close else { return "" }
        return String(argument[argument.index(after: open)..<close])
    }

    private func decodeBase64(_ text: String) -> String? {
        Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) }
    }

    private func reply(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
