import Foundation
import Testing

/// What a hostile review found (issue 10): each test fails on the code before its fix.
@Suite("hardening: creation, file modes, read verbs that do not write, tampered indexes")
struct HardeningTests {
    /// A ledger of `count` generated events (directives under several units, documents, items).
    func generatedLedger(_ scratch: Scratch, count: Int = 400) throws {
        let gen = try scratch.runTool("python3", [packageRoot.appendingPathComponent("scripts/gen-events").path, "\(count)", "--seed", "3"])
        #expect(gen.status == 0, "\(gen)")
        let file = scratch.path("generated.jsonl")
        try gen.stdoutData.write(to: URL(fileURLWithPath: file))
        let append = try scratch.run(["append", file, "--create", "--quiet"])
        #expect(append.status == 0, "\(append)")
    }

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("a mistyped --db creates nothing: every verb but init and append --create exits 3 and says how to create one")
    func noLedgerNoCreate() throws {
        let scratch = try Scratch()
        let input = try scratch.write("one.jsonl", Events.documentIssued(id: "a") + "\n")
        let verbs: [[String]] = [
            ["issue", "--type", "QĐ", "--subject", "Phê duyệt", "--on", "2017-01-06"],
            ["receive", "--sender", "Sở Tài chính", "--number-symbol", "1/BC-STC", "--type", "BC", "--subject", "Báo cáo"],
            ["directive", "issue", "D-1", "--lead-unit", "Sở Y tế", "--content", "Rà soát"],
            ["append", input], ["report", "--period", "2017-H1"], ["verify"], ["export"], ["digest"], ["history", "D-1"],
            ["replay"], ["replay", "--check"], ["repair"],
        ]
        for verb in verbs {
            let result = try scratch.run(verb)
            #expect(result.status == 3, "\(verb[0]): \(result)")
            #expect(result.stderrLines == ["docledger: no ledger at \(scratch.ledger): create it with `docledger init`"], "\(verb[0]): \(result)")
            #expect(!FileManager.default.fileExists(atPath: scratch.ledger), "`\(verb.joined(separator: " "))` created a ledger")
        }
        #expect(try scratch.run(["init"]).status == 0)
        #expect(try scratch.run(verbs[0]).stdout == "01/QĐ-UBND\n")
    }

    @Test("an empty file (a creation killed before its first commit): readers say so and how to finish it; append --create makes it a ledger")
    func emptyFileFromAnInterruptedCreation() throws {
        let scratch = try Scratch()
        #expect(FileManager.default.createFile(atPath: scratch.ledger, contents: Data()))
        for verb in [["verify"], ["digest"], ["report", "--period", "2017-H1"]] {
            let result = try scratch.run(verb)
            #expect(result.status == 3, "\(verb[0]): \(result)")
            #expect(result.stderrLines == ["docledger: \(scratch.ledger) is empty, not yet a ledger (its creation was interrupted before its first commit): create it with `docledger init --db \(scratch.ledger)`, or append to it with --create"], "\(verb[0]): \(result)")
        }
        let input = try scratch.write("one.jsonl", Events.documentIssued(id: "a") + "\n")
        #expect(try scratch.run(["append", input, "--create"]).status == 0)
        #expect(try scratch.run(["verify"]).stdout.hasPrefix("verify ok: 1 events"))
        // A file that is not SQLite at all is still not taken for an empty ledger.
        let foreign = try scratch.write("notes.txt", "ghi chú\n")
        let result = try scratch.run(["verify"], db: foreign)
        #expect(result.status == 3 && result.stderr.contains("is not a DocLedger ledger"), "\(result)")
    }

