import HummingbirdBcrypt
import LedgerJSON
import LedgerStore
import OfficeDomain
import OfficeProjections
import Transparency

/// An open ledger: the application API every front end calls (the CLI's verbs, the server's
/// routes, tests). It holds the event log, the office's rules and the inline projections over
/// one SQLite connection; nothing above it sees SQL, a statement or a transaction.
public final class Ledger {
    /// This build's version, and the schema version of the files it writes.
    public static let version = "0.4.0"
    public static var schemaVersion: Int64 { LedgerFile.schemaVersion }

    public let path: String
    public let access: LedgerAccess
    let db: Database
    let log: EventLog
    /// The office's rules with the series setting the chain records (a `SeriesConfigured`
    /// first event, or the default).
    var rules: OfficeRules
    /// The inline projection and the rules' view of the read tables: only for writing.
    private let writer: (projector: OfficeProjector, state: SQLStateReader)?
    var projector: OfficeProjector { writer!.projector }
    var state: SQLStateReader { writer!.state }
    /// The stored Merkle tree over the log; prepared on first use (a reading verb that never
    /// proves anything does not need it).
    private var storedTree: MerkleTree?
    func tree() throws -> MerkleTree {
        if let storedTree { return storedTree }
        let tree = try MerkleTree(db: db)
        storedTree = tree
        return tree
    }
    /// How long a writer keeps retrying while other processes hold the write lock.
    public var lockWaitSeconds: Double = 60
    /// True while `inOneTransaction` runs its jobs: each write is then a savepoint.
    var inGroup = false
    /// bcrypt's cost for new passwords (2^cost rounds; 12 takes a few hundred ms here).
    public var passwordCost: UInt8 = 12
    /// Verified against when a user does not exist, so that the answer takes as long.
    lazy var decoyHash: String = Bcrypt.hash("not anyone's password", cost: passwordCost)

    /// Which doc types share a number series, as `init --series` takes it (`QĐ+CT`).
    public var series: String { rules.series.encoded }

    /// Opens a ledger. `.read` never changes the file (reading verbs, a copy on read-only
    /// media); `.write` needs an existing ledger; `.create` makes one when the file does not
    /// exist (mode 0600, or 0640 when group-readable). `series` sets which doc types share a
    /// number series; it can only be set on a ledger with no events yet. `durable: false`
    /// skips the fsync at commit (throwaway ledgers only).
    public convenience init(path: String, access: LedgerAccess = .write, series: SeriesSetting? = nil,
                            durable: Bool = true) throws {
        try self.init(path: path, access: access, seriesConfig: series?.config, durable: durable)
    }

    init(path: String, access: LedgerAccess, seriesConfig series: SeriesConfig?, durable: Bool,
         repairing: Bool = false) throws {
        self.path = path
        self.access = access
        let readOnly = access == .read
        let db: Database = try Self.translatingErrors(path: path) {
            // A new ledger gets the default series setting with its schema, in one transaction (a
            // ledger with no events records the default; `settleStoredSeries` checks it as usual).
            try LedgerFile.open(path: path, access: access.file,
                                initialSettings: [(OfficeRules.seriesSettingKey, SeriesConfig.standard.encoded)])
        }
        self.db = db
        var wanted = series
        do {
            if !durable && !readOnly { try db.skipSyncing() }
            let chain = try Self.chainSeries(db)
            if !readOnly, let legacy = try Self.settleStoredSeries(db, path: path, chain: chain, repairing: repairing) {
                wanted = wanted ?? legacy
            }
            rules = OfficeRules(series: chain)
            log = try EventLog(db: db)
            if readOnly {
                writer = nil
            } else {
                // Before any statement is prepared on the read tables: their columns may have changed.
                if try db.schemaVersion() < LedgerFile.schemaVersion {
                    try Self.upgradeReadTables(db)
                }
                let projector = try OfficeProjector(db: db, rules: rules)
                db.add(observer: projector)
                writer = (projector, try SQLStateReader(db: db))
            }
        } catch {
            throw try Self.translatingErrors(path: path) { error }
        }
        if let wanted, wanted != rules.series {
            guard !readOnly else { throw LedgerUnusable("\(path) is opened for reading only; the series setting cannot be changed") }
            try configure(series: wanted)
        }
    }

