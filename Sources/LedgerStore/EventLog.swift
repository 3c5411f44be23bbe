import CSQLite

/// An event about to be appended: every field but the sequence, version and hashes.
public struct NewEvent: Sendable, Equatable {
    public var id: String
    public var stream: String
    public var type: String
    public var data: String          // canonical JSON
    public var recordedAt: String    // UTC, ISO 8601 with milliseconds
    public var actor: String

    public init(id: String, stream: String, type: String, data: String, recordedAt: String, actor: String) {
        self.id = id
        self.stream = stream
        self.type = type
        self.data = data
        self.recordedAt = recordedAt
        self.actor = actor
    }
}

/// An event as stored in the log.
public struct StoredEvent: Sendable, Equatable {
    public var seq: Int64
    public var id: String
    public var stream: String
    public var version: Int64
    public var type: String
    public var data: String
    public var recordedAt: String
    public var actor: String
    public var prevHash: [UInt8]
    public var hash: [UInt8]
}

extension StoredEvent {
    /// The columns `init(row:)` reads, in its order.
    static let columns = "seq, id, stream, version, type, data, recorded_at, actor, prev_hash, hash"

    /// The event on the current row of a statement that selected `columns`.
    init(row stmt: Statement) {
        self.init(seq: stmt.int64(0), id: stmt.text(1), stream: stmt.text(2), version: stmt.int64(3),
                  type: stmt.text(4), data: stmt.text(5), recordedAt: stmt.text(6), actor: stmt.text(7),
                  prevHash: stmt.blob(8), hash: stmt.blob(9))
    }
}

/// The head of the chain: the last sequence number and its hash (seq 0 and 32 zero bytes when empty).
public struct ChainHead: Sendable, Equatable {
    public var seq: Int64
    public var hash: [UInt8]
    public var recordedAt: String?

    public init(seq: Int64, hash: [UInt8], recordedAt: String?) {
        self.seq = seq
        self.hash = hash
        self.recordedAt = recordedAt
    }

    public static let genesis = ChainHead(seq: 0, hash: [UInt8](repeating: 0, count: 32), recordedAt: nil)

    /// `SEQ:HEX`, the form `verify --digest` takes back.
    public var digest: String { "\(seq):\(hexString(hash))" }
}

/// Failures of an append that the caller reports as rejected input, not as a broken ledger.
public enum AppendConflict: Error, Equatable, Sendable {
    case versionConflict(stream: String, expected: Int64, actual: Int64)
    case duplicateID(String)
}

/// The append-only, hash-chained event log, over one connection. Appends must run inside a
/// write transaction (`Database.write`); call `beginAppending()` first in it.
public final class EventLog {
    public let db: Database
    private let insertStatement: Statement
    private let findStatement: Statement
    private let versionStatement: Statement
    private var head: ChainHead?

