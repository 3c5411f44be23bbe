import LedgerJSON
import LedgerStore
import OfficeDomain
import OfficeProjections

/// Why a ledger could not be used at all (exit 3): locked too long, damaged, not a ledger.
public struct LedgerUnusable: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A request to change which doc types share a number series on a ledger that already
/// numbered documents with another setting (rejected input, not a broken ledger).
public struct SeriesSettingLocked: Error, CustomStringConvertible {
    public let description: String
}

/// An open ledger: the event log, the office's rules and the inline projections over one
/// SQLite connection. The application service every CLI verb goes through.
public final class Ledger {
    public let path: String
    public let db: Database
    public let log: EventLog
    public let rules: OfficeRules
    let projector: OfficeProjector
    let state: SQLStateReader
    /// How long a writer keeps retrying while other processes hold the write lock.
    public var lockWaitSeconds: Double = 60

    /// Opens a ledger, creating it when `create` is set and the file does not exist yet.
    /// `series` sets which doc types share a number series; it can only be set on a ledger
    /// with no events yet.
    public init(path: String, create: Bool = true, readOnly: Bool = false, series: SeriesConfig? = nil) throws {
        self.path = path
        let db: Database
        do {
            db = try LedgerFile.open(path: path, create: create, readOnly: readOnly)
        } catch {
            throw LedgerUnusable(error.description)
        }
        self.db = db
        do {
            let read = { () throws -> SeriesConfig? in
                try db.scalarText("SELECT value FROM ledger_meta WHERE key = 'series'").map { try SeriesConfig(encoded: $0) }
            }
            let stored = try read()
            var config = stored ?? .standard
            if let series, series != config, readOnly {
                throw LedgerUnusable("\(path) is read-only; the series setting cannot be changed")
            }
            if !readOnly, stored == nil || (series != nil && series != config) {
                // Decided again under the write lock: another process may be creating this ledger too.
                config = try db.transaction(.immediate) { () throws -> SeriesConfig in
                    let current = try read()
                    let wanted = series ?? current ?? .standard
                    if wanted == current { return wanted }
                    if let current, try db.scalarInt("SELECT count(*) FROM events") ?? 0 > 0 {
                        throw SeriesSettingLocked(description: "the ledger already has events numbered with series \"\(current.encoded)\"; the series setting cannot change now")
                    }
                    let stmt = try db.prepare("INSERT OR REPLACE INTO ledger_meta (key, value) VALUES ('series', ?)")
                    try stmt.bind(wanted.encoded, at: 1)
                    try stmt.run()
                    return wanted
                }
            }
            rules = OfficeRules(series: config)
            log = try EventLog(db: db)
            // Before any statement is prepared on the read tables: their columns may have changed.
            if !readOnly, try db.scalarInt("PRAGMA user_version") ?? 0 < LedgerFile.schemaVersion {
                try Self.upgradeReadTables(db, rules: rules)
            }
            projector = try OfficeProjector(db: db, rules: rules)
            state = try SQLStateReader(db: db)
        } catch let error as LedgerUnusable {
            throw error
        } catch let error as SeriesSettingLocked {
            throw error
        } catch let error as DomainError {
            throw LedgerUnusable("\(path) has an unreadable series setting (\(error.reason)); restore it from a backup")
        } catch let error as SQLiteError {
            throw LedgerUnusable("\(path) cannot be used: \(error.message)")
        }
    }

    /// Brings a ledger written by an earlier schema version up to this one: its read tables
    /// are rebuilt from the log (the log itself is never touched) and the version is raised,
    /// in one transaction — another process doing the same waits, then finds nothing to do.
    static func upgradeReadTables(_ db: Database, rules: OfficeRules) throws {
        try LedgerFile.retryingWhileBusy {
            try db.transaction(.immediate) {
                guard try db.scalarInt("PRAGMA user_version") ?? 0 < LedgerFile.schemaVersion else { return }
                _ = try rebuildReadTables(db, rules: rules)
                try db.execute("PRAGMA user_version = \(LedgerFile.schemaVersion)")
            }
        }
    }

    /// Runs a write transaction, waiting (up to `lockWaitSeconds`) while other writers hold
    /// the lock: a busy ledger is never an error the user sees unless it stays locked.
    public func write<T>(_ body: () throws -> T) throws -> T {
        try beginWrite()
        do {
            let value = try body()
            try commit()
            return value
        } catch {
            rollback()
            throw error
        }
    }

    /// BEGIN IMMEDIATE, retried with backoff while another process holds the write lock.
    public func beginWrite() throws {
        projector.discard()
        do {
            try LedgerFile.retryingWhileBusy(for: lockWaitSeconds) {
                do {
                    try db.execute("BEGIN IMMEDIATE")
                    try log.beginAppending()
                } catch {
                    if (error as? SQLiteError)?.isBusy == true && db.isInTransaction { try? db.execute("ROLLBACK") }
                    throw error
                }
            }
        } catch {
            guard (error as? SQLiteError)?.isBusy == true else { throw error }
            throw LedgerUnusable("\(path) stayed locked by another process for \(Int(lockWaitSeconds)) s; try again later")
        }
    }

    /// Writes what the projection still holds in memory, then commits (retrying while a
    /// checkpoint holds the lock). On failure the transaction is rolled back whole.
    public func commit() throws {
        do { try projector.flush() } catch {
            rollback()
            throw error
        }
        try LedgerFile.retryingWhileBusy(for: lockWaitSeconds) { try db.execute("COMMIT") }
    }

    public func rollback() {
        projector.discard()
        if db.isInTransaction { try? db.execute("ROLLBACK") }
    }

    /// The current head of the chain.
    public func head() throws -> ChainHead { try log.readHead() }
}
