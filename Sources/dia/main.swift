import App
import Foundation
import NIOCore
import NIOPosix
import Vapor

// Swift's async tasks run on the server's own event-loop threads instead of a second pool of threads: a
// request then no longer moves between threads at every database call. Done first, before anything awaits.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// The `dia` command: `dia serve [--demo]`, `dia migrate`, `dia user …`, `dia seed demo`.
// `--demo` is ours, not Vapor's, so it is taken out before Vapor reads the arguments.
var arguments = CommandLine.arguments
let demo = arguments.contains("--demo")
arguments.removeAll { $0 == "--demo" }

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("dia: \(message)\n".utf8))
    exit(1)
}

var environment: Environment
do {
    environment = try Environment.detect(arguments: arguments)
} catch {
    fail("\(error)")
}
try RedactingLogHandler.bootstrap(from: &environment)

let config: AppConfig
do {
    var read = try AppConfig.fromEnvironment()
    if read.secretKey == nil { try read.keepSecretKeyInDataFolder(production: environment == .production) }
    read.demo = demo
    if demo, (ProcessInfo.processInfo.environment["DIA_PUBLIC_URL"] ?? "").isEmpty {
        read.publicURL = listeningAddress(arguments: arguments)
    }
    config = read
} catch {
    fail("\(error)")
}

let app = try await Application.make(environment)
let command = environment.arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
if command != "serve", ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil {
    // A command prints what it did and, when it fails, one line saying why (below): no log lines around that.
    app.logger.logLevel = .error
}
do {
    try await configure(app, config: config)
    if command == "serve" {
        if let problem = await startupProblem(app) { fail(problem) }
        try await migrate(app)
        if demo {
            try await seedDemo(app)
            print(try await demoDescription(app))
        }
    } else if let problem = await startupProblem(app) {
        fail(problem)
    } else if !["migrate", "routes"].contains(command), !environment.arguments.contains(where: { ["--help", "-h"].contains($0) }) {
        // Every command works on a fresh database: bring the schema and the reference data up to date first.
        try await migrate(app)
    }
    try await app.execute()
} catch {
    try? await app.asyncShutdown()
    fail("\(error)")
}
try await app.asyncShutdown()
