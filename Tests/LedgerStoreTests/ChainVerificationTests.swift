import LedgerStore
import Testing

/// Each test tampers with the file as an attacker with raw SQL would (triggers dropped first)
/// and expects `ChainVerifier` to name exactly the first bad sequence number and what is wrong.
@Suite("Chain verification")
struct ChainVerificationTests {
    /// A ledger of `count` events that verifies cleanly, and a generator seeded for this test.
    func intactLedger(count: Int = 12, salt: UInt64) throws -> (ScratchLedger, SeededGenerator) {
        let ledger = try ScratchLedger()
        try ledger.append(sampleEvents(1...count))
        let summary = try ChainVerifier.verify(ledger.db)
        #expect(summary.events == Int64(count))
        #expect(summary.head == (try ledger.log.readHead()))
        return (ledger, SeededGenerator(seed: storeTestSeed ^ salt))
    }

    @Test("an altered data field: altered, at that sequence")
    func alteredData() throws {
        let (ledger, rng0) = try intactLedger(salt: 1)
        var rng = rng0
        let seq = Int.random(in: 1...12, using: &rng)
        try ledger.tamper("UPDATE events SET data = replace(data, 'Đang rà soát', 'Đã xong') WHERE seq = \(seq)")
        #expect(try ledger.db.changes == 1)
        let problem = try #require(try ledger.chainProblem(), "altered data at \(seq) went unnoticed (seed \(storeTestSeed))")
        #expect(problem.seq == Int64(seq), "seed \(storeTestSeed): \(problem)")
        #expect(problem.kind == .altered, "seed \(storeTestSeed): \(problem)")
        #expect(problem.description.hasPrefix("sequence \(seq): altered: "))
    }

    @Test("an altered actor: altered, at that sequence")
    func alteredActor() throws {
        let (ledger, rng0) = try intactLedger(salt: 2)
        var rng = rng0
        let seq = Int.random(in: 1...12, using: &rng)
        try ledger.tamper("UPDATE events SET actor = 'mallory' WHERE seq = \(seq)")
        let problem = try #require(try ledger.chainProblem(), "altered actor at \(seq) went unnoticed (seed \(storeTestSeed))")
        #expect(problem.seq == Int64(seq), "seed \(storeTestSeed): \(problem)")
        #expect(problem.kind == .altered, "seed \(storeTestSeed): \(problem)")
    }

    @Test("an altered field with its hash recomputed: the next event's link breaks")
    func alteredAndRehashed() throws {
        let (ledger, rng0) = try intactLedger(salt: 3)
        var rng = rng0
        let seq = Int.random(in: 1...11, using: &rng)
        let event = try #require(try ledger.log.event(seq: Int64(seq)))
        let forged = EventHash.compute(prevHash: event.prevHash, seq: event.seq, id: event.id, stream: event.stream,
                                       version: event.version, type: event.type, data: event.data,
                                       recordedAt: event.recordedAt, actor: "mallory")
        try ledger.tamper("UPDATE events SET actor = 'mallory', hash = x'\(hexString(forged))' WHERE seq = \(seq)")
        let problem = try #require(try ledger.chainProblem(), "seed \(storeTestSeed)")
        // The forged row is self-consistent; the chain breaks where the next row points back at the old hash.
        #expect(problem.seq == Int64(seq + 1), "seed \(storeTestSeed): forged \(seq), got \(problem)")
    }

    @Test("a deleted row: missing, at its sequence")
    func deletedRow() throws {
        let (ledger, rng0) = try intactLedger(salt: 4)
        var rng = rng0
        let seq = Int.random(in: 1...11, using: &rng)   // not the head: that needs a digest (below)
        try ledger.tamper("DELETE FROM events WHERE seq = \(seq)")
        #expect(try ledger.log.count() == 11)
        let problem = try #require(try ledger.chainProblem(), "deleted \(seq) went unnoticed (seed \(storeTestSeed))")
        #expect(problem.seq == Int64(seq), "seed \(storeTestSeed): \(problem)")
        #expect(problem.kind == .missing, "seed \(storeTestSeed): \(problem)")
    }

    @Test("several deleted rows in a run: missing, at the first of them")
    func deletedRun() throws {
        let (ledger, rng0) = try intactLedger(salt: 5)
        var rng = rng0
        let first = Int.random(in: 1...8, using: &rng)
        let last = first + Int.random(in: 1...3, using: &rng)
        try ledger.tamper("DELETE FROM events WHERE seq BETWEEN \(first) AND \(last)")
        let problem = try #require(try ledger.chainProblem(), "seed \(storeTestSeed)")
        #expect(problem.seq == Int64(first), "seed \(storeTestSeed): deleted \(first)...\(last), got \(problem)")
        #expect(problem.kind == .missing, "seed \(storeTestSeed): \(problem)")
    }

    @Test("deleted rows at the head: caught by a digest taken before")
    func deletedHeadNeedsDigest() throws {
        let (ledger, _) = try intactLedger(salt: 6)
        let digest = try ledger.log.readHead()
        #expect(try ledger.chainProblem(digest: digest) == nil)
        try ledger.tamper("DELETE FROM events WHERE seq >= 11")
        #expect(try ledger.chainProblem() == nil)   // a shorter chain is still a chain
        let problem = try #require(try ledger.chainProblem(digest: digest))
        #expect(problem.seq == 12)
        #expect(problem.kind == .digest)
    }

    @Test("two swapped rows: out of order, at the first of them")
    func swappedRows() throws {
        let (ledger, rng0) = try intactLedger(salt: 7)
        var rng = rng0
        let a = Int.random(in: 1...9, using: &rng)
        let b = a + Int.random(in: 1...3, using: &rng)
        try ledger.tamper("""
            UPDATE events SET seq = -1 WHERE seq = \(a);
            UPDATE events SET seq = \(a) WHERE seq = \(b);
            UPDATE events SET seq = \(b) WHERE seq = -1;
            """)
        #expect(try ledger.all().map(\.seq) == Array(1...12))
        let problem = try #require(try ledger.chainProblem(), "swapped \(a) and \(b) went unnoticed (seed \(storeTestSeed))")
        #expect(problem.seq == Int64(a), "seed \(storeTestSeed): swapped \(a) and \(b), got \(problem)")
        #expect(problem.kind == .outOfOrder, "seed \(storeTestSeed): swapped \(a) and \(b), got \(problem)")
    }

    @Test("an untouched ledger passes, with and without its digest, also after more appends")
    func untouchedPasses() throws {
        let (ledger, _) = try intactLedger(salt: 8)
        let digest = try ledger.log.readHead()
        try ledger.append(sampleEvents(13...20))
        #expect(try ledger.chainProblem() == nil)
        #expect(try ledger.chainProblem(digest: digest) == nil)
        #expect(try ledger.chainProblem(digest: .genesis) == nil)
        let wrong = ChainHead(seq: digest.seq, hash: [UInt8](repeating: 7, count: 32), recordedAt: nil)
        #expect(try ledger.chainProblem(digest: wrong)?.kind == .digest)
    }
}
