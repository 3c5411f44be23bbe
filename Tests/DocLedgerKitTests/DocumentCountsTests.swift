import Testing
import Foundation
@testable import DocLedgerKit
import LedgerStore
import OfficeDomain
import OfficeProjections

@Suite("Documents per day: the report's counts")
struct DocumentCountsTests {
    /// The document figures counted row by row from the register tables (what the report did
    /// before p_document_counts existed): the oracle the counts must agree with.
    func scanned(_ db: Database, _ period: ReportPeriod, seq: Int64) throws -> (received: Int, issued: [String: Int], recalled: Int) {
        let from = period.from.description, to = period.to.description
        let received = try db.prepare("SELECT count(*) FROM p_documents_received WHERE received_on BETWEEN ?1 AND ?2 AND seq <= ?3")
        try received.bind(from, at: 1); try received.bind(to, at: 2); try received.bind(seq, at: 3)
        _ = try received.step()
        let issued = try db.prepare("""
            SELECT doc_type, legal_normative, count(*) FROM p_documents_issued
            WHERE issued_on BETWEEN ?1 AND ?2 AND seq <= ?3 GROUP BY doc_type, legal_normative
            """)
        try issued.bind(from, at: 1); try issued.bind(to, at: 2); try issued.bind(seq, at: 3)
        var byType: [String: Int] = [:]
        while try issued.step() { byType[issued.text(0), default: 0] += issued.int(2) }
        let recalled = try db.prepare("""
            SELECT count(*) FROM p_document_amendments WHERE kind = 'recalled' AND dated_on BETWEEN ?1 AND ?2 AND seq <= ?3
            """)
        try recalled.bind(from, at: 1); try recalled.bind(to, at: 2); try recalled.bind(seq, at: 3)
        _ = try recalled.step()
        return (received.int(0), byType, recalled.int(0))
    }

    @Test("a report as of every seq gives the figures counted document by document, on counts or beside them")
    func everyAsOf() throws {
        let t = try TestLedger()
        let lines = allHandMadeEvents()
        // In three inputs: counts rows are added to by later transactions, not only written once.
        try t.given(Array(lines[..<20]))
        try t.given(Array(lines[20..<45]))
        try t.given(Array(lines[45...]))
        let head = try t.count()
        var fellBack = 0
        for period in ["2017-H1", "2017-Q1", "2017", "2016", "2017-03-01..2017-03-31"] {
            let p = try ReportPeriod(parsing: period)
            for seq in 0...head {
                let report = try ReportQuery.run(t.ledger.db, period: p, throughSeq: seq, asOf: nil)
                let expected = try scanned(t.ledger.db, p, seq: seq)
                let context = Comment(rawValue: "\(period) as of seq \(seq)")
                #expect(report.documents.received == expected.received, context)
                #expect(report.documents.recalledInPeriod == expected.recalled, context)
                #expect(Dictionary(uniqueKeysWithValues: report.documents.byType.map { ($0.code, $0.count) }) == expected.issued, context)
                #expect(report.documents.issued == expected.issued.values.reduce(0, +), context)
                fellBack += try t.ledger.db.scalarInt("""
                    SELECT count(*) FROM p_document_counts WHERE day BETWEEN '\(p.from)' AND '\(p.to)' AND last_seq > \(seq)
                    """).map(Int.init) ?? 0
            }
        }
        // Both ways of counting were taken: rows settled before the as-of and rows counted again beside them.
        #expect(fellBack > 0)
        #expect(try t.ledger.db.scalarInt("SELECT sum(count) FROM p_document_counts WHERE register = 'issued'")
                == t.ledger.db.scalarInt("SELECT count(*) FROM p_documents_issued"))
    }

    @Test("a new ledger's first writer leaves its events in the file: another process opening it finds them")
    func firstWriterKeepsEvents() throws {
        let t = try TestLedger()
        let path = t.directory + "/fresh.sqlite"
        do {
            let ledger = try Ledger(path: path, access: .create())
            let text = allHandMadeEvents().prefix(5).joined(separator: "\n") + "\n"
            let result = try ledger.append(from: LineReader(bytes: Array(text.utf8)), options: AppendOptions(actor: "test"))
            #expect(result.appended == 5)
        }
        // The main file holds the ledger now, not only the WAL (which SQLite drops beside an empty main file).
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        #expect(size > 0)
        let reopened = try Ledger(path: path, access: .create())
        #expect(try reopened.log.count() == 5)
        do {
            let text = allHandMadeEvents()[5...].prefix(5).joined(separator: "\n") + "\n"
            _ = try reopened.append(from: LineReader(bytes: Array(text.utf8)), options: AppendOptions(actor: "test"))
        }
        #expect(try Ledger(path: path, access: .create()).log.count() == 10)
    }

    @Test("a ledger of schema 1 is upgraded on its first writable open: read tables rebuilt, same reports, version 2")
    func upgradeFromSchemaOne() throws {
        let t = try TestLedger()
        try t.given(allHandMadeEvents())
        let before = try ["2017-H1", "2017"].map { try t.report($0).json.canonicalString }
        let head = try t.head()
        // What a version 1 ledger looked like: no counts, the indexes and the facts tables of then.
        try t.ledger.db.execute("""
            DROP TABLE p_document_counts; DROP INDEX p_directives_period; DROP INDEX p_programme_items_year;
            CREATE INDEX p_directives_issued ON p_directives (issued_on);
            CREATE INDEX p_programme_items_year ON p_programme_items (year, seq);
            CREATE TABLE v1_directive_facts (seq INTEGER PRIMARY KEY, directive_id TEXT NOT NULL, kind TEXT NOT NULL,
                                             dated_on TEXT NOT NULL, value TEXT);
            INSERT INTO v1_directive_facts SELECT seq, directive_id, kind, dated_on, value FROM p_directive_facts;
            DROP TABLE p_directive_facts; ALTER TABLE v1_directive_facts RENAME TO p_directive_facts;
            CREATE INDEX p_directive_facts_directive ON p_directive_facts (directive_id, kind);
            CREATE TABLE v1_programme_facts (seq INTEGER PRIMARY KEY, item_id TEXT NOT NULL, kind TEXT NOT NULL,
                                             dated_on TEXT NOT NULL, value TEXT);
            INSERT INTO v1_programme_facts SELECT seq, item_id, kind, dated_on, value FROM p_programme_facts;
            DROP TABLE p_programme_facts; ALTER TABLE v1_programme_facts RENAME TO p_programme_facts;
            CREATE INDEX p_programme_facts_item ON p_programme_facts (item_id, kind);
            PRAGMA user_version = 1;
            """)
        #expect(throws: LedgerUnusable.self) { try Ledger(path: t.path, access: .read) }

        let upgraded = try Ledger(path: t.path, access: .write)
        #expect(try upgraded.db.scalarInt("PRAGMA user_version") == LedgerFile.schemaVersion)
        #expect(try upgraded.db.scalarInt("""
            SELECT count(*) FROM sqlite_master WHERE name IN ('p_directives_issued', 'p_directive_facts_directive', 'p_programme_facts_item')
            """) == 0)
        #expect(try upgraded.db.scalarInt("SELECT count(*) FROM pragma_table_info('p_directive_facts') WHERE name = 'issued_on'") == 1)
        #expect(try upgraded.log.readHead() == head)
        #expect(try upgraded.replayCheck().differences == [])
        let after = try ["2017-H1", "2017"].map {
            try ReportQuery.run(upgraded.db, period: try ReportPeriod(parsing: $0), throughSeq: .max, asOf: nil).json.canonicalString
        }
        #expect(after == before)
    }
}
