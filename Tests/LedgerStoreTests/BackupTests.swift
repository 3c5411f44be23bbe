import Foundation
import LedgerStore
import Testing

@Suite("Online backup")
struct BackupTests {
    @Test("commits by another connection between the steps of a backup neither restart it nor reach the copy")
    func commitsBetweenStepsDoNotRestartTheCopy() throws {
        let ledger = try ScratchLedger()
        try ledger.append(sampleEvents(1...50))
        // Free pages, so that the copy takes many steps.
        try ledger.db.execute("""
            CREATE TABLE pad(b BLOB);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO pad SELECT zeroblob(4000) FROM n;
            DROP TABLE pad;
            """)
        let pages = Int(try #require(try ledger.db.scalarInt("PRAGMA page_count")))
        let clerk = try LedgerFile.open(path: ledger.path, access: .write)
        let clerkLog = try EventLog(db: clerk)
        let copy = ledger.path + "-copy.sqlite"
        defer { for suffix in ["", "-wal", "-shm", ".partial"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }

        var reports: [(copied: Int, total: Int)] = []
        var next = 51
        var clerkError: Error?
        try ledger.db.backup(to: copy, pagesPerStep: 16, progress: { copied, total in
            reports.append((copied, total))
            // A commit after every step (bounded: a copy that restarts on each would never end).
            guard reports.count < 1_000 else { return }
            do {
                try clerk.write {
                    try clerkLog.beginAppending()
                    _ = try clerkLog.append(sampleEvent(next))
                }
                next += 1
            } catch { clerkError = error }
        })
        #expect(clerkError == nil, "\(String(describing: clerkError))")
        #expect(reports.count == (pages + 15) / 16, "\(reports.count) steps for \(pages) pages of 16")
        #expect(reports.allSatisfy { $0.total == pages }, "\(reports.map(\.total))")
        #expect(reports.map(\.copied) == reports.map(\.copied).sorted() && reports.last?.copied == pages,
                "\(reports.map(\.copied))")
        #expect(next - 51 == reports.count, "a commit after every step")

        // The copy is the moment the backup began: the first 50 events, none of those committed after.
        let copied = try Database(path: copy, mode: .readOnly)
        let summary = try copied.read { try ChainVerifier.verify(copied) }
        #expect(summary.events == 50)
        #expect(try EventLog.count(clerk) == Int64(next - 1))
    }
}