    /// The series setting the chain records: the data of a `SeriesConfigured` first event, or
    /// the default when the ledger has none.
    static func chainSeries(_ db: Database) throws -> SeriesConfig {
        guard let first = try EventLog.event(db, seq: 1), first.type == EventType.seriesConfigured.rawValue else { return .standard }
        guard let data = try? JSONParser.parse(first.data).objectValue,
              case .seriesConfigured(let e) = try? OfficeEvent.decode(type: first.type, data: data) else {
            throw LedgerUnusable("the ledger's first event (its series setting) cannot be read back; run `docledger verify`")
        }
        return e.series
    }

    /// Keeps the setting stored beside the chain (`ledger_meta`, which `verify` compares) equal
    /// to the chain's. A new ledger gets the chain's; one that differs was tampered with (or
    /// written by docledger 0.3 or earlier) and is refused for writing until `repair` — except
    /// an earlier version's ledger with no events yet, whose stored setting is returned to be
    /// recorded in the chain now.
    static func settleStoredSeries(_ db: Database, path: String, chain: SeriesConfig, repairing: Bool) throws -> SeriesConfig? {
        let key = OfficeRules.seriesSettingKey
        if let stored = try db.setting(key), stored == chain.encoded { return nil }
        return try db.write { () throws -> SeriesConfig? in
            let stored = try db.setting(key)
            if stored == chain.encoded { return nil }
            if let stored, !repairing {
                if try EventLog.count(db) == 0, let legacy = try? SeriesConfig(encoded: stored) { return legacy }
                throw LedgerUnusable("""
                    \(path): the series setting stored beside the chain ("\(stored)") is not the chain's ("\(chain.encoded)"): \
                    it was changed by hand; run `docledger verify`, then `docledger repair` to restore the chain's
                    """)
            }
            try db.setSetting(key, to: chain.encoded)
            return nil
        }
    }

    /// Records which doc types share a number series, as the ledger's first event (so the
    /// chain covers it). Stamped with the earliest moment a ledger holds: it is in force from
    /// the ledger's beginning, and registers of any date can be migrated after it.
    func configure(series wanted: SeriesConfig) throws {
        guard try head().seq == 0 else {
            throw SeriesSettingLocked(description: "the ledger already has events numbered with series \"\(rules.series.encoded)\"; the series setting cannot change now")
        }
        let event = SeriesConfigured(series: wanted)
        let line: JSONObject = ["id": .string(Self.seriesEventID), "type": .string(EventType.seriesConfigured.rawValue),
                                "data": .object(event.data), "recorded_at": .string(Timestamp.earliest.description)]
        let reader = LineReader(bytes: Array(JSONValue.object(line).canonicalString.utf8))
        let result = try append(from: reader, options: AppendOptions(actor: "docledger"))
        if let problem = result.problems.first {
            guard problem.field == "type" else { throw Rejected(field: problem.field, reason: problem.reason) }
            throw SeriesSettingLocked(description: "the ledger already has events numbered with series \"\(rules.series.encoded)\"; the series setting cannot change now")
        }
    }

    /// The id of the series setting's event: the same setting recorded twice (a ledger's export
    /// appended to a ledger made with the same `init --series`) is one event.
    static let seriesEventID = "ledger-series"

    /// Brings a ledger written by an earlier schema version up to this one: its read tables
    /// are rebuilt from the log (the log itself is never touched) and the version is raised,
    /// in one transaction — another process doing the same waits, then finds nothing to do.
    static func upgradeReadTables(_ db: Database) throws {
        try db.write {
            guard try db.schemaVersion() < LedgerFile.schemaVersion else { return }
            _ = try rebuildReadTables(db)
            try db.setSchemaVersion(LedgerFile.schemaVersion)
        }
    }

