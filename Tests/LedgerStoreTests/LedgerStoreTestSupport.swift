import Foundation
import LedgerStore
@_exported import TestSupport

/// The run's seed (see TestSupport): $DOCLEDGER_TEST_SEED replays a failure.
let storeTestSeed = testSeed

/// A fresh ledger file under /tmp, unique to one test, removed with its WAL files afterwards.
final class ScratchLedger {
    let path: String
    let db: Database
    let log: EventLog

    init() throws {
        path = "/tmp/docledger-storetests-\(getpid())-\(UUID().uuidString).sqlite"
        db = try LedgerFile.open(path: path, access: .create(groupReadable: false))
        log = try EventLog(db: db)
    }

    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Appends `events` in one write transaction and returns them as stored.
    @discardableResult
    func append(_ events: [NewEvent]) throws -> [StoredEvent] {
        try db.write {
            try log.beginAppending()
            return try events.map { try log.append($0) }
        }
    }

    /// Every stored event, in sequence order.
    func all() throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        try log.forEach { events.append($0) }
        return events
    }

    /// Runs raw SQL as an attacker with write access to the file would: triggers dropped first.
    func tamper(_ sql: String) throws {
        try db.execute("DROP TRIGGER IF EXISTS events_refuse_update; DROP TRIGGER IF EXISTS events_refuse_delete;")
        try db.execute(sql)
    }

    /// The problem `ChainVerifier` reports, or nil when the chain checks out.
    func chainProblem(digest: ChainHead? = nil) throws -> ChainProblem? {
        do {
            _ = try ChainVerifier.verify(db, digest: digest)
            return nil
        } catch let problem as ChainProblem {
            return problem
        }
    }
}

/// Event `n` of a test log: a few streams interleaved, Vietnamese text, recorded one second apart.
func sampleEvent(_ n: Int, streams: Int = 3) -> NewEvent {
    let seconds = 8 * 3600 + n
    let time = String(format: "2017-03-20T%02d:%02d:%02d.000Z", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
    return NewEvent(
        id: "ev-\(n)",
        stream: "directive:D-\(n % streams)",
        type: "DirectiveProgressReported",
        data: #"{"directive_id":"D-\#(n % streams)","note":"Đang rà soát lần \#(n)","reported_on":"2017-04-01","unit":"Sở Tài chính"}"#,
        recordedAt: time,
        actor: n % 2 == 0 ? "chuyenvien.le" : "chuyenvien.pham")
}

func sampleEvents(_ range: ClosedRange<Int>) -> [NewEvent] { range.map { sampleEvent($0) } }
