import LedgerJSON
import LedgerStore
import OfficeDomain
import OfficeProjections

/// The result of a projection rebuild.
public struct ReplayResult: Sendable {
    public var events: Int64
    public var seconds: Double
    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
}

/// A read table whose live rows differ from a fresh replay.
public struct ProjectionDifference: Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var onlyLive: Int
    public var onlyReplayed: Int
    public var description: String {
        "projection \(table) differs from a replay: \(onlyLive) row(s) only in the ledger, \(onlyReplayed) only in the replay"
    }
}

/// What `verify` found: the events it checked and the head, and every problem (none: ok).
public struct VerifyOutcome: Sendable {
    public let events: Int64
    public let head: Digest
    /// The first bad sequence of the chain (`sequence N: altered: …`), or the projections that
    /// differ from a replay; empty when the ledger verifies.
    public let problems: [String]
    public var ok: Bool { problems.isEmpty }
}

/// A consistent copy made by `backup`, verified.
public struct BackupResult: Sendable {
    public let events: Int64
    public let digest: Digest
}

/// What `backup` tells its caller while it works.
public struct BackupOptions {
    /// Called after each step of the copy with the pages copied so far and the total.
    public var onProgress: ((_ copied: Int, _ total: Int) -> Void)?
    /// Called with a sentence about what the backup did beside the copy: `removed FILE.partial
    /// left by an interrupted backup`.
    public var onNotice: ((String) -> Void)?
    /// Remove the unfinished copy when SIGINT, SIGTERM or SIGHUP ends the process (for a
    /// process that ends on them, as the CLI does; signals handled or ignored by the process
    /// are left as they are).
    public var removePartialOnSignal = false

    public init() {}
}

extension Ledger {
    /// Folds every event of the log of `schema` on `source` into the read tables of `target`
    /// (which must be empty), streaming the log in sequence order; the projection is complete
    /// (its in-memory counts written) when this returns.
    static func fold(from source: Database, schema: String = "main", into target: Database, rules: OfficeRules) throws -> Int64 {
        let projector = try OfficeProjector(db: target, rules: rules)
        var count: Int64 = 0
        try EventLog.scan(source, schema: schema) { seq, type, bytes in
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch {
                throw LedgerUnusable("event \(seq) has unreadable data (\(error)); the ledger is damaged: run `docledger verify`")
            }
            guard let data = value.objectValue else {
                throw LedgerUnusable("event \(seq) has data that is not an object; the ledger is damaged: run `docledger verify`")
            }
            let event: OfficeEvent
            do { event = try OfficeEvent.decode(type: type, data: data) } catch {
                throw LedgerUnusable("event \(seq) (\(type)) cannot be read back: \(error); the ledger is damaged: run `docledger verify`")
            }
            try projector.apply(event, seq: seq)
            count += 1
        }
        try projector.flush()
        return count
    }

    /// Drops every read table and folds the whole log into it again, inside the caller's
    /// transaction: filled without secondary indexes, indexed after.
    static func rebuildReadTables(_ db: Database, rules: OfficeRules) throws -> Int64 {
        try OfficeProjector.resetTables(db, withoutIndexes: true)
        let count = try fold(from: db, into: db, rules: rules)
        try OfficeProjector.createIndexes(db)
        return count
    }

    /// Drops and rebuilds every read table from the log, in one transaction.
    public func replay() throws -> ReplayResult {
        try door {
            let start = Timestamp.now()
            let count = try write { try Self.rebuildReadTables(db, rules: rules) }
            let seconds = Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
            return ReplayResult(events: count, seconds: seconds)
        }
    }

    /// Replays into scratch tables (a private temporary database) and compares them with the
    /// live read tables, table by table, row by row — all in one read snapshot of the ledger.
    public func replayCheck() throws -> (result: ReplayResult, differences: [ProjectionDifference]) {
        try door {
            let start = Timestamp.now()
            let scratch = try Database(path: "")
            // Only compared, never searched: the scratch tables need no secondary index.
            try OfficeProjector.resetTables(scratch, withoutIndexes: true)
            try scratch.skipSyncing()
            try scratch.attach(path, as: "live")
            defer { scratch.detach("live") }
            var differences: [ProjectionDifference] = []
            let count: Int64 = try scratch.read {
                let count = try Self.fold(from: scratch, schema: "live", into: scratch, rules: rules)
                for (table, key) in OfficeProjector.tableKeys {
                    let comparison = try TableComparison.compare(scratch, table: table, key: key, "live", "main")
                    if !comparison.isSame {
                        differences.append(ProjectionDifference(table: table, onlyLive: comparison.onlyFirst,
                                                                onlyReplayed: comparison.onlySecond))
                    }
                }
                return count
            }
            let seconds = Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
            return (ReplayResult(events: count, seconds: seconds), differences)
        }
    }

