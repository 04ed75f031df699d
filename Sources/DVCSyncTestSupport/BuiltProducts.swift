import Foundation

/// Finds executables built beside the running test binary (`swift build` puts them in the same folder).
public enum BuiltProducts {
    /// Folder of the running test executable.
    public static var directory: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // On Linux the test binary is `<name>.xctest` directly in the products folder.
        while url.pathExtension == "xctest" || url.lastPathComponent == "Contents" || url.lastPathComponent == "MacOS" {
            url.deleteLastPathComponent()
        }
        return url
    }

    /// URL of the product `name` (e.g. `dvcsync`).
    public static func executable(_ name: String) -> URL { directory.appendingPathComponent(name) }
}
