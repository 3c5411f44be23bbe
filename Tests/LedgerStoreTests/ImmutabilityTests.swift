import LedgerStore
import Testing

@Suite("Events are immutable")
struct ImmutabilityTests {
    @Test("UPDATE on events is refused by a trigger; the row stays as it was")
    func updateRefused() throws {
        let ledger = try ScratchLedger()
        try ledger.append(sampleEvents(1...5))
        let before = try ledger.all()

        for sql in [
            "UPDATE events SET data = '{\"note\":\"sửa\"}' WHERE seq = 3",
            "UPDATE events SET actor = 'mallory' WHERE seq = 1",
            "UPDATE events SET seq = 99 WHERE seq = 5",
            "UPDATE events SET hash = prev_hash",
        ] {
            let error = #expect(throws: SQLiteError.self, "\(sql) was accepted") { try ledger.db.execute(sql) }
            #expect(error?.message.contains("immutable") == true, "message: \(error?.message ?? "none")")
            #expect(error?.primaryCode == 19, "a trigger abort is SQLITE_CONSTRAINT (19), got \(error?.code ?? 0)")
        }
        #expect(try ledger.all() == before)
        #expect(try ledger.chainProblem() == nil)
    }

    @Test("DELETE on events is refused by a trigger; every row stays")
    func deleteRefused() throws {
        let ledger = try ScratchLedger()
        try ledger.append(sampleEvents(1...5))
        let before = try ledger.all()

        for sql in ["DELETE FROM events WHERE seq = 3", "DELETE FROM events", "DELETE FROM events WHERE seq = 5"] {
            let error = #expect(throws: SQLiteError.self, "\(sql) was accepted") { try ledger.db.execute(sql) }
            #expect(error?.message.contains("immutable") == true, "message: \(error?.message ?? "none")")
        }
        #expect(try ledger.log.count() == 5)
        #expect(try ledger.all() == before)
    }

    @Test("a refused change inside a transaction leaves the log appendable and dense")
    func refusedChangeThenAppend() throws {
        let ledger = try ScratchLedger()
        try ledger.append(sampleEvents(1...3))
        #expect(throws: SQLiteError.self) {
            try ledger.db.write { try ledger.db.execute("DELETE FROM events WHERE seq = 2") }
        }
        try ledger.append(sampleEvents(4...6))
        #expect(try ledger.all().map(\.seq) == Array(1...6))
        #expect(try ledger.chainProblem() == nil)
    }
}