    /// Checks the file (`quick_check`), recomputes the chain and the sequence (and, with
    /// `digest`, checks the ledger still extends it), and compares the read tables with a
    /// replay. The file and chain checks run on a second connection on another core beside the
    /// replay; a damaged file is reported first, then a broken chain, then differences.
    public func verify(digest: Digest? = nil) throws -> VerifyOutcome {
        let path = self.path
        return try door {
            let (checked, replayed) = inParallel({ () throws -> ChainSummary in
                let db = try Database(path: path, mode: .readWrite)
                // Damage anywhere in the file (an index, a free page), not only in the rows read below.
                if let problem = try db.quickCheckProblem() {
                    throw LedgerUnusable("\(path) is damaged (\(problem)); restore it from a backup (docledger backup makes one)")
                }
                return try db.read { try ChainVerifier.verify(db, digest: digest?.head) }
            }, { try replayCheck() })
            let chain: ChainSummary
            do { chain = try checked.get() } catch let problem as ChainProblem {
                return VerifyOutcome(events: 0, head: Digest(.genesis), problems: [problem.description])
            }
            let differences = try replayed.get().differences
            return VerifyOutcome(events: chain.events, head: Digest(chain.head), problems: differences.map(\.description))
        }
    }

    /// Writes every event as one JSON line, in sequence order: id, type, stream, data,
    /// recorded_at, actor. Appending the output to an empty ledger gives the same events.
    public func export(_ write: (String) throws -> Void) throws {
        try door {
            try db.read {
                try log.forEach { event in
                    try write(Self.exportLine(event))
                }
            }
        }
    }

    static func exportLine(_ e: StoredEvent) -> String {
        var line = "{\"id\":" + JSONValue.string(e.id).canonicalString
        line += ",\"type\":" + JSONValue.string(e.type).canonicalString
        line += ",\"stream\":" + JSONValue.string(e.stream).canonicalString
        line += ",\"data\":" + e.data
        line += ",\"recorded_at\":" + JSONValue.string(e.recordedAt).canonicalString
        line += ",\"actor\":" + JSONValue.string(e.actor).canonicalString
        return line + "}"
    }

    /// Makes a consistent copy at `file` with SQLite's online backup API while appends continue
    /// (one snapshot: the copy is the ledger as it was when the backup began). The copy is
    /// written to `file.partial`, its chain and sequence checked, and only then moved to
    /// `file`, with the ledger's permission bits. Refused: a `file` that exists, a journal, WAL
    /// or shared-memory file beside it, another backup to `file` still running.
    public func backup(to file: String, options: BackupOptions = BackupOptions()) throws -> BackupResult {
        try door {
            var chain: ChainSummary?
            do {
                try db.backup(to: file, removingPartialOnSignals: options.removePartialOnSignal,
                              removedLeftover: { options.onNotice?("removed \($0) left by an interrupted backup") },
                              progress: { copied, total in options.onProgress?(copied, total) },
                              check: { copy in chain = try copy.read { try ChainVerifier.verify(copy) } })
            } catch let problem as ChainProblem {
                throw LedgerUnusable("the copy does not verify (\(problem)), so it was removed and nothing was written at \(file); check the ledger with `docledger verify`")
            } catch let error as BackupFileError {
                throw UsageProblem(Self.sentence(error, file: file))
            } catch let error as SQLiteError {
                throw LedgerUnusable("backup to \(file) failed: \(error.message); nothing was written there")
            }
            guard let chain else { throw LedgerUnusable("backup to \(file) did not check the copy; nothing was written there") }
            return BackupResult(events: chain.events, digest: Digest(chain.head))
        }
    }

    static func sentence(_ error: BackupFileError, file: String) -> String {
        switch error {
        case .targetExists:
            return "\(file) already exists; give a new file name (a backup never overwrites)"
        case .staleFileBeside(_, let stale):
            return "\(stale) exists, left by an earlier database named \(file), and SQLite would take it for the copy's own; remove it, or give another file name"
        case .inProgress(let partial):
            return "another backup to \(file) is running (it holds \(partial)); wait for it to finish, or give another file name"
        case .failed(let operation, let path, let reason):
            return "cannot \(operation) \(path) (\(reason)); nothing was written at \(file): give a path in a folder you can write to"
        }
    }
}
