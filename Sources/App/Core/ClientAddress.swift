import Vapor

extension Request {
    /// The network address of the person, for rate limits. Behind a proxy every request comes from the proxy, so
    /// the address the proxy heard from (`X-Forwarded-For`) is used, but only when the request comes from a proxy
    /// named in `DIA_TRUSTED_PROXIES`: anyone else could write that header. Of the forwarded chain, the last address
    /// that is not itself a trusted proxy is the person's.
    var clientAddress: String {
        let direct = remoteAddress?.ipAddress ?? "unknown"
        let trusted = application.config.trustedProxies
        guard trusted.contains(direct) else { return direct }
        let chain = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        return chain.reversed().first { !$0.isEmpty && !trusted.contains($0) } ?? direct
    }
}
