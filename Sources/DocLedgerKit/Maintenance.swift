import LedgerJSON
import LedgerStore
import OfficeDomain
import OfficeProjections
import Transparency

/// The result of a projection rebuild.
public struct ReplayResult: Sendable {
    public var events: Int64
    public var seconds: Double
    /// Events the replay could not apply (only a damaged or forged log holds them; `verify`
    /// names them), and the first of them.
    public var notApplied: Int64 = 0
    public var firstProblem: String? = nil
    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
}

/// A read table whose live rows differ from a fresh replay.
public struct ProjectionDifference: Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var onlyLive: Int
    public var onlyReplayed: Int
    /// The table is not in the ledger at all.
    public var missing = false
    public var description: String {
        if missing { return "projection \(table) is missing from the ledger (`docledger repair` rebuilds it)" }
        return "projection \(table) differs from a replay: \(onlyLive) row(s) only in the ledger, \(onlyReplayed) only in the replay"
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

/// What `repair` found and did.
public struct RepairResult: Sendable {
    /// What was done about each schema object that was missing, altered or foreign.
    public let schemaRepairs: [String]
    /// The events replayed into the rebuilt read tables.
    public let events: Int64
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
    /// What a fold of the log found.
    struct FoldResult {
        var events: Int64 = 0
        /// Events a lenient projector could not apply (undecodable, or a row the tables refuse).
        var notApplied: Int64 = 0
        /// Events the rules refuse given the events before them (only when re-deciding).
        var refused: Int64 = 0
        /// The first event that could not be applied or that the rules refuse, as verify names it.
        var firstProblem: String?

        mutating func note(_ problem: String) {
            if firstProblem == nil { firstProblem = problem }
        }
    }

    /// Folds every event of the log of `schema` on `source` into the read tables of `target`
    /// (which must be empty), streaming the log in sequence order. Total: an event that cannot
    /// be read back or applied is counted and skipped, never an error (a replay must be able to
    /// rebuild any log). With `redecide`, every event must also be one the rules accept given
    /// the events before it, with the stream it is stored under; one that is not is noted and
    /// left out. The projection is complete (its in-memory counts written) when this returns.
    static func fold(from source: Database, schema: String = "main", into target: Database,
                     redecide: Bool = false) throws -> FoldResult {
        // The default series until a `SeriesConfigured` first event says otherwise (the
        // projector follows it, and writes it beside the chain).
        try target.setSetting(OfficeRules.seriesSettingKey, to: SeriesConfig.standard.encoded)
        let projector = try OfficeProjector(db: target, rules: OfficeRules(), lenient: true)
        let state = redecide ? try SQLStateReader(db: target) : nil
        var result = FoldResult()
        func apply(_ entry: LogEntry) throws {
            let (seq, type, stream) = (entry.seq, entry.type, entry.stream)
            result.events += 1
            let event: OfficeEvent
            switch entry.event {
            case .success(let decoded): event = decoded
            case .failure(let error):
                result.notApplied += 1
                result.note("sequence \(seq): \(type) cannot be read back: \(error)")
                return
            }
            if let state {
                do {
                    if case .seriesConfigured = event, seq != 1 { throw DomainError(field: "type", reason: Self.settingsOnlyFirst) }
                    let decision = try projector.rules.decide(event, state: state)
                    if decision.stream != stream {
                        throw DomainError(field: "stream", reason: "is \(stream); the rules give \(decision.stream)")
                    }
                } catch let refusal as DomainError {
                    result.refused += 1
                    result.note(Self.refusalOnReplay(refusal, event: event, seq: seq, state: state, rules: projector.rules))
                    return
                }
            }
            if try !projector.apply(event, seq: seq) {
                result.notApplied += 1
                result.note("sequence \(seq): \(type) could not be applied to the read tables (a number or id already used, or an unknown directive or item)")
            }
        }
        if let reader = try LogReader(beside: source, schema: schema) {
            // Read and decoded on a second core while this one writes the read tables
            // (replay of 1M events: see the README's performance section).
            try pipelined(produce: { emit in try reader.scan(emit) }, consume: { chunk in
                for entry in chunk { try apply(entry) }
            })
        } else {
            try EventLog.scan(source, schema: schema) { seq, type, stream, bytes in
                try apply(LogEntry(seq: seq, type: type, stream: stream, bytes: bytes))
            }
        }
        try projector.flush()
        return result
    }

    /// One event of the log as a fold needs it: decoded, or why it cannot be.
    struct LogEntry {
        let seq: Int64
        let type: String
        let stream: String
        let event: Result<OfficeEvent, any Error>

        init(seq: Int64, type: String, stream: String, bytes: UnsafeRawBufferPointer) {
            (self.seq, self.type, self.stream) = (seq, type, stream)
            event = Result {
                guard let data = try JSONParser.parse(bytes).objectValue else {
                    throw DomainError(field: "data", reason: "is not a JSON object")
                }
                return try OfficeEvent.decode(type: type, data: data)
            }
        }
    }

    /// A second, read-only connection to the file of a log, for reading it on another thread:
    /// only for a file in WAL mode (whose readers never block its writer), and only the events
    /// the caller's transaction sees (through its highest sequence: events never change, so a
    /// later snapshot holds the same ones). Nil when there is no such file or it cannot be read
    /// that way: the fold then reads on its own thread.
    final class LogReader: @unchecked Sendable {
        private let db: Database
        private let throughSeq: Int64

        init?(beside source: Database, schema: String) throws {
            guard try source.scalarText("PRAGMA \(schema).journal_mode") == "wal" else { return nil }
            let list = try source.prepare("PRAGMA database_list")
            var file: String?
            while try list.step() {
                if list.text(1) == schema { file = list.text(2) }
            }
            guard let file, !file.isEmpty,
                  let throughSeq = try source.scalarInt("SELECT coalesce(max(seq), 0) FROM \(schema).events") else { return nil }
            do {
                db = try Database(path: file, mode: .readOnly)
                // The read snapshot starts here, on this thread, so that a file this process
                // cannot read this way is known before the fold begins.
                try db.execute("BEGIN DEFERRED")
                guard try db.scalarInt("SELECT coalesce(max(seq), 0) FROM events") ?? 0 >= throughSeq else { return nil }
            } catch {
                return nil
            }
            self.throughSeq = throughSeq
        }

        /// Emits the log's events through `throughSeq`, decoded, in chunks of 1.024.
        func scan(_ emit: ([LogEntry]) -> Bool) throws {
            defer { try? db.execute("COMMIT") }
            var chunk: [LogEntry] = []
            chunk.reserveCapacity(1024)
            struct Stopped: Error {}
            do {
                try EventLog.scan(db, throughSeq: throughSeq) { seq, type, stream, bytes in
                    chunk.append(LogEntry(seq: seq, type: type, stream: stream, bytes: bytes))
                    if chunk.count == 1024 {
                        guard emit(chunk) else { throw Stopped() }   // the writer gave up
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
            } catch is Stopped {
                return
            }
            if !chunk.isEmpty { _ = emit(chunk) }
        }
    }

    /// How verify names an event the rules refuse: `sequence N: field: reason`, and for a number
    /// used twice, which event holds it (`sequence N: number: 1384 of series QĐ+CT 2017 already
    /// used by sequence M`).
    static func refusalOnReplay(_ refusal: DomainError, event: OfficeEvent, seq: Int64, state: SQLStateReader,
                                rules: OfficeRules) -> String {
        let field = refusal.field.hasPrefix("data.") ? String(refusal.field.dropFirst(5)) : refusal.field
        if case .documentIssued(let e) = event, field == "number", let number = e.number {
            let series = rules.seriesOf(e)
            if let holder = try? state.seqHolding(series: series, year: e.year, number: number) {
                return "sequence \(seq): number: \(number) of series \(rules.seriesLabel(series)) \(e.year) already used by sequence \(holder)"
            }
        }
        return "sequence \(seq): \(field): \(refusal.reason)"
    }

    /// Drops every read table and folds the whole log into it again, inside the caller's
    /// transaction: filled without secondary indexes, indexed after.
    static func rebuildReadTables(_ db: Database) throws -> FoldResult {
        try OfficeProjector.resetTables(db, withoutIndexes: true)
        let result = try fold(from: db, into: db)
        try OfficeProjector.createIndexes(db)
        try MerkleTree.rebuild(db)
        return result
    }

    /// Drops and rebuilds every read table from the log, in one transaction.
    public func replay() throws -> ReplayResult {
        try door {
            let start = Timestamp.now()
            let fold = try write { try Self.rebuildReadTables(db) }
            let seconds = Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
            return ReplayResult(events: fold.events, seconds: seconds, notApplied: fold.notApplied, firstProblem: fold.firstProblem)
        }
    }

    /// Puts a ledger's file back as its log says it should be, in one transaction: schema
    /// objects restored as schema.sql defines them (altered or foreign triggers and indexes
    /// dropped first), every index rebuilt from its table, every read table replayed. The
    /// log itself is never touched; what was wrong is reported as `verify` would name it.
    public static func repair(path: String) throws -> RepairResult {
        let reader = try Ledger(path: path, access: .read)
        let found = try reader.door { try LedgerFile.schemaDifferences(reader.db).map(\.repaired) }
        let ledger = try Ledger(path: path, access: .write, seriesConfig: nil, durable: true, repairing: true)
        return try ledger.door {
            let count = try ledger.write { () throws -> Int64 in
                _ = try LedgerFile.restoreSchema(ledger.db)
                try ledger.db.reindex()
                return try Self.rebuildReadTables(ledger.db).events
            }
            return RepairResult(schemaRepairs: found, events: count)
        }
    }

    /// Replays into scratch tables (a private temporary database) and compares them with the
    /// live read tables, table by table, row by row — all in one read snapshot of the ledger.
    /// With `redecide`, the replay also asks the rules about every event (see `fold`).
    public func replayCheck(redecide: Bool = false) throws -> (result: ReplayResult, differences: [ProjectionDifference]) {
        try door {
            let start = Timestamp.now()
            let scratch = try Database(path: "", uri: true)
            // Only compared, never searched, unless the rules look rows up in them.
            try OfficeProjector.resetTables(scratch, withoutIndexes: !redecide)
            try scratch.skipSyncing()
            try scratch.attach(db.path, as: "live")
            defer { scratch.detach("live") }
            var differences: [ProjectionDifference] = []
            let fold: FoldResult = try scratch.read {
                let fold = try Self.fold(from: scratch, schema: "live", into: scratch, redecide: redecide)
                for (table, key) in OfficeProjector.tableKeys {
                    guard try scratch.hasTable(table, schema: "live") else {
                        differences.append(ProjectionDifference(table: table, onlyLive: 0, onlyReplayed: 0, missing: true))
                        continue
                    }
                    let comparison = try TableComparison.compare(scratch, table: table, key: key, "live", "main")
                    if !comparison.isSame {
                        differences.append(ProjectionDifference(table: table, onlyLive: comparison.onlyFirst,
                                                                onlyReplayed: comparison.onlySecond))
                    }
                }
                return fold
            }
            let seconds = Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
            let result = ReplayResult(events: fold.events, seconds: seconds, notApplied: fold.notApplied + fold.refused,
                                      firstProblem: fold.firstProblem)
            return (result, differences)
        }
    }

    /// Checks the file (`integrity_check`: pages, and every index against its table), the
    /// schema objects against schema.sql, recomputes the chain and the sequence (and, with
    /// `digest`, checks the ledger still extends it), and compares the read tables with a
    /// replay. The file and chain checks run on a second connection on another core beside the
    /// replay. Problems are listed in that order: chain, file, schema, projections.
    public func verify(digest: Digest? = nil) throws -> VerifyOutcome {
        let path = self.path
        return try door {
            let (checked, replayed) = inParallel({ () throws -> (ChainSummary?, [String]) in
                let db = try LedgerFile.open(path: path, access: .read)
                let integrity = try db.integrityProblems().map { "file: \($0) (an index that disagrees with its table is rebuilt by `docledger repair`)" }
                return try db.read {
                    // The tree is checked whatever the chain says: an edited event is named by both.
                    do {
                        let chain = try ChainVerifier.verify(db, digest: digest?.head)
                        return (chain, try Self.treeProblems(db) + integrity)
                    } catch let problem as ChainProblem {
                        return (nil, [problem.description] + (try Self.treeProblems(db)) + integrity)
                    }
                }
            }, { try replayCheck(redecide: true) })
            let (chain, problems) = try checked.get()
            var schema = try LedgerFile.schemaDifferences(db).map(\.description)
            let stored = try db.setting(OfficeRules.seriesSettingKey)
            if stored != rules.series.encoded {
                schema.append("settings: the series setting stored beside the chain is \(stored.map { "\"\($0)\"" } ?? "missing"), the chain's is \"\(rules.series.encoded)\" (`docledger repair` restores it)")
            }
            let (replay, differences) = try replayed.get()
            var rules: [String] = []
            if let first = replay.firstProblem {
                rules.append(first + (replay.notApplied > 1 ? " (and \(replay.notApplied - 1) more event(s) the rules refuse or the tables cannot take)" : ""))
            }
            return VerifyOutcome(events: chain?.events ?? 0, head: Digest(chain?.head ?? .genesis),
                                 problems: problems + rules + schema + differences.map(\.description))
        }
    }

    /// The quick check: recomputes the chain and the sequence (with `digest`, that the ledger
    /// still extends it) beside SQLite's `quick_check` of the file's pages on a second core. No
    /// replay, and no index compared with its table: what it cannot see (a read table or an
    /// index altered without touching the log) is what the full `verify` is for.
    public func verifyChain(digest: Digest? = nil) throws -> VerifyOutcome {
        let path = self.path
        return try door {
            let (file, chainResult) = inParallel({ () throws -> [String] in
                let db = try LedgerFile.open(path: path, access: .read)
                return try db.integrityProblems(quick: true).map { "file: \($0)" }
            }, { () throws -> Result<ChainSummary, ChainProblem> in
                do {
                    return .success(try db.read { try ChainVerifier.verify(db, digest: digest?.head) })
                } catch let problem as ChainProblem {
                    return .failure(problem)
                }
            })
            let fileProblems = try file.get()
            switch try chainResult.get() {
            case .success(let chain):
                return VerifyOutcome(events: chain.events, head: Digest(chain.head), problems: fileProblems)
            case .failure(let problem):
                return VerifyOutcome(events: 0, head: Digest(.genesis), problems: [problem.description] + fileProblems)
            }
        }
    }

    /// The Merkle tree recomputed from every event's line and compared with the stored one,
    /// then every `CheckpointSigned` against it: its size among the events before it, its root
    /// the tree's at that size.
    static func treeProblems(_ db: Database) throws -> [String] {
        var checkpoints: [(seq: Int64, data: String)] = []
        let check = try MerkleTree.check(db, onEvent: { event in
            if event.type == EventType.checkpointSigned.rawValue { checkpoints.append((event.seq, event.data)) }
        })
        if let problem = check.problem { return [problem] }
        let tree = try MerkleTree(db: db)
        var problems: [String] = []
        for (seq, data) in checkpoints {
            guard let object = try? JSONParser.parse(data).objectValue,
                  case .checkpointSigned(let e)? = try? OfficeEvent.decode(type: EventType.checkpointSigned.rawValue, data: object) else {
                continue   // the replay's check names an event that cannot be read back
            }
            if Int64(e.size) >= seq {
                problems.append("sequence \(seq): CheckpointSigned: its size \(e.size) is not among the \(seq - 1) event(s) before it")
            } else if Base64.encode(try tree.root(size: Int64(e.size))) != e.root {
                problems.append("sequence \(seq): CheckpointSigned: its root \(e.root) is not the root of the ledger's first \(e.size) events (\(Base64.encode(try tree.root(size: Int64(e.size))))): events it covers were changed after it was signed")
            }
        }
        return problems
    }

    /// Writes every event as one JSON line, in sequence order: id, type, stream, data,
    /// recorded_at, actor. Appending the output to an empty ledger gives the same events.
    public func export(_ write: (String) throws -> Void) throws {
        try door {
            try db.read {
                try log.forEach { event in
                    try write(event.exportLine)
                }
            }
        }
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