    /// Runs one write transaction (waiting up to `lockWaitSeconds` while other writers hold
    /// the lock): a busy ledger is never an error the user sees unless it stays locked.
    func write<T>(_ body: () throws -> T) throws -> T {
        guard writer != nil else {
            throw LedgerUnusable("\(path) was opened for reading only; this needs a ledger opened for writing")
        }
        // A series setting recorded in a transaction that rolls back was never in force.
        let rulesBefore = rules
        if inGroup {
            // One request of several committed together: its own savepoint.
            do {
                return try db.savepoint(body)
            } catch {
                use(rulesBefore)
                try? log.beginAppending()   // the head as it is after the undo
                storedTree?.forgetEdge()    // and the tree's
                throw error
            }
        }
        do {
            return try db.write(lockWait: lockWaitSeconds) {
                try log.beginAppending()
                storedTree?.forgetEdge()    // another process may have appended since
                return try body()
            }
        } catch let error as SQLiteError where error.isBusy {
            use(rulesBefore)
            throw LedgerUnusable("\(path) stayed locked by another process for \(Int(lockWaitSeconds)) s; try again later", busy: true)
        } catch {
            use(rulesBefore)
            throw error
        }
    }

    /// Runs several requests in one durable transaction (group commit: one fsync for all of
    /// them), each in a savepoint of its own and so all or nothing on its own: a job's errors are
    /// its own (each job keeps its result); this throws only when the transaction itself cannot
    /// begin or commit, and then none of the jobs' writes stay.
    public func inOneTransaction(_ jobs: [() -> Void]) throws {
        try write {
            inGroup = true
            defer { inGroup = false }
            for job in jobs { job() }
        }
    }

    /// The rules in force, for the rules and for the projection.
    func use(_ rules: OfficeRules) {
        self.rules = rules
        writer?.projector.use(rules)
    }

    /// The current head of the chain: `SEQ:HASH` as `digest` prints it.
    public func head() throws -> Digest {
        try door { Digest(try log.readHead()) }
    }
}

/// How a front end opens a ledger: `.read` for the verbs that only read (nothing in the file
/// changes), `.write` for an existing ledger, `.create` for `init` and `append --create`.
public enum LedgerAccess: Sendable, Equatable {
    case read, write
    case create(groupReadable: Bool = false)

    var file: LedgerFile.Access {
        switch self {
        case .read: return .read
        case .write: return .write
        case .create(let group): return .create(groupReadable: group)
        }
    }
}

/// Which doc types share one number series, e.g. `QĐ+CT` or `QĐ+CT,KH+PA` (`init --series`).
public struct SeriesSetting: Sendable, Equatable {
    let config: SeriesConfig
    /// Refuses an unknown doc type code or a malformed list, saying why.
    public init(_ text: String) throws(UsageProblem) {
        do { config = try SeriesConfig(encoded: text) } catch { throw UsageProblem(error.reason) }
    }
}

/// The head of the chain at one moment: keep it elsewhere, check it later with `verify`.
public struct Digest: Sendable, Equatable, CustomStringConvertible {
    let head: ChainHead
    public var seq: Int64 { head.seq }
    public var hash: [UInt8] { head.hash }

    init(_ head: ChainHead) {
        self.head = head
    }

    /// Parses `SEQ:HASH` as `docledger digest` prints it.
    public init(parsing text: String) throws(UsageProblem) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let seq = Int64(parts[0]), seq >= 0, let hash = bytes(fromHex: String(parts[1])), hash.count == 32 else {
            throw UsageProblem("--digest must be SEQ:HASH as `docledger digest` prints it (e.g. 120:9f86d0…, 64 hex digits)")
        }
        self.init(ChainHead(seq: seq, hash: hash, recordedAt: nil))
    }

    /// `SEQ:HEX`.
    public var description: String { head.digest }
    /// `{"seq":…,"hash":"…","digest":"SEQ:HEX"}`.
    public var json: String {
        JSONValue.object(["seq": .int(seq), "hash": .string(hashHex), "digest": .string(description)]).serialized()
    }
    public var hashHex: String { hexString(hash) }
}
