import Foundation
import LedgerStore
import Testing

@Suite("Embedded schema")
struct SchemaTests {
    /// The package root: this file is <root>/Tests/LedgerStoreTests/SchemaTests.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("LedgerFile.schemaSQL is byte for byte the package's schema.sql")
    func embeddedSchemaEqualsFile() throws {
        let file = Self.packageRoot.appendingPathComponent("schema.sql")
        let onDisk = try #require(FileManager.default.contents(atPath: file.path), "cannot read \(file.path)")
        #expect(onDisk.count > 0)
        #expect(Array(LedgerFile.schemaSQL.utf8) == Array(onDisk),
                "the binary embeds a stale schema.sql: rebuild (the EmbedSchema plugin regenerates it)")
        #expect(LedgerFile.schemaSQL == String(decoding: onDisk, as: UTF8.self))
    }

    @Test("a new ledger carries the schema: the events table, its triggers, the ledger's id and version")
    func newLedgerHasTheSchema() throws {
        let ledger = try ScratchLedger()
        let db = ledger.db
        #expect(try db.scalarInt("PRAGMA application_id") == LedgerFile.applicationID)
        #expect(try db.scalarInt("PRAGMA user_version") == LedgerFile.schemaVersion)
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
        let triggers = try db.scalarInt("""
            SELECT count(*) FROM sqlite_master
            WHERE type = 'trigger' AND tbl_name = 'events' AND name IN ('events_refuse_update', 'events_refuse_delete')
            """)
        #expect(triggers == 2)
    }

    @Test("the names the open checks are every table, index and trigger schema.sql creates; a dropped one comes back on open")
    func schemaObjectNames() throws {
        let ledger = try ScratchLedger()
        // FTS5 keeps its index in shadow tables it creates itself (p_subject_search_data …).
        let stmt = try ledger.db.prepare("""
            SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%' AND name NOT LIKE 'p\\_subject\\_search\\_%' ESCAPE '\\'
            ORDER BY rowid
            """)
        var created: [String] = []
        while try stmt.step() { created.append(stmt.text(0)) }
        #expect(LedgerFile.schemaObjectNames == created)
        #expect(LedgerFile.schemaObjectNames.contains("events_refuse_out_of_sequence"))

        try ledger.db.execute("DROP TRIGGER events_refuse_update")
        let reopened = try LedgerFile.open(path: ledger.path, access: .write)
        #expect(try reopened.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'events_refuse_update'") == 1)
    }
    @Test("settings given to a new ledger are in it from its creating transaction; an existing ledger's are left as they are")
    func initialSettings() throws {
        let path = "/tmp/docledger-storetests-\(getpid())-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let created = try LedgerFile.open(path: path, access: .create(groupReadable: false), initialSettings: [("series", "QĐ+CT")])
        #expect(try created.setting("series") == "QĐ+CT")
        try created.write { try created.setSetting("series", to: "") }
        let reopened = try LedgerFile.open(path: path, access: .create(groupReadable: false), initialSettings: [("series", "QĐ+CT")])
        #expect(try reopened.setting("series") == "")
    }
}
