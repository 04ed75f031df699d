import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync mappings …`: check the declarative mapping files.
struct MappingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings", abstract: "Check the mapping files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check mappings against the portal schema and, optionally, a sample of source records.")
        @Option(help: "A province folder (with dossier.yaml) or a folder of province folders.")
        var mappings = "Mappings"
        @Option(help: "JSON file with source records (an array of dossier details) to check paths and codes against.")
        var sample: String?

        func run() async throws {
            let folders = MappingFolders.find(URL(fileURLWithPath: mappings))
            guard !folders.isEmpty else {
                let exists = FileManager.default.fileExists(atPath: mappings)
                throw CLIError(code: "mapping.not_found", message: (exists
                    ? "no mapping folder (one with dossier.yaml) in \(mappings)"
                    : "\(mappings) does not exist") + ". Fix: give --mappings a province folder such as Mappings/h20 "
                    + "or the folder that holds them")
            }
            var failed = false
            for folder in folders {
                let diagnostics = MappingChecker.check(directory: folder, sample: sample.map(URL.init(fileURLWithPath:)))
                let errors = diagnostics.filter { $0.severity == .error }.count
                print("\(folder.path): \(errors) errors, \(diagnostics.count - errors) warnings")
                if !diagnostics.isEmpty { print(MappingDiagnostic.format(diagnostics)) }
                failed = failed || MappingChecker.hasErrors(diagnostics)
            }
            if failed { throw ExitCode(1) }
        }
    }
}

enum MappingFolders {
    /// `url` itself when it holds `dossier.yaml`, else its subfolders that do.
    static func find(_ url: URL) -> [URL] {
        let manager = FileManager.default
        if manager.fileExists(atPath: url.appendingPathComponent("dossier.yaml").path) { return [url] }
        let children = (try? manager.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []
        return children.filter { manager.fileExists(atPath: $0.appendingPathComponent("dossier.yaml").path) }
            .sorted { $0.path < $1.path }
    }
}
