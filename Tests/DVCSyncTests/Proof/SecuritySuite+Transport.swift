import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension SecuritySuite {
    /// The transport as the configuration file builds it (only `extra` keys set).
    static func configuredTransport(_ extra: [String: String] = [:]) throws -> CurlTransport {
        let values = ["portal.adapterBase": "https://portal.invalid", "portal.username": "u",
                      "source.baseURL": "https://source.invalid", "source.groupId": "1", "source.username": "u"]
        let settings = try GatewayConfiguration(reading: ConfigSource(
            values: values.merging(extra) { $1 }, environment: CanaryMocks.environment))
        var transport = settings.transport
        transport.connectTimeout = .seconds(5)
        return try CurlTransport(configuration: transport)
    }

    /// Plain HTTP to a non-loopback address is refused before any connection unless `transport.allowPlainHTTP` is
    /// set; with the opt-in the request goes out (here through a loopback proxy, so nothing leaves the machine).
    @Test func plainHTTPToARemoteAddressNeedsTheExplicitOptIn() async throws {
        try await withLoopbackServer(handler: { request in .ok("proxied \(request.uri)") }) { proxy in
            let remote = HTTPRequest(url: "http://192.0.2.10/o/rest/v2/dossiers")
            let refusing = try Self.configuredTransport(["transport.proxy": proxy.baseURL])
            defer { refusing.shutdown() }
            let error = await #expect(throws: TransportError.self) { try await refusing.send(remote) }
            #expect(error?.kind == .plainHTTPRefused)
            #expect(proxy.requestCount == 0)

            let allowing = try Self.configuredTransport(["transport.proxy": proxy.baseURL,
                                                         "transport.allowPlainHTTP": "true"])
            defer { allowing.shutdown() }
            let response = try await allowing.send(remote)
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "proxied http://192.0.2.10/o/rest/v2/dossiers")
            #expect(proxy.requestCount == 1)
        }
        // The CLI refuses the same configuration with the stable code, before any sync.
        let folder = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-plain")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("dvcsync.yaml").path
        try DaemonConfigFile.write([
            "ledger.path": folder.appendingPathComponent("ledger.sqlite").path,
            "portal.adapterBase": "http://192.0.2.10/adapter", "portal.username": "000.00.00.H20",
            "source.baseURL": "http://192.0.2.11/o/rest/v2", "source.groupId": "35417", "source.username": "u",
            "mappings.directory": ProofFixtures.mappingFolder.path,
        ], to: config)
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), ["sync", "--config", config],
                                     environment: CanaryMocks.environment)
        #expect(await child.waitForExit(timeout: 30) != 0)
        #expect(child.output.contains("transport.plain_http_refused"), "\(child.output)")
    }

    /// A configured proxy whose name does not resolve fails as `transport.proxy` (a configuration problem the
    /// daemon's `/readyz` reports), not as the target's DNS failure.
    @Test func anUnresolvableProxyIsNamedAsTheProxy() async throws {
        let transport = try Self.configuredTransport(["transport.proxy": "http://proxy.invalid:3128",
                                                      "transport.allowPlainHTTP": "true"])
        defer { transport.shutdown() }
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: "http://192.0.2.10/o/rest/v2/dossiers"))
        }
        #expect(error?.kind == .proxy, "\(String(describing: error))")
        #expect(error?.code == "transport.proxy")
    }

    /// TLS verification is on with the configuration's defaults: a certificate from an unknown CA is refused; it
    /// is accepted once `transport.caBundle` names its CA; a `transport.pinnedPublicKey` that does not match is
    /// refused even then.
    @Test func tlsIsVerifiedByDefaultFromTheConfiguration() async throws {
        let server = try TLSTestServer()
        defer { server.stop() }
        let byDefault = try Self.configuredTransport()
        defer { byDefault.shutdown() }
        let unknown = await #expect(throws: TransportError.self) {
            try await byDefault.send(HTTPRequest(url: server.url))
        }
        #expect(unknown?.kind == .tls)

        let withCA = try Self.configuredTransport(["transport.caBundle": server.caPath])
        defer { withCA.shutdown() }
        #expect(try await withCA.send(HTTPRequest(url: server.url)).status == 200)

        let pinned = try Self.configuredTransport(["transport.caBundle": server.caPath,
                                                   "transport.pinnedPublicKey": server.otherPin])
        defer { pinned.shutdown() }
        let mismatch = await #expect(throws: TransportError.self) {
            try await pinned.send(HTTPRequest(url: server.url))
        }
        #expect(mismatch?.kind == .tls)
    }

    /// The mock portal serves no service without a valid session: none, empty, forged (even with the right
    /// prefix) and expired tokens are all refused with `error_code` -1, and nothing is stored.
    @Test func mockPortalRefusesEveryServiceWithoutAValidSession() async throws {
        let clock = ManualPortalClock()
        var settings = MockPortal.Configuration()
        settings.clock = clock
        settings.sessionPrefix = CanaryMocks.sessionPrefix
        try await withMockPortal(configuration: settings) { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let valid = try #require(await client.login())
            #expect(valid.hasPrefix(CanaryMocks.sessionPrefix))
            let services = ["DongBoHoSoMC", "CapNhatTienDoHoSoMC", "CapNhatThuTuc", "TraCuuHoSo", "LayDanhSachTTHC",
                            "LayThuTuc", "LayDanhMucCoQuan", "LayDanhMucLinhVuc"]
            let records: JSONValue = [.object(PortalSamples.dossier("000.00.14.H20-231204-0001"))]
            for token in [nil, "", CanaryMocks.sessionPrefix + "0123456789abcdef", String(valid.dropLast()) + "x"] {
                for service in services {
                    let outcome = await client.call(service, session: token, parameters: ["data": records])
                    #expect(outcome.errorCode == "-1", "\(service) with \(token ?? "no session")")
                }
            }
            #expect(await client.call("LayDanhMucCoQuan", session: valid).errorCode == "0")
            clock.advance(by: settings.sessionLifetime + .seconds(1))
            #expect(await client.call("LayDanhMucCoQuan", session: valid).errorCode == "-1")
            #expect(portal.snapshot().dossierCount == 0)
        }
    }
}
