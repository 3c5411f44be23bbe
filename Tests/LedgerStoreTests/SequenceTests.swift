import LedgerStore
import Testing

@Suite("Sequence and chain after appends")
struct SequenceTests {
    @Test("seq is dense 1...N, every prev_hash is the hash before it, every hash recomputes")
    func denseAndChained() throws {
        var rng = SeededGenerator(seed: storeTestSeed ^ 0x5EC)
        let ledger = try ScratchLedger()
        var next = 1
        var expectedCount = 0
        // Appends in transactions of random sizes; some are rolled back and must leave no gap.
        for round in 0..<12 {
            let size = Int.random(in: 1...9, using: &rng)
            let events = sampleEvents(next...(next + size - 1))
            if round > 0 && Bool.random(using: &rng) {
                struct Abandon: Error {}
                #expect(throws: Abandon.self) {
                    try ledger.db.write {
                        try ledger.log.beginAppending()
                        for event in events { _ = try ledger.log.append(event) }
                        throw Abandon()
                    }
                }
                // The ids were never written, so the same events can come again later.
            } else {
                let stored = try ledger.append(events)
                #expect(stored.first?.seq == Int64(expectedCount + 1), "seed \(storeTestSeed)")
                expectedCount += size
                next += size
            }
        }
        let events = try ledger.all()
        #expect(events.count == expectedCount, "seed \(storeTestSeed)")
        #expect(events.map(\.seq) == (0..<expectedCount).map { Int64($0 + 1) }, "seed \(storeTestSeed)")

        var previous = ChainHead.genesis.hash
        var versions: [String: Int64] = [:]
        for event in events {
            #expect(event.prevHash == previous, "seed \(storeTestSeed): seq \(event.seq) does not link to seq \(event.seq - 1)")
            let recomputed = EventHash.compute(prevHash: event.prevHash, seq: event.seq, id: event.id, stream: event.stream,
                                               version: event.version, type: event.type, data: event.data,
                                               recordedAt: event.recordedAt, actor: event.actor)
            #expect(event.hash == recomputed, "seed \(storeTestSeed): seq \(event.seq)")
            #expect(event.hash.count == 32)
            versions[event.stream, default: 0] += 1
            #expect(event.version == versions[event.stream], "seed \(storeTestSeed): \(event.stream) at seq \(event.seq)")
            previous = event.hash
        }
        let head = try ledger.log.readHead()
        #expect(head.seq == Int64(expectedCount))
        #expect(head.hash == previous)
        let summary = try ChainVerifier.verify(ledger.db)
        #expect(summary.events == Int64(expectedCount))
        #expect(summary.head == head)
    }

    @Test("an empty log: head is genesis, verify passes with zero events")
    func emptyLog() throws {
        let ledger = try ScratchLedger()
        #expect(try ledger.log.readHead() == .genesis)
        #expect(try ChainVerifier.verify(ledger.db).events == 0)
    }

    @Test("a stale expected version is a conflict and writes nothing")
    func expectedVersionConflict() throws {
        let ledger = try ScratchLedger()
        try ledger.append(sampleEvents(1...6))   // streams D-0, D-1, D-2 at version 2 each
        let before = try ledger.all()
        var stale = sampleEvent(7)
        stale.id = "ev-stale"
        #expect(throws: AppendConflict.versionConflict(stream: stale.stream, expected: 1, actual: 2)) {
            try ledger.db.write {
                try ledger.log.beginAppending()
                _ = try ledger.log.append(stale, expectedVersion: 1)
            }
        }
        #expect(try ledger.all() == before)
        let stored = try ledger.db.write {
            try ledger.log.beginAppending()
            return try ledger.log.append(stale, expectedVersion: 2)
        }
        #expect(stored.seq == 7)
        #expect(stored.version == 3)
    }

    @Test("a second event with an id already in the log is refused as a duplicate id")
    func duplicateID() throws {
        let ledger = try ScratchLedger()
        try ledger.append(sampleEvents(1...3))
        var again = sampleEvent(4)
        again.id = "ev-2"
        #expect(throws: AppendConflict.duplicateID("ev-2")) { try ledger.append([again]) }
        #expect(try ledger.log.count() == 3)
    }
}
