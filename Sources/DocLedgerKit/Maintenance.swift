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

extension Ledger {
    /// Folds every event of `source`'s log into the read tables of `target` (which must be
    /// empty), streaming the log in sequence order.
    static func fold(from source: Database, table: String = "events", into target: Database, rules: OfficeRules) throws -> Int64 {
        let projector = try OfficeProjector(db: target, rules: rules)
        let stmt = try source.prepare("SELECT seq, type, data FROM \(table) ORDER BY seq")
        var count: Int64 = 0
        while try stmt.step() {
            let seq = stmt.int64(0)
            let type = stmt.text(1)
            let value = try stmt.withBytes(2) { bytes -> JSONValue in
                do { return try JSONParser.parse(bytes) } catch {
                    throw LedgerUnusable("event \(seq) has unreadable data (\(error)); the ledger is damaged: run `docledger verify`")
                }
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
        let start = Timestamp.now()
        let count = try write { try Self.rebuildReadTables(db, rules: rules) }
        let seconds = Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
        return ReplayResult(events: count, seconds: seconds)
    }

    /// Replays into scratch tables (a private temporary database) and compares them with the
    /// live read tables, table by table, row by row — all in one read snapshot of the ledger.
    public func replayCheck() throws -> (result: ReplayResult, differences: [ProjectionDifference]) {
        let start = Timestamp.now()
        let scratch = try Database(path: "")
        // Only compared, never searched: the scratch tables need no secondary index.
        try OfficeProjector.resetTables(scratch, withoutIndexes: true)
        try scratch.execute("PRAGMA synchronous = OFF")
        let attach = try scratch.prepare("ATTACH DATABASE ? AS live")
        try attach.bind(path, at: 1)
        try attach.run()
        defer { try? scratch.execute("DETACH DATABASE live") }
        var differences: [ProjectionDifference] = []
        let count: Int64 = try scratch.transaction(.deferred) {
            let count = try Self.fold(from: scratch, table: "live.events", into: scratch, rules: rules)
            for (table, key) in OfficeProjector.tableKeys where try !Self.sameRows(scratch, table: table, key: key) {
                let onlyLive = try scratch.scalarInt("SELECT count(*) FROM (SELECT * FROM live.\(table) EXCEPT SELECT * FROM main.\(table))") ?? 0
                let onlyReplayed = try scratch.scalarInt("SELECT count(*) FROM (SELECT * FROM main.\(table) EXCEPT SELECT * FROM live.\(table))") ?? 0
                if onlyLive != 0 || onlyReplayed != 0 {
                    differences.append(ProjectionDifference(table: table, onlyLive: Int(onlyLive), onlyReplayed: Int(onlyReplayed)))
                }
            }
            return count
        }
        let seconds = Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000
        return (ReplayResult(events: count, seconds: seconds), differences)
    }

    /// True when live.`table` and main.`table` hold the same rows: both read in key order
    /// and compared row by row (no sorting, no temporary tables). Only when they differ are
    /// the rows on each side counted (with EXCEPT, which is much slower).
    static func sameRows(_ scratch: Database, table: String, key: String) throws -> Bool {
        let live = try scratch.prepare("SELECT * FROM live.\(table) ORDER BY \(key)")
        let replayed = try scratch.prepare("SELECT * FROM main.\(table) ORDER BY \(key)")
        while true {
            let a = try live.step(), b = try replayed.step()
            guard a == b else { return false }
            if !a { return true }
            guard live.sameRow(as: replayed) else { return false }
        }
    }

    /// Checks the file (`quick_check`), recomputes the chain and the sequence (and, with
    /// `digest`, checks the ledger still extends it), and compares the read tables with a
    /// replay. The file and chain checks run on a second connection on another core beside the
    /// replay; a damaged file is reported first, then a broken chain, then differences.
    public func verify(digest: ChainHead? = nil) throws -> (chain: ChainSummary, differences: [ProjectionDifference]) {
        let path = self.path
        let (checked, replayed) = inParallel({ () throws -> ChainSummary in
            let db = try Database(path: path, mode: .readWrite)
            // Damage anywhere in the file (an index, a free page), not only in the rows read below.
            let check = try db.prepare("PRAGMA quick_check(1)")
            if try check.step(), check.text(0) != "ok" {
                throw LedgerUnusable("\(path) is damaged (\(check.text(0))); restore it from a backup (docledger backup makes one)")
            }
            return try db.transaction(.deferred) { try ChainVerifier.verify(db, digest: digest) }
        }, { try replayCheck() })
        let chain = try checked.get()
        return (chain, try replayed.get().differences)
    }

    /// Writes every event as one JSON line, in sequence order: id, type, stream, data,
    /// recorded_at, actor. Appending the output to an empty ledger gives the same events.
    public func export(_ write: (String) throws -> Void) throws {
        try db.transaction(.deferred) {
            try log.forEach { event in
                try write(Self.exportLine(event))
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
}
