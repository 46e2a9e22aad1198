import NIOSSL

/// A self-signed certificate for "localhost" and 127.0.0.1 (valid 2000–2999) with its private key, made for these
/// tests only, so the STARTTLS and implicit-TLS paths can be exercised without any real certificate.
enum TestCertificate {
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBWzCCAQGgAwIBAgIUVT5W6OCOEf9FP2ujF/oYyfKMducwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTAwMDEwMTAwMDAwMFoYDzI5OTkxMjMx
        MDAwMDAwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAAQR7SYnNjXKjIA0EOFx8d90fWgTEp6mWET+DKClMy7AoAkA435GQ+Hg
        AVljAF2IKPWqOwZdOndQNE9kwej+q4Kroy8wLTAaBgNVHREEEzARgglsb2NhbGhv
        c3SHBH8AAAEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiABCRgT
        Ls+5oKCaZHEFeYVOKwM0XKqXRivJR4bQheeINwIhAL4WB/rltcXNQkINKL8SJtFR
        JsNRw6XFj06kaXebEXm2
        -----END CERTIFICATE-----
        """

    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgkgMF0NrVodp0Q9x2
        wPCyVqQwN0eb7EI2hAnf26+8wNihRANCAAQR7SYnNjXKjIA0EOFx8d90fWgTEp6m
        WET+DKClMy7AoAkA435GQ+HgAVljAF2IKPWqOwZdOndQNE9kwej+q4Kr
        -----END PRIVATE KEY-----
        """

    /// A server TLS context that presents the test certificate.
    static func serverContext() throws -> NIOSSLContext {
        let certificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: configuration)
    }

    /// A client TLS configuration that trusts only the test certificate.
    static func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)])
        return configuration
    }
}
