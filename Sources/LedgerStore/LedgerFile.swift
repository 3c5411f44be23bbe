import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// Why a file cannot be used as a ledger. Each case reads as one sentence that says what to do.
public enum LedgerFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case notALedger(path: String)
    case newerSchema(path: String, found: Int64, supported: Int64)
    case notWAL(path: String, mode: String)
    case unusable(path: String, reason: String)
    case missing(path: String)
    case olderSchema(path: String, found: Int64)
    case empty(path: String)

    public var description: String {
        switch self {
        case .notALedger(let path):
            return "\(path) is not a DocLedger ledger (it is another kind of file or database); give another path with --db"
        case .newerSchema(let path, let found, let supported):
            return "\(path) was written by a newer docledger (schema \(found), this one knows up to \(supported)); upgrade docledger to use it"
        case .notWAL(let path, let mode):
            return "\(path) could not be switched to WAL journaling (it stays in \(mode) mode); put the ledger on a local, writable disk"
        case .unusable(let path, let reason):
            return "\(path) cannot be used: \(reason)"
        case .olderSchema(let path, let found):
            return "\(path) was written by an earlier docledger (schema \(found)); open it once for writing (e.g. `docledger replay --db \(path)`) to upgrade it"
        case .missing(let path):
            return "no ledger at \(path): create it with `docledger init`"
        case .empty(let path):
            return "\(path) is empty, not yet a ledger (its creation was interrupted before its first commit): create it with `docledger init --db \(path)`, or append to it with --create"
        }
    }
}

/// Opening ledger files: recognising them, creating them, applying the embedded schema.
public enum LedgerFile {
    /// PRAGMA application_id of every ledger ("DLGR").
    public static let applicationID: Int64 = 0x444C_4752
    /// The schema version this build writes and understands.
    public static let schemaVersion: Int64 = 7

    /// schema.sql as embedded at build time.
    public static var schemaSQL: String { String(decoding: EmbeddedSchema.bytes, as: UTF8.self) }

    /// How a ledger file is opened.
    public enum Access: Sendable, Equatable {
        /// Reading only: nothing in the file or beside it is changed (no schema restored, no
        /// upgrade, no WAL switch). A file the user may only read, or one on read-only media,
        /// is opened immutable when SQLite cannot set up its shared memory beside it.
        case read
        /// Reading and writing an existing ledger (restores schema objects that are missing).
        case write
        /// As `write`, creating the ledger when the file does not exist: mode 0600, or 0640
        /// when `groupReadable`, whatever the umask.
        case create(groupReadable: Bool)
    }

    /// Opens a ledger. Every failure is a `LedgerFileError` a user can act on. `initialSettings`
    /// are written beside the chain in the transaction that creates a new ledger, so that a
    /// process killed while creating it leaves either no ledger or one with its settings.
    public static func open(path: String, access: Access, initialSettings: [(key: String, value: String)] = []) throws(LedgerFileError) -> Database {
        let present = exists(path)
        if !present, access == .read || access == .write { throw .missing(path: path) }
        if !present, case .create(let group) = access { try createFile(path, mode: group ? 0o640 : 0o600) }
        do {
            if access == .read { return try openForReading(path) }
            let db = try Database(path: path, mode: .readWrite)
            try prepare(db, path: path, readOnly: false, initialSettings: initialSettings)
            return db
        } catch let error as LedgerFileError {
            throw error
        } catch let error as SQLiteError {
            throw unusable(path, error)
        } catch {
            throw .unusable(path: path, reason: "\(error)")
        }
    }

    /// Read-only open: first as usual (other processes may be writing); when SQLite cannot
    /// create the shared-memory file beside a file the user may only read (a read-only folder,
    /// read-only media), as an immutable file, which needs no locks and no files beside it.
    static func openForReading(_ path: String) throws -> Database {
        do {
            let db = try Database(path: readURI(path, immutable: false), mode: .readOnly, uri: true)
            try prepare(db, path: path, readOnly: true)
            return db
        } catch let error as SQLiteError where [SQLITE_CANTOPEN, SQLITE_READONLY].contains(error.primaryCode) {
            let db = try Database(path: readURI(path, immutable: true), mode: .readOnly, uri: true)
            try prepare(db, path: path, readOnly: true)
            return db
        }
    }

    /// A `file:` URI for `path` that opens it read-only (and immutable when asked).
    public static func readURI(_ path: String, immutable: Bool) -> String {
        var uri = "file:"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                uri += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return uri + (immutable ? "?mode=ro&immutable=1" : "?mode=ro")
    }

