import DVCSync
import Foundation

/// An output file written beside its destination (a hidden temporary file in the same folder, mode 0600) and
/// renamed over it only once complete, so a run that fails leaves the previous file as it was.
final class PendingFile {
    /// The file the content ends up in.
    let path: String
    let temporaryPath: String
    private let code: String
    private var fd: Int32

    /// Creates the temporary file at once, so a folder that does not exist or cannot be written fails before any
    /// work; `code` is the error code of every failure (`reconcile.output`).
    init(path: String, code: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        self.code = code
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw CLIError(code: code, message: "cannot create \(path) (\(String(cString: strerror(errno)))). Fix: "
                + "give a file in an existing folder this user may write")
        }
    }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else {
                throw CLIError(code: code, message: "cannot write \(path) (\(String(cString: strerror(errno))))")
            }
            written += count
        }
    }

    /// Flushes the file to disk and renames it over `path`.
    func commit() throws {
        guard fd >= 0 else { return }
        let synced = fsync(fd) == 0
        close(fd)
        fd = -1
        guard synced, rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CLIError(code: code, message: "cannot write \(path) (\(reason))")
        }
    }

    /// Removes the temporary file unless it was committed; `path` is left as it was.
    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporaryPath)
        }
    }
}