    @Test("new ledgers are readable by their owner only (0600), or by the group too with --group (0640), whatever the umask")
    func fileModes() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        #expect(try mode(scratch.ledger) == 0o600)
        #expect(try scratch.run(["issue", "--type", "QĐ", "--subject", "Phê duyệt", "--on", "2017-01-06"]).status == 0)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: scratch.ledger + suffix) {
            #expect(try mode(scratch.ledger + suffix) == 0o600, "\(suffix)")
        }
        let group = scratch.path("group.sqlite")
        #expect(try scratch.run(["init", "--group"], db: group).status == 0)
        #expect(try mode(group) == 0o640)
        let created = scratch.path("created.sqlite")
        #expect(try scratch.run(["append", try scratch.write("e.jsonl", Events.documentIssued(id: "e") + "\n"), "--create"], db: created).status == 0)
        #expect(try mode(created) == 0o600)
    }

    @Test("reading verbs leave a dropped trigger dropped; verify names it (exit 1); repair restores it")
    func readVerbsDoNotWrite() throws {
        let scratch = try Scratch()
        try generatedLedger(scratch)
        try scratch.sqlite(scratch.ledger, "DROP TRIGGER events_refuse_update; DROP INDEX p_documents_issued_date;")
        for verb in [["report", "--period", "2016"], ["history", "D-1"], ["export"], ["digest"], ["replay", "--check"], ["verify"]] {
            _ = try scratch.run(verb)
        }
        #expect(try scratch.sqlite(scratch.ledger, "SELECT count(*) FROM sqlite_master WHERE name IN ('events_refuse_update', 'p_documents_issued_date')") == "0\n",
                "a reading verb restored what was dropped")
        let verify = try scratch.run(["verify"])
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stdoutLines == [
            "verify failed: schema: trigger events_refuse_update is missing (`docledger repair` restores it)",
            "verify failed: schema: index p_documents_issued_date is missing (`docledger repair` restores it)",
        ], "\(verify)")
        let repair = try scratch.run(["repair"])
        #expect(repair.status == 0, "\(repair)")
        #expect(repair.stdoutLines.prefix(2) == ["restored trigger events_refuse_update, which was missing",
                                                   "restored index p_documents_issued_date, which was missing"], "\(repair)")
        #expect(try scratch.run(["verify"]).status == 0)
    }

    @Test("a trigger replaced by a harmless one, and a foreign trigger: verify names both; repair puts the schema back")
    func alteredSchema() throws {
        let scratch = try Scratch()
        try generatedLedger(scratch, count: 50)
        try scratch.sqlite(scratch.ledger, """
            DROP TRIGGER events_refuse_delete;
            CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events WHEN 0 BEGIN SELECT 1; END;
            CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END;
            """)
        let verify = try scratch.run(["verify"])
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stdoutLines == [
            "verify failed: schema: trigger events_refuse_delete is not as schema.sql defines it (`docledger repair` restores it)",
            "verify failed: schema: trigger sneaky is not part of a ledger (someone added it; `docledger repair` removes it)",
        ], "\(verify)")
        #expect(try scratch.run(["repair"]).status == 0)
        #expect(try scratch.run(["verify"]).status == 0)
        #expect(try scratch.sqlite(scratch.ledger, "SELECT count(*) FROM sqlite_master WHERE name = 'sneaky'") == "0\n")
    }

    @Test("an index made to disagree with its table (writable_schema) changes the report: verify catches it, repair rebuilds it")
    func tamperedIndex() throws {
        let scratch = try Scratch()
        try generatedLedger(scratch)
        let honest = try scratch.run(["report", "--period", "2016", "--format", "csv"])
        #expect(honest.status == 0, "\(honest)")
        // Make the change, hide the index, restore the rows, put the index back: the table is as
        // it was, the covering index the report reads says every directive is the finance office's.
        try scratch.sqlite(scratch.ledger, """
            CREATE TABLE saved_rows AS SELECT directive_id, lead_unit FROM p_directives;
            UPDATE p_directives SET lead_unit = 'Sở Tài chính';
            CREATE TABLE saved_index AS SELECT * FROM sqlite_master WHERE name = 'p_directives_period';
            PRAGMA writable_schema = ON;
            DELETE FROM sqlite_master WHERE name = 'p_directives_period';
            """)
        try scratch.sqlite(scratch.ledger, """
            UPDATE p_directives SET lead_unit = (SELECT s.lead_unit FROM saved_rows s WHERE s.directive_id = p_directives.directive_id);
            PRAGMA writable_schema = ON;
            INSERT INTO sqlite_master SELECT * FROM saved_index;
            """)
        try scratch.sqlite(scratch.ledger, "DROP TABLE saved_rows; DROP TABLE saved_index;")
        let tampered = try scratch.run(["report", "--period", "2016", "--format", "csv"])
        #expect(tampered.stdout != honest.stdout, "the attack did not reach the report: \(tampered)")
        #expect(try scratch.run(["replay", "--check"]).status == 0, "replay --check compares tables in key order: it cannot see this")

        let verify = try scratch.run(["verify"])
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stdoutLines.first?.hasPrefix("verify failed: file: ") == true, "\(verify)")
        #expect(verify.stdout.contains("p_directives_period"), "\(verify)")

        #expect(try scratch.run(["repair"]).status == 0)
        #expect(try scratch.run(["verify"]).status == 0)
        #expect(try scratch.run(["report", "--period", "2016", "--format", "csv"]).stdout == honest.stdout)
    }

    @Test("a folder given as append's input is a usage error (exit 2), and creates nothing")
    func folderAsInput() throws {
        let scratch = try Scratch()
        let result = try scratch.run(["append", scratch.directory, "--create"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderrLines == ["docledger: \(scratch.directory) is a folder; give a JSON Lines file, or - for standard input"], "\(result)")
        #expect(!FileManager.default.fileExists(atPath: scratch.ledger))
    }
}