    public init(db: Database) throws(SQLiteError) {
        self.db = db
        insertStatement = try db.prepare("""
            INSERT INTO events (seq, id, stream, version, type, data, recorded_at, actor, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        findStatement = try db.prepare("SELECT type, data FROM events WHERE id = ?")
        versionStatement = try db.prepare("SELECT max(version) FROM events WHERE stream = ?")
    }

    /// Reads the head inside the current write transaction; appends extend it.
    public func beginAppending() throws(SQLiteError) {
        head = try readHead()
    }

    /// The head as last read or extended in this transaction.
    public var currentHead: ChainHead? { head }

    /// The head as stored now.
    public func readHead() throws(SQLiteError) -> ChainHead {
        let stmt = try db.prepare("SELECT seq, hash, recorded_at FROM events ORDER BY seq DESC LIMIT 1")
        guard try stmt.step() else { return .genesis }
        return ChainHead(seq: stmt.int64(0), hash: stmt.blob(1), recordedAt: stmt.text(2))
    }

    /// The type and data stored under an event id, if any.
    public func existing(id: String) throws(SQLiteError) -> (type: String, data: String)? {
        defer { findStatement.reset() }
        try findStatement.bind(id, at: 1)
        guard try findStatement.step() else { return nil }
        return (findStatement.text(0), findStatement.text(1))
    }

    /// The sequence number of the event with this id, if any.
    public func seq(ofID id: String) throws(SQLiteError) -> Int64? {
        let stmt = try db.prepare("SELECT seq FROM events WHERE id = ?")
        try stmt.bind(id, at: 1)
        guard try stmt.step() else { return nil }
        return stmt.int64(0)
    }

    /// The stream's current version: the number of events in it (0 for a new stream).
    public func version(of stream: String) throws(SQLiteError) -> Int64 {
        defer { versionStatement.reset() }
        try versionStatement.bind(stream, at: 1)
        _ = try versionStatement.step()
        return versionStatement.int64(0)
    }

    /// Appends one event at the head of the chain and returns it as stored.
    /// `opensStream`: the caller knows the stream is new (its rules refused an existing one),
    /// which spares the version lookup; `UNIQUE(stream, version)` still guards it.
    public func append(_ event: NewEvent, expectedVersion: Int64? = nil, opensStream: Bool = false) throws -> StoredEvent {
        guard let current = head else {
            preconditionFailure("EventLog.append called outside beginAppending()")
        }
        let actual = opensStream ? 0 : try version(of: event.stream)
        if let expectedVersion, expectedVersion != actual {
            throw AppendConflict.versionConflict(stream: event.stream, expected: expectedVersion, actual: actual)
        }
        let seq = current.seq + 1
        let version = actual + 1
        let hash = EventHash.compute(prevHash: current.hash, seq: seq, id: event.id, stream: event.stream,
                                     version: version, type: event.type, data: event.data,
                                     recordedAt: event.recordedAt, actor: event.actor)
        let stmt = insertStatement
        defer { stmt.reset() }
        try stmt.bind(seq, at: 1)
        try stmt.bind(event.id, at: 2)
        try stmt.bind(event.stream, at: 3)
        try stmt.bind(version, at: 4)
        try stmt.bind(event.type, at: 5)
        try stmt.bind(event.data, at: 6)
        try stmt.bind(event.recordedAt, at: 7)
        try stmt.bind(event.actor, at: 8)
        try stmt.bind(blob: current.hash, at: 9)
        try stmt.bind(blob: hash, at: 10)
        do {
            _ = try stmt.step()
        } catch {
            guard error.isUniqueViolation else { throw error }
            // Told apart by what the log holds, not by the wording of SQLite's message: the
            // only other UNIQUE constraint is (stream, version).
            stmt.reset()
            if try existing(id: event.id) != nil { throw AppendConflict.duplicateID(event.id) }
            throw AppendConflict.versionConflict(stream: event.stream, expected: actual, actual: try self.version(of: event.stream))
        }
        head = ChainHead(seq: seq, hash: hash, recordedAt: event.recordedAt)
        return StoredEvent(seq: seq, id: event.id, stream: event.stream, version: version, type: event.type,
                           data: event.data, recordedAt: event.recordedAt, actor: event.actor,
                           prevHash: current.hash, hash: hash)
    }

    /// Calls `body` with every event in sequence order (streamed: one row in memory at a time),
    /// optionally only those with `seq <= throughSeq`, or only those of one stream.
    public func forEach(stream: String? = nil, throughSeq: Int64? = nil,
                        _ body: (StoredEvent) throws -> Void) throws {
        try Self.forEach(db, stream: stream, throughSeq: throughSeq, body)
    }

    public static func forEach(_ db: Database, stream: String? = nil, throughSeq: Int64? = nil,
                               _ body: (StoredEvent) throws -> Void) throws {
        var sql = "SELECT \(StoredEvent.columns) FROM events"
        var conditions: [String] = []
        if stream != nil { conditions.append("stream = ?1") }
        if throughSeq != nil { conditions.append("seq <= ?2") }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY seq"
        let stmt = try db.prepare(sql)
        if let stream { try stmt.bind(stream, at: 1) }
        if let throughSeq { try stmt.bind(throughSeq, at: 2) }
        while try stmt.step() { try body(StoredEvent(row: stmt)) }
    }

    /// Calls `body` with every event's seq, type, stream and raw data bytes (valid during the
    /// call), in sequence order, from the log of schema `schema` on `db` (e.g. a ledger attached
    /// as `live` to a scratch database). For folds, which need nothing else.
    public static func scan(_ db: Database, schema: String = "main", throughSeq: Int64 = .max,
                            _ body: (Int64, String, String, UnsafeRawBufferPointer) throws -> Void) throws {
        let stmt = try db.prepare("SELECT seq, type, stream, data FROM \(schema).events WHERE seq <= ? ORDER BY seq")
        try stmt.bind(throughSeq, at: 1)
        while try stmt.step() {
            let seq = stmt.int64(0), type = stmt.text(1), stream = stmt.text(2)
            try stmt.withBytes(3) { try body(seq, type, stream, $0) }
        }
    }

    /// The event at one sequence number, if any.
    public func event(seq: Int64) throws -> StoredEvent? { try Self.event(db, seq: seq) }

    public static func event(_ db: Database, seq: Int64) throws -> StoredEvent? {
        let stmt = try db.prepare("SELECT \(StoredEvent.columns) FROM events WHERE seq = ?")
        try stmt.bind(seq, at: 1)
        guard try stmt.step() else { return nil }
        return StoredEvent(row: stmt)
    }

    /// The highest sequence number recorded at or before `recordedAt` (0 when none).
    public func lastSeq(recordedAtOrBefore recordedAt: String) throws(SQLiteError) -> Int64 {
        let stmt = try db.prepare("SELECT max(seq) FROM events WHERE recorded_at <= ?")
        try stmt.bind(recordedAt, at: 1)
        _ = try stmt.step()
        return stmt.int64(0)
    }

    /// Number of events in the log.
    public func count() throws(SQLiteError) -> Int64 { try Self.count(db) }

    public static func count(_ db: Database) throws(SQLiteError) -> Int64 {
        try db.scalarInt("SELECT count(*) FROM events") ?? 0
    }
}

/// The chain's hash: SHA-256 over the previous hash and a length-prefixed encoding of
/// seq, id, stream, version, type, data, recorded_at and actor (`<bytes>:<bytes>,` each), so no
/// two different events can encode alike. Always over the bytes as stored, never over text
/// decoded from them (decoding would make two different invalid byte sequences alike).
public enum EventHash {
    public static func compute(prevHash: [UInt8], seq: Int64, id: String, stream: String, version: Int64,
                               type: String, data: String, recordedAt: String, actor: String) -> [UInt8] {
        var tail = Tail()
        tail.field(id)
        tail.field(stream)
        tail.field(String(version))
        tail.field(type)
        tail.field(data)
        tail.field(recordedAt)
        tail.field(actor)
        return tail.hash(prevHash: prevHash, seq: seq)
    }

    /// The encoded fields after the seq, in one reusable buffer: a verifier builds it once per
    /// row and can hash it under several sequence numbers (to find where a moved row came from).
    public struct Tail {
        var bytes: [UInt8] = []
        public init() { bytes.reserveCapacity(512) }

        public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

        public mutating func field(_ value: UnsafeRawBufferPointer) {
            appendLength(value.count)
            bytes.append(contentsOf: value)
            bytes.append(UInt8(ascii: ","))
        }

        public mutating func field(_ text: String) {
            var text = text
            text.withUTF8 { field(UnsafeRawBufferPointer($0)) }
        }

        mutating func appendLength(_ count: Int) {
            bytes.append(contentsOf: String(count).utf8)
            bytes.append(UInt8(ascii: ":"))
        }

        /// SHA-256(prevHash ‖ field(seq) ‖ the fields).
        public func hash(prevHash: [UInt8], seq: Int64) -> [UInt8] {
            prevHash.withUnsafeBytes { prev in
                var out = [UInt8](repeating: 0, count: 32)
                out.withUnsafeMutableBytes { hash(prevHash: prev, seq: seq, into: $0) }
                return out
            }
        }

        /// The same hash written into `out` (32 bytes): the verifier's loop allocates nothing per event.
        public func hash(prevHash: UnsafeRawBufferPointer, seq: Int64, into out: UnsafeMutableRawBufferPointer) {
            var sha = SHA256()
            sha.update(prevHash)
            // field(seq): a small string (no allocation below ten-digit sequences).
            let digits = String(seq)
            var seqField = String(digits.utf8.count) + ":" + digits + ","
            seqField.withUTF8 { sha.update(UnsafeRawBufferPointer($0)) }
            bytes.withUnsafeBytes { sha.update($0) }
            sha.finalize(into: out)
        }
    }
}
