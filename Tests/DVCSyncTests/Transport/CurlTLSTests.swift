import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite("CurlTransport TLS against openssl s_server", .serialized)
struct CurlTLSTests {
    private func send(_ server: TLSTestServer, ca: Bool, pin: String? = nil, clientCertificate: Bool = false)
        async throws -> HTTPResponse
    {
        var configuration = CurlTransport.Configuration()
        configuration.connectTimeout = .seconds(5)
        configuration.totalTimeout = .seconds(10)
        configuration.caBundlePath = ca ? server.caPath : nil
        configuration.pinnedPublicKey = pin
        if clientCertificate {
            configuration.clientCertificatePath = server.clientCertificatePath
            configuration.clientKeyPath = server.clientKeyPath
        }
        return try await CurlTransport(configuration: configuration).send(HTTPRequest(url: server.url))
    }

    @Test func certificateFromUnknownCAIsRefused() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) { try await send(server, ca: false) }
        #expect(error?.kind == .tls)
        #expect(error?.classification == .notRetryable)
    }

    @Test func certificateIsAcceptedOnceItsCAIsConfigured() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        #expect(try await send(server, ca: true).status == 200)
        #expect(try await send(server, ca: true, pin: server.serverPin).status == 200)
    }

    @Test func pinMismatchIsRefused() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let error = await #expect(throws: TransportError.self) {
            try await send(server, ca: true, pin: server.otherPin)
        }
        #expect(error?.kind == .tls)
        #expect(error?.curlCode == 90)
    }

    @Test func serverRequiringAClientCertificateAcceptsOnlyTheConfiguredOne() async throws {
        let server = try TLSTestServer(requireClientCertificate: true)
        defer { server.stop() }
        await #expect(throws: TransportError.self) { try await send(server, ca: true) }
        #expect(try await send(server, ca: true, clientCertificate: true).status == 200)
    }
}
