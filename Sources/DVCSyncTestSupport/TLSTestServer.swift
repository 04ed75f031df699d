import Foundation

/// A test CA, a server certificate for 127.0.0.1/localhost signed by it, and an `openssl s_server -www` process
/// serving HTTPS with them on a kernel-chosen loopback port. Everything is made with the `openssl` CLI.
public final class TLSTestServer: @unchecked Sendable {
    /// Folder holding `ca.pem`, `server.pem`, `server.key`, `other.key`.
    public let directory: URL
    /// The port `s_server` accepts on.
    public let port: Int
    /// libcurl pin (`sha256//…`) of the server's public key.
    public let serverPin: String
    /// libcurl pin of an unrelated key.
    public let otherPin: String
    private let process: Process

    /// `https://127.0.0.1:<port>/`.
    public var url: String { "https://127.0.0.1:\(port)/" }
    /// Path of the test CA certificate.
    public var caPath: String { directory.appendingPathComponent("ca.pem").path }

    /// Path of a client certificate signed by the test CA (`client.pem`).
    public var clientCertificatePath: String { directory.appendingPathComponent("client.pem").path }
    /// Path of the client certificate's key (`client.key`).
    public var clientKeyPath: String { directory.appendingPathComponent("client.key").path }

    /// Generates the certificates (and a client certificate signed by the same CA) and starts the server; with
    /// `requireClientCertificate`, the server refuses clients that present no certificate from that CA.
    public init(requireClientCertificate: Bool = false) throws {
        directory = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-tls")
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try Self.openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                                                   "-subj", "/CN=dvcsync test CA"], in: directory)
        try Self.issue("server", subject: "/CN=localhost",
                       extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n", in: directory)
        try Self.issue("client", subject: "/CN=dvcsync gateway",
                       extensions: "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n", in: directory)
        serverPin = try Self.pin(of: "server.key", in: directory)
        otherPin = try Self.pin(of: "ca.key", in: directory)
        (process, port) = try Self.startServer(in: directory, requireClientCertificate: requireClientCertificate)
    }

    deinit { stop() }

    /// Terminates `s_server` and removes the certificates.
    public func stop() {
        if process.isRunning {
            // SIGKILL: a child spawned from a dispatch worker thread inherits a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func startServer(in directory: URL, requireClientCertificate: Bool) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:0", "-www",
                             "-cert", "server.pem", "-key", "server.key"]
            + (requireClientCertificate ? ["-Verify", "1", "-CAfile", "ca.pem", "-verify_return_error"] : [])
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().contains(where: {
            $0.hasPrefix("ACCEPT")
        }) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT") }),
              let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else {
            kill(process.processIdentifier, SIGKILL)
            throw TLSTestServerError(detail: "s_server did not report its port: \(text)")
        }
        return (process, port)
    }

    /// `<name>.key` and `<name>.pem`, a certificate for `subject` with `extensions`, signed by the test CA.
    private static func issue(_ name: String, subject: String, extensions: String, in directory: URL) throws {
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try openssl(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject], in: directory)
        try extensions.write(to: directory.appendingPathComponent("\(name).cnf"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).cnf"], in: directory)
    }

    private static func pin(of key: String, in directory: URL) throws -> String {
        let der = try openssl(["pkey", "-in", key, "-pubout", "-outform", "DER"], in: directory)
        let digest = try openssl(["dgst", "-sha256", "-binary"], in: directory, input: der)
        return "sha256//" + digest.base64EncodedString()
    }

    @discardableResult
    private static func openssl(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSTestServerError(detail: "openssl \(arguments.first ?? "") failed")
        }
        return data
    }
}

/// The TLS test server could not be set up.
public struct TLSTestServerError: Error, CustomStringConvertible {
    /// What failed.
    public var detail: String
    public var description: String { detail }
}
