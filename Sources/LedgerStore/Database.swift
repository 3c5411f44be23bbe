// Public only so that the @inlinable wrappers can be inlined into callers; nothing above
// LedgerStore imports CSQLite itself.
public import CSQLite
#if canImport(Glibc)
import Glibc
#endif

@usableFromInline
let sqliteTransient = docledger_sqlite_transient()

/// One SQLite connection. Owned by one task at a time; closed when released.
public final class Database {
    public enum OpenMode: Sendable {
        case readOnly, readWrite, readWriteCreate
        var flags: Int32 {
            switch self {
            case .readOnly: return SQLITE_OPEN_READONLY
            case .readWrite: return SQLITE_OPEN_READWRITE
            case .readWriteCreate: return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
            }
        }
    }

    @usableFromInline let handle: OpaquePointer
    public let path: String
    private var observers: [WeakObserver] = []

    /// Opens `path` (":memory:" or "" for a private temporary database) with extended result
    /// codes on and a busy timeout, so a briefly locked ledger waits instead of failing.
    /// With `uri`, `path` is a `file:` URI (`file:/a/b?mode=ro`), and so are the names ATTACH takes.
    public init(path: String, mode: OpenMode = .readWriteCreate, uri: Bool = false,
                busyTimeoutMilliseconds: Int32 = 5_000) throws(SQLiteError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, mode.flags | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0), nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            let code = db.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(db)
            throw SQLiteError(code: code, message: message, sql: nil)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    @usableFromInline
    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        let code = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        // sqlite3_errcode can lag behind for some failures; prefer rc's primary code if they disagree.
        return SQLiteError(code: (code & 0xff) == (rc & 0xff) ? code : rc, message: message, sql: sql)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Compiles one statement for repeated use.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql: sql) }
        return Statement(database: self, handle: stmt, sql: sql)
    }

    /// The first column of the first row of a query, as an integer (nil when no row or NULL).
    public func scalarInt(_ sql: String) throws(SQLiteError) -> Int64? {
        let stmt = try prepare(sql)
        guard try stmt.step() else { return nil }
        return stmt.isNull(0) ? nil : stmt.int64(0)
    }

    /// The first column of the first row of a query, as text (nil when no row or NULL).
    public func scalarText(_ sql: String) throws(SQLiteError) -> String? {
        let stmt = try prepare(sql)
        guard try stmt.step() else { return nil }
        return stmt.isNull(0) ? nil : stmt.text(0)
    }

    /// The file behind the connection (also when it was opened by a `file:` URI); "" for a
    /// private temporary database.
    public var filename: String {
        sqlite3_db_filename(handle, "main").map { String(cString: $0) } ?? ""
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Switches to WAL and reads the mode back: some files (e.g. on some network filesystems,
    /// or read-only ones) silently keep another journal mode.
    public func enableWAL() throws(SQLiteError) -> String {
        let mode = try scalarText("PRAGMA journal_mode=WAL") ?? ""
        return mode.lowercased()
    }

    /// Keeps the WAL file when the last connection closes (checkpointed and emptied, not
    /// deleted): the next process reuses it instead of creating it and syncing its folder.
    public func persistWAL() {
        var on: Int32 = 1
        _ = sqlite3_file_control(handle, "main", SQLITE_FCNTL_PERSIST_WAL, &on)
    }

    /// What must happen around every write transaction of this connection: registered once
    /// (e.g. by a projection that keeps rows in memory until commit) instead of being called by
    /// hand before each commit and after each rollback.
    public func add(observer: some TransactionObserver) {
        observers.append(WeakObserver(observer))
    }

    /// Runs `body` in one read snapshot (BEGIN DEFERRED … COMMIT): everything it reads is as of
    /// one moment, whatever other connections commit meanwhile.
    public func read<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// The one way to write: BEGIN IMMEDIATE (waiting, with backoff, up to `lockWait` seconds
    /// while other processes hold the write lock), `body`, then every observer's `willCommit`
    /// and COMMIT (retried while a checkpoint holds the lock). Any error rolls the whole
    /// transaction back, tells every observer (`didRollback`) and is rethrown; a lock held
    /// longer than `lockWait` throws `SQLiteError` with a busy code.
    /// Writers take the lock up front: in WAL a deferred transaction that later writes fails
    /// with SQLITE_BUSY at once, ignoring the busy timeout.
    public func write<T>(lockWait: Double = 60, _ body: () throws -> T) throws -> T {
        precondition(!isInTransaction, "Database.write does not nest")
        try Self.retryingWhileBusy(for: lockWait) {
            do { try execute("BEGIN IMMEDIATE") } catch {
                if isInTransaction { try? execute("ROLLBACK") }
                throw error
            }
        }
        do {
            let value = try body()
            for observer in liveObservers { try observer.willCommit() }
            try Self.retryingWhileBusy(for: lockWait) { try execute("COMMIT") }
            return value
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            for observer in liveObservers { observer.didRollback() }
            throw error
        }
    }

    /// Runs `body` as a savepoint inside the current write transaction: on success its writes
    /// stay (observers' `willCommit` first, so that what they hold in memory is written inside
    /// it); on any error they are undone, observers told (`didRollback`), and the error
    /// rethrown — the rest of the transaction is untouched. Several requests committed together
    /// (group commit) each stay all or nothing this way.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        precondition(isInTransaction, "Database.savepoint runs inside write")
        try execute("SAVEPOINT request")
        do {
            let value = try body()
            for observer in liveObservers { try observer.willCommit() }
            try execute("RELEASE request")
            return value
        } catch {
            try? execute("ROLLBACK TO request")
            try? execute("RELEASE request")
            for observer in liveObservers { observer.didRollback() }
            throw error
        }
    }

    private var liveObservers: [any TransactionObserver] {
        observers.removeAll { $0.observer == nil }
        return observers.compactMap(\.observer)
    }

    /// Runs `body` again while SQLite reports the file busy, with growing, jittered pauses,
    /// for up to `seconds`; then the last error is thrown. Taking the write lock, creating a
    /// ledger and switching it to WAL all wait here: two processes asking for a lock at once
    /// can get SQLITE_BUSY at once (SQLite's way out of a deadlock), which the busy timeout
    /// does not cover.
    public static func retryingWhileBusy<T>(for seconds: Double = 60, _ body: () throws -> T) throws -> T {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pause: UInt32 = 1_000
        while true {
            do {
                return try body()
            } catch {
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let elapsed = Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
                guard let sqlite = error as? SQLiteError, sqlite.isBusy, elapsed < seconds else { throw error }
                usleep(pause + UInt32.random(in: 0...pause))
                pause = min(pause * 2, 50_000)
            }
        }
    }
}

/// Told about each write transaction of the connection it is registered with.
public protocol TransactionObserver: AnyObject {
    /// Last writes before COMMIT, inside the transaction; throwing rolls it back.
    func willCommit() throws
    /// The transaction was rolled back: forget what was kept for it.
    func didRollback()
}

private struct WeakObserver {
    weak var observer: (any TransactionObserver)?
    init(_ observer: any TransactionObserver) { self.observer = observer }
}
