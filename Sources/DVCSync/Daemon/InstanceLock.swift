import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One writing process per ledger (a daemon, a sync, a publish): an exclusive `flock` on `<ledger>.lock`, holding the owner's pid as text. The kernel drops
/// the lock when the process ends, however it ends.
public final class InstanceLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32
    private let released = Atomic<Bool>(false)

    /// The lock file of the ledger at `ledgerPath`.
    public static func path(forLedger ledgerPath: String) -> String { ledgerPath + ".lock" }

    /// Takes the lock of the ledger at `ledgerPath` without waiting; throws `daemon.already_running` (naming the lock
    /// file and the pid written in it) when another process holds it, `daemon.lock_failed` when the file cannot be
    /// opened.
    public init(ledgerPath: String) throws {
        path = Self.path(forLedger: ledgerPath)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw DaemonError(code: "daemon.lock_failed",
                              message: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            let holder = Self.readPID(fd)
            close(fd)
            if busy {
                let who = holder.map { "process \($0)" } ?? "another process"
                throw DaemonError(code: "daemon.already_running",
                                  message: "another dvcsync daemon, sync or publish uses this ledger: \(who) "
                                      + "holds \(path); stop it or let it finish first, or give this one its own "
                                      + "ledger.path")
            }
            throw DaemonError(code: "daemon.lock_failed", message: "cannot lock \(path): \(reason)")
        }
        descriptor = fd
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The pid written in the lock file at `path`, if any.
    public static func holder(of path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readPID(fd)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Releases the lock; later calls do nothing. The file stays, so the next owner locks the same inode.
    public func release() {
        guard !released.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = ftruncate(descriptor, 0)
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// A failure of the daemon: its lock, its endpoints or its schedule.
public struct DaemonError: CodedError {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
