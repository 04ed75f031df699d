import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Mistakes in the configuration file itself, through the built `dvcsync`: each stops the start (exit 1) with the
/// file, the key or the line, and the fix, and never prints the file's contents.
@Suite struct ConfigFileMistakeTests {
    /// The required keys as YAML lines (dotted keys), without passwords.
    static let requiredYAML = ConfigurationTests.required.sorted { $0.key < $1.key }
        .map { "\($0.key): \"\($0.value)\"" }.joined(separator: "\n") + "\n"

    /// Runs `dvcsync sync` on `yaml` written to a file in a fresh folder; `prepare` may add files to the folder.
    func sync(_ yaml: String, environment: [String: String] = ConfigurationTests.passwords,
              prepare: (URL) throws -> Void = { _ in }) async throws -> (status: Int32?, output: String, path: String) {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try prepare(directory)
        let config = directory.appendingPathComponent("dvcsync.yaml")
        try yaml.replacingOccurrences(of: "$DIR", with: directory.path).write(to: config, atomically: true,
                                                                                 encoding: .utf8)
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), ["sync", "--config", config.path],
                                     environment: environment)
        let status = await child.waitForExit(timeout: 180)
        return (status, child.output, config.path)
    }

    @Test func aYAMLErrorGivesLineAndColumnButNoContents() async throws {
        let yaml = "portal:\n  adapterBase: http://127.0.0.1:9\n  password: canary-Pw-5521: x\n  username: u\n"
        let result = try await sync(yaml)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("config.invalid: \(result.path): not valid YAML at line 3, column "),
                "\(result.output)")
        #expect(!result.output.contains("canary-Pw-5521") && !result.output.contains("adapterBase"),
                "\(result.output)")
    }

    @Test func aFileThatIsNotAMappingOfKeysSaysSo() async throws {
        for (yaml, shape) in [("- portal\n- source\n", "a list"), ("portal.adapterBase\n", "a single value")] {
            let result = try await sync(yaml)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("config.invalid: \(result.path): the file is not a mapping of keys (its "
                + "top level is \(shape)). Fix:"), "\(result.output)")
        }
    }

    @Test func aKeyGivenNestedAndDottedIsDefinedTwice() async throws {
        let result = try await sync(Self.requiredYAML + "mappings:\n  directory: x\nmappings.directory: y\n")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("config.invalid: \(result.path): key `mappings.directory`: defined twice "
            + "(lines 7 and 8, one nested under its section and one written with dots). Fix: keep one definition"),
                "\(result.output)")
    }

    @Test func anEmptyPasswordFileIsRefusedAtStart() async throws {
        for content in ["", " \n\n"] {
            let result = try await sync(Self.requiredYAML + "portal.passwordFile: $DIR/portal.password\n",
                                        environment: ["DVCSYNC_SOURCE_PASSWORD": "s"]) { directory in
                _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("portal.password").path,
                                                   contents: Data(content.utf8), attributes: [.posixPermissions: 0o600])
            }
            #expect(result.status == 1, "\(result.output)")
            let file = (result.path as NSString).deletingLastPathComponent + "/portal.password"
            #expect(result.output.contains("config.invalid: \(result.path): key `portal.passwordFile`: \(file) is "
                + "empty. Fix:"), "\(result.output)")
        }
    }

    @Test func aMisspeltSecretKeyOrSectionIsNamedRatherThanTheMissingPassword() async throws {
        let cases: [(String, String, String)] = [
            ("portal.passwordfile: /etc/p\n", "portal.passwordfile", "portal.passwordFile"),
            ("portal.pasword_file: /etc/p\n", "portal.pasword_file", "portal.passwordFile"),
            ("portal.passwordENV: PW\n", "portal.passwordENV", "portal.passwordEnv"),
        ]
        for (line, typo, key) in cases {
            let result = try await sync(Self.requiredYAML + line, environment: ["DVCSYNC_SOURCE_PASSWORD": "s"])
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("config.unknown_key: \(result.path): key `\(typo)`: unknown key. Fix: did "
                + "you mean `\(key)`?"), "\(result.output)")
        }
        let section = """
            portal:
              adapterBase: http://127.0.0.1:9
              username: u
            sources:
              baseURL: http://127.0.0.1:9/o/rest/v2
              groupId: "1"
              username: u

            """
        let result = try await sync(section, environment: ["DVCSYNC_PORTAL_PASSWORD": "p"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("config.unknown_key: \(result.path): key `sources.baseURL`: unknown key. Fix: "
            + "did you mean `source.baseURL`?"), "\(result.output)")
    }
}
