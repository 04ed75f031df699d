import Foundation

/// The sync ledger: one SQLite database holding runs, stream cursors, per-record hashes, the outbox, dead letters and
/// quarantined records. All access goes through one writer connection, serialised by a lock; every write is a
/// `BEGIN IMMEDIATE` transaction, so a crash at any moment leaves either the whole page or none of it.
public final class Ledger: @unchecked Sendable {
    // @unchecked: `connection` is only touched inside `lock`.
    private let lock = NSLock()
    /// Where `perform` runs statements for async callers: one serial queue of the ledger's own.
    let queue = DispatchQueue(label: "dvcsync.ledger")
    private let connection: SQLiteConnection
    /// The last lease's `lease_id`; only touched inside `lock`.
    private var lastLeaseId: Int64 = 0
    /// Path of the database file.
    public let path: String
    /// Settings in use.
    public let configuration: Configuration
    let clock: any SyncClock

    /// Opens the ledger at `path`, applies pragmas and pending migrations.
    public init(path: String, configuration: Configuration = .init(), clock: any SyncClock = SystemClock()) throws {
        self.path = path
        self.configuration = configuration
        self.clock = clock
        connection = try Self.open(path)
        try connection.execute("PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)")
        guard try Self.journalMode(connection, path: path) == "wal" else {
            throw LedgerError(code: "ledger.wal_unavailable", message: "cannot enable WAL journal mode on \(path)")
        }
        try connection.execute("PRAGMA synchronous = \(configuration.synchronous.rawValue)")
        try connection.execute("PRAGMA foreign_keys = ON")
        try connection.execute("PRAGMA cache_size = -\(configuration.cacheSizeKiB)")
        try connection.execute("PRAGMA wal_autocheckpoint = \(Self.autocheckpointPages)")
        try LedgerMigrations.migrate(connection, now: clock.now.epochMilliseconds)
    }

    /// The SQLite connection to `path`; a file that cannot be opened fails with the folder's problem and the fix.
    static func open(_ path: String) throws -> SQLiteConnection {
        do {
            return try SQLiteConnection(path: path)
        } catch where error.code == "ledger.cannot_open" {
            throw LedgerError(code: error.code, message: cannotOpen(path))
        }
    }

    /// Switches `connection` to WAL and returns the journal mode; a file that is not a database says so.
    static func journalMode(_ connection: SQLiteConnection, path: String) throws -> String? {
        do {
            return try connection.scalarText("PRAGMA journal_mode = WAL")?.lowercased()
        } catch {
            guard error.code == "ledger.corrupt" else { throw error }
            throw LedgerError(code: error.code, message: "\(path) is not a dvcsync ledger (\(error.detail)). Fix: "
                + "check ledger.path / --ledger; `dvcsync ledger verify` on the right file checks a damaged one")
        }
    }

    /// Why the ledger file cannot be opened, with the fix.
    static func cannotOpen(_ path: String) -> String {
        var isFile: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFile), isFile.boolValue {
            return "\(path) is a folder. Fix: set ledger.path / --ledger to a file in it, e.g. \(path)/ledger.sqlite"
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        let problem = !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue
            ? "the folder \(folder) does not exist"
            : "this user cannot create or write files in \(folder) (the ledger, its -wal and -shm files)"
        return "cannot open the ledger \(path): \(problem). Fix: create the folder and let the gateway's user write "
            + "it (mode 0700), or set ledger.path / --ledger"
    }

    /// WAL pages after which a commit folds the WAL back into the database (`wal_autocheckpoint`); every succeeded
    /// run also truncates it.
    public static let autocheckpointPages = 1000

    /// Runs `body` with the connection, under the ledger's lock.
    func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// The next lease's `lease_id`, above every id in the outbox. Call inside `lock` (in `write`).
    func nextLeaseId(_ db: SQLiteConnection) throws -> Int64 {
        if lastLeaseId == 0 { lastLeaseId = try db.scalarInt("SELECT coalesce(max(lease_id), 0) FROM outbox") ?? 0 }
        lastLeaseId += 1
        return lastLeaseId
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` write transaction.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try withConnection { db in try db.writeTransaction { try body(db) } }
    }

    /// `PRAGMA integrity_check`: `["ok"]` when the database is sound, otherwise the problems found.
    public func integrityCheck() throws -> [String] {
        try withConnection { db in
            let statement = try db.statement("PRAGMA integrity_check")
            try statement.bind([])
            var lines: [String] = []
            while try statement.step() { lines.append(statement.text(0)) }
            return lines
        }
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations() throws -> [String] {
        try withConnection { db in
            let statement = try db.statement("SELECT name FROM schema_migration ORDER BY rowid")
            try statement.bind([])
            var names: [String] = []
            while try statement.step() { names.append(statement.text(0)) }
            return names
        }
    }

    /// Moves WAL content into the database and truncates the WAL file (run after each sync run).
    public func checkpoint() throws {
        try withConnection { db in
            db.finishReads()
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    var nowMilliseconds: Int64 { clock.now.epochMilliseconds }
}

extension Ledger {
    /// Ledger settings.
    public struct Configuration: Sendable {
        /// SQLite `synchronous` level.
        public enum Synchronous: String, Sendable, CaseIterable { case full = "FULL", normal = "NORMAL", extra = "EXTRA" }
        /// Durability of commits. Key `ledger.synchronous`; default FULL (a committed page survives power loss).
        public var synchronous: Synchronous = .full
        /// How long a writer waits for a lock. Key `ledger.busyTimeoutMs`; default 5000.
        public var busyTimeoutMilliseconds = 5000
        /// Page cache in KiB. Key `ledger.cacheSizeKiB`; default 65536 (64 MiB), so record keys stay cached.
        public var cacheSizeKiB = 65536
        public init() {}
    }
}

/// Errors of the ledger that are not SQLite's own.
public struct LedgerError: CodedError {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

extension Date {
    /// Milliseconds since 1970.
    public var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    /// The date `milliseconds` after 1970.
    public init(epochMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
