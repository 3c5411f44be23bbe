/// What `verify` found wrong with the log: the first bad sequence number and what is wrong there.
public struct ChainProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case altered, missing, outOfOrder = "out of order", digest }
    public let seq: Int64
    public let kind: Kind
    public let detail: String

    public var description: String { "sequence \(seq): \(kind.rawValue): \(detail)" }
}

/// The result of a successful chain check.
public struct ChainSummary: Sendable, Equatable {
    public let events: Int64
    public let head: ChainHead
}

/// Recomputes the chain and the sequence from the stored rows.
public enum ChainVerifier {
    /// Streams every row once, hashing each column's stored bytes (never text decoded from
    /// them). Throws the first problem found. With `digest`, the log must still contain that
    /// head: same hash at that sequence (sequence 0 is the empty ledger: 32 zero bytes).
    public static func verify(_ db: Database, digest: ChainHead? = nil) throws -> ChainSummary {
        if let digest, digest.seq == 0, digest.hash != ChainHead.genesis.hash {
            throw ChainProblem(seq: 0, kind: .digest,
                               detail: "the digest \(digest.digest) is not of this or any ledger: sequence 0 is the empty ledger, whose hash is 64 zeros")
        }
        let stmt = try db.prepare("""
            SELECT seq, id, stream, version, type, data, recorded_at, actor, prev_hash, hash
            FROM events ORDER BY seq
            """)
        var expectedSeq: Int64 = 1
        var running = ChainHead.genesis.hash
        var computed = [UInt8](repeating: 0, count: 32)
        var count: Int64 = 0
        var lastRecordedAt: [UInt8] = []
        var tail = EventHash.Tail()
        var digestSeen = false
        while try stmt.step() {
            let seq = stmt.int64(0)
            if seq != expectedSeq {
                let missing = seq - 1 == expectedSeq ? "event \(expectedSeq) is" : "events \(expectedSeq)...\(seq - 1) are"
                throw ChainProblem(seq: expectedSeq, kind: .missing, detail: "\(missing) gone from the log (deleted)")
            }
            tail.removeAll()
            stmt.withBytes(1) { tail.field($0) }
            stmt.withBytes(2) { tail.field($0) }
            stmt.withBytes(3) { tail.field($0) }   // the version as SQLite spells the integer
            stmt.withBytes(4) { tail.field($0) }
            stmt.withBytes(5) { tail.field($0) }
            stmt.withBytes(6) { tail.field($0) }
            stmt.withBytes(7) { tail.field($0) }
            // Hashed into a reused buffer and compared with the stored bytes in place: no
            // allocation per event (the loop runs at the speed of SHA-256 and the scan).
            running.withUnsafeBytes { prev in
                computed.withUnsafeMutableBytes { tail.hash(prevHash: prev, seq: seq, into: $0) }
            }
            let intact = stmt.withBytes(9) { $0.elementsEqual(computed) } && stmt.withBytes(8) { $0.elementsEqual(running) }
            if !intact {
                throw try diagnose(db, seq: seq, prevHash: stmt.blob(8), hash: stmt.blob(9), tail: tail)
            }
            let earlier = stmt.withBytes(6) { $0.lexicographicallyPrecedes(lastRecordedAt) }
            if earlier {
                throw ChainProblem(seq: seq, kind: .outOfOrder,
                                   detail: "recorded_at \(stmt.text(6)) is earlier than the event before it (\(String(decoding: lastRecordedAt, as: UTF8.self)))")
            }
            lastRecordedAt.removeAll(keepingCapacity: true)
            stmt.withBytes(6) { lastRecordedAt.append(contentsOf: $0) }
            if let digest, digest.seq == seq {
                guard digest.hash == computed else {
                    throw ChainProblem(seq: seq, kind: .digest,
                                       detail: "the ledger no longer extends the digest \(digest.digest): the history up to it was rewritten")
                }
                digestSeen = true
            }
            swap(&running, &computed)
            count += 1
            expectedSeq += 1
        }
        if let digest, !digestSeen, digest.seq > 0 {
            throw ChainProblem(seq: digest.seq, kind: .digest,
                               detail: "the digest names sequence \(digest.seq) but the log ends at \(expectedSeq - 1): events were removed")
        }
        let head = ChainHead(seq: expectedSeq - 1, hash: running,
                             recordedAt: count == 0 ? nil : String(decoding: lastRecordedAt, as: UTF8.self))
        return ChainSummary(events: count, head: head)
    }

    private static func diagnose(_ db: Database, seq: Int64, prevHash: [UInt8], hash: [UInt8],
                                 tail: EventHash.Tail) throws -> ChainProblem {
        // Intact content under another sequence number: the row was moved or swapped. Its
        // original place follows the row whose hash is its prev_hash (a scan, on failure only).
        var candidates: [Int64] = [seq + 1, seq - 1]
        let lookup = try db.prepare("SELECT seq FROM events WHERE hash = ? LIMIT 1")
        try lookup.bind(blob: prevHash, at: 1)
        if try lookup.step() { candidates.insert(lookup.int64(0) + 1, at: 0) }
        if prevHash == ChainHead.genesis.hash { candidates.insert(1, at: 0) }
        for original in candidates where original > 0 && original != seq {
            if tail.hash(prevHash: prevHash, seq: original) == hash {
                return ChainProblem(seq: seq, kind: .outOfOrder,
                                    detail: "the event stored here was recorded as sequence \(original)")
            }
        }
        if tail.hash(prevHash: prevHash, seq: seq) == hash {
            return ChainProblem(seq: seq, kind: .outOfOrder,
                                detail: "the event is intact but does not follow sequence \(seq - 1) (the chain is broken here)")
        }
        return ChainProblem(seq: seq, kind: .altered,
                            detail: "its content no longer matches its hash (a field was changed after it was recorded)")
    }
}
