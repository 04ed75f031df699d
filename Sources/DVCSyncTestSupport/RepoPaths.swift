import Foundation

/// Locates the repository's data folders (`Mappings/`, `Mock/`) from this source file's path.
public enum RepoPaths {
    /// Repository root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `Mappings/`.
    public static var mappings: URL { root.appendingPathComponent("Mappings") }
    /// `Mock/`.
    public static var mock: URL { root.appendingPathComponent("Mock") }

    /// A fresh temporary directory, removed by the caller.
    public static func makeTemporaryDirectory(prefix: String = "dvcsync-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