    /// Creates an empty file with exactly `mode` (not widened by the umask): SQLite then makes
    /// the ledger in it, and gives its -wal and -shm files the same mode.
    static func createFile(_ path: String, mode: mode_t) throws(LedgerFileError) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 {
            if errno == EEXIST { return }   // another process is creating it too
            throw .unusable(path: path, reason: "it cannot be created (\(String(cString: strerror(errno)))); check that its folder exists and is writable")
        }
        defer { close(fd) }
        _ = fchmod(fd, mode)
    }

    static func prepare(_ db: Database, path: String, readOnly: Bool, initialSettings: [(key: String, value: String)] = []) throws {
        // Reading the header is what fails on a file that is not SQLite at all.
        // One read snapshot: another process may be creating the ledger meanwhile, and an
        // id read before its commit beside objects read after it looks like a foreign file.
        let (appID, version, objectCount) = try Database.retryingWhileBusy {
            try db.read {
                (try db.scalarInt("PRAGMA application_id") ?? 0, try db.scalarInt("PRAGMA user_version") ?? 0,
                 try db.scalarInt("SELECT count(*) FROM sqlite_master") ?? 0)
            }
        }
        if appID == 0 && objectCount == 0 {
            // A new or empty file: make it a ledger (a reader says what it is and what to do).
            if readOnly { throw isEmptyOrSQLite(path) ? LedgerFileError.empty(path: path) : LedgerFileError.notALedger(path: path) }
            // SQLite reads a file too short for its header (one byte) as an empty database;
            // never turn a file with content that is not SQLite into a ledger.
            guard isEmptyOrSQLite(path) else { throw LedgerFileError.notALedger(path: path) }
            // Created in rollback-journal mode, WAL switched on after: the main file has its
            // pages before any WAL exists. (SQLite deletes the WAL of a database whose main file
            // is still empty when another connection opens it: with WAL first, two processes
            // creating one ledger at once could lose every commit of one of them.)
            try db.write {
                // Another process may have initialised it while we waited for the lock.
                if try db.scalarInt("PRAGMA application_id") ?? 0 == 0 {
                    try db.execute(schemaSQL)
                    try db.execute("PRAGMA application_id = \(applicationID)")
                    try db.setSchemaVersion(schemaVersion)
                    for setting in initialSettings { try db.setSetting(setting.key, to: setting.value) }
                }
            }
            try switchToWAL(db, path: path)
            try settings(db, readOnly: false)
            return
        }
        guard appID == applicationID else { throw LedgerFileError.notALedger(path: path) }
        guard version <= schemaVersion else {
            throw LedgerFileError.newerSchema(path: path, found: version, supported: schemaVersion)
        }
        // An older ledger is upgraded by the first writable open (its read tables rebuilt).
        if readOnly && version < schemaVersion { throw LedgerFileError.olderSchema(path: path, found: version) }
        if !readOnly {
            try switchToWAL(db, path: path)
            // Idempotent: restores any table, index or trigger that is missing (a replay that
            // was interrupted, a hand-dropped trigger). Parsing the schema is skipped when every
            // object it names is there: it is most of the start-up of a one-event append.
            if try !hasEverySchemaObject(db) { try db.execute(schemaSQL) }
        }
        try settings(db, readOnly: readOnly)
    }

    static func switchToWAL(_ db: Database, path: String) throws {
        let mode = try Database.retryingWhileBusy { try db.enableWAL() }
        guard mode == "wal" else { throw LedgerFileError.notWAL(path: path, mode: mode) }
    }

    /// The connection's settings, for every open.
    static func settings(_ db: Database, readOnly: Bool) throws(SQLiteError) {
        _ = try db.scalarInt("PRAGMA cache_size = -65536")
        guard !readOnly else { return }
        // FULL: a commit reported to the user survives a power cut (WAL fsync at every commit).
        try db.execute("PRAGMA synchronous = FULL")
        db.persistWAL()
        _ = try db.scalarInt("PRAGMA journal_size_limit = 4194304")
    }

    /// The names of the tables, indexes and triggers schema.sql creates, in its order.
    public static let schemaObjectNames: [String] = {
        // Bytes, not Characters: this runs at every open, and grapheme-aware splitting of the
        // whole schema cost a quarter of a millisecond.
        var names: [String] = []
        let marker = Array("IF NOT EXISTS ".utf8)
        for line in EmbeddedSchema.bytes.split(separator: UInt8(ascii: "\n")) where line.starts(with: "CREATE ".utf8) {
            // A plain scan: the generic `firstRange(of:)` searcher cost more than the rest.
            var at = line.startIndex
            while at + marker.count <= line.endIndex, !line[at..<at + marker.count].elementsEqual(marker) { at += 1 }
            guard at + marker.count <= line.endIndex else { continue }
            let name = line[(at + marker.count)...].prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "(") }
            names.append(String(decoding: name, as: UTF8.self))
        }
        return names
    }()

    static func hasEverySchemaObject(_ db: Database) throws(SQLiteError) -> Bool {
        var present = Set<String>()
        let stmt = try db.prepare("SELECT name FROM sqlite_master")
        while try stmt.step() { present.insert(stmt.text(0)) }
        return schemaObjectNames.allSatisfy(present.contains)
    }

    /// The sentence for an SQLite failure that makes the file unusable (damaged, read-only, locked …).
    public static func unusable(_ path: String, _ error: SQLiteError) -> LedgerFileError {
        switch error.primaryCode {
        case SQLITE_NOTADB:
            return .notALedger(path: path)
        case SQLITE_CORRUPT:
            return .unusable(path: path, reason: "the file is damaged (\(error.message)); restore it from a backup")
        case SQLITE_CANTOPEN:
            return .unusable(path: path, reason: "it cannot be opened (\(error.message)); check that the path and its folder exist and are readable")
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH:
            return .unusable(path: path, reason: "it is read-only (\(error.message)); make the file and its folder writable")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .unusable(path: path, reason: "it stayed locked by another process too long; try again")
        default:
            return .unusable(path: path, reason: error.message)
        }
    }

    /// True when the file is absent or empty, or starts with SQLite's 16-byte header.
    static func isEmptyOrSQLite(_ path: String) -> Bool {
        guard let file = fopen(path, "rb") else { return !exists(path) }
        defer { fclose(file) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = fread(&header, 1, header.count, file)
        return count == 0 || header == Array("SQLite format 3\0".utf8)
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

/// A table, index or trigger of a file that is not as schema.sql defines it.
public struct SchemaDifference: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable { case missing, altered, foreign }
    public let kind: Kind
    public let type: String   // table, index, trigger, view
    public let name: String

    /// What is wrong, as `verify` says it.
    public var description: String {
        switch kind {
        case .missing: return "schema: \(type) \(name) is missing (`docledger repair` restores it)"
        case .altered: return "schema: \(type) \(name) is not as schema.sql defines it (`docledger repair` restores it)"
        case .foreign: return "schema: \(type) \(name) is not part of a ledger (someone added it; `docledger repair` removes it)"
        }
    }

    /// What `repair` did about it.
    public var repaired: String {
        switch kind {
        case .missing: return "restored \(type) \(name), which was missing"
        case .altered: return "restored \(type) \(name), which had been altered"
        case .foreign: return type == "table" ? "left table \(name), which is not part of a ledger: drop it by hand if it is not yours"
                                              : "removed \(type) \(name), which is not part of a ledger"
        }
    }
}

extension LedgerFile {
    /// How the file's tables, indexes and triggers differ from schema.sql: an object that is
    /// missing, altered (its SQL is not the schema's) or not in the schema at all. Compared
    /// with a private database made from the embedded schema.
    public static func schemaDifferences(_ db: Database) throws -> [SchemaDifference] {
        let expected = try schemaObjects(try referenceSchema()), found = try schemaObjects(db)
        var differences: [SchemaDifference] = []
        for name in expected.keys.sorted() {
            let want = expected[name]!
            guard let have = found[name] else {
                differences.append(SchemaDifference(kind: .missing, type: want.type, name: name))
                continue
            }
            if have.type != want.type || have.sql != want.sql {
                differences.append(SchemaDifference(kind: .altered, type: want.type, name: name))
            }
        }
        for name in found.keys.sorted() where expected[name] == nil {
            differences.append(SchemaDifference(kind: .foreign, type: found[name]!.type, name: name))
        }
        return differences
    }

    static func referenceSchema() throws -> Database {
        let reference = try Database(path: ":memory:")
        try reference.execute(schemaSQL)
        return reference
    }

    static func schemaObjects(_ db: Database) throws -> [String: (type: String, sql: String)] {
        var out: [String: (String, String)] = [:]
        let stmt = try db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        while try stmt.step() { out[stmt.text(1)] = (stmt.text(0), stmt.text(2)) }
        return out
    }

    /// Puts the schema back as schema.sql defines it: drops triggers, indexes and views that
    /// are altered or not part of a ledger, then creates whatever is missing. Inside the
    /// caller's write transaction. Tables are never dropped here (the log is one of them).
    public static func restoreSchema(_ db: Database) throws {
        let expected = try schemaObjects(try referenceSchema())
        for (name, have) in try schemaObjects(db) where have.type != "table" && expected[name]?.sql != have.sql {
            let quoted = "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            try db.execute("DROP \(have.type.uppercased()) IF EXISTS \(quoted)")
        }
        try db.execute(schemaSQL)
    }
}
