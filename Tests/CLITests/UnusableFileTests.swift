import Foundation
import Testing

/// A file that is not a ledger is never touched, and the user gets one line and exit 3.
@Suite("files that are not ledgers")
struct UnusableFileTests {
    /// Verbs that open the ledger; `append` gets one valid event on stdin.
    static let verbs: [[String]] = [
        ["verify"], ["digest"], ["export"], ["append", "-"], ["replay"], ["init"],
        ["report", "--period", "2017-H1"], ["history", "D-1"],
    ]

    func expectUnusable(_ scratch: Scratch, file: String, what: String) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: file))
        let input = try scratch.write("one-event.jsonl", Events.directiveIssued(id: "e1", directive: "D-1") + "\n")
        for verb in Self.verbs {
            let result = try scratch.run(verb, db: file, stdin: verb.first == "append" ? input : nil)
            let context = "\(what), `\(verb.joined(separator: " "))`: \(result)"
            #expect(result.status == 3, "\(context)")
            #expect(result.stderrLines.count == 1, "\(context)")
            #expect(result.stderrLines.first?.hasPrefix("docledger: ") == true, "\(context)")
            #expect(result.stderr.contains(file), "the reason names the file: \(context)")
            #expect(!result.showsACrash, "\(context)")
            #expect(result.stdout.isEmpty, "\(context)")
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: file))
        let unchanged = after == before
        #expect(unchanged, "\(what) was changed by docledger")
        #expect(!FileManager.default.fileExists(atPath: file + "-wal"), "\(what) got a WAL file")
    }

    @Test("random bytes of several sizes (1 byte up to 64 KiB)")
    func randomBytes() throws {
        var rng = SeededGenerator(seed: cliTestSeed ^ 0xB17E5)
        let scratch = try Scratch()
        let sizes = [1, Int.random(in: 2...99, using: &rng), Int.random(in: 100...4096, using: &rng), Int.random(in: 4097...65536, using: &rng)]
        for size in sizes {
            var bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if bytes.starts(with: Array("SQLite".utf8)) { bytes[0] = 0 }
            let file = scratch.path("random-\(size).bin")
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            try expectUnusable(scratch, file: file, what: "\(size) random bytes (seed \(cliTestSeed))")
        }
    }

    @Test("a text file, long or one line or one character")
    func textFile() throws {
        let scratch = try Scratch()
        let texts = [
            "Biên bản họp giao ban tuần\nThành phần: Văn phòng UBND tỉnh\n" + String(repeating: "Nội dung cuộc họp. ", count: 400),
            "hello\n",
            "x",
        ]
        for (n, text) in texts.enumerated() {
            let file = try scratch.write("notes-\(n).txt", text)
            try expectUnusable(scratch, file: file, what: "a text file of \(text.utf8.count) bytes")
        }
    }

    @Test("an SQLite database of another application")
    func otherDatabase() throws {
        let scratch = try Scratch()
        let file = scratch.path("contacts.db")
        try scratch.sqlite(file, "CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Lê', '0297');")
        try expectUnusable(scratch, file: file, what: "another application's database")
        #expect(try scratch.sqlite(file, "SELECT name FROM contacts") == "Lê\n")
        // Even one that has a table called events.
        let lookalike = scratch.path("calendar.db")
        try scratch.sqlite(lookalike, "CREATE TABLE events (seq INTEGER PRIMARY KEY, what TEXT); INSERT INTO events VALUES (1, 'họp');")
        try expectUnusable(scratch, file: lookalike, what: "a database with its own events table")
    }

    @Test("verify, digest, export and report on a missing file: exit 3, one line, no file created")
    func missingFile() throws {
        let scratch = try Scratch()
        let file = scratch.path("no-such-ledger.sqlite")
        for verb in [["verify"], ["digest"], ["export"], ["report", "--period", "2017-H1"], ["replay"]] {
            let result = try scratch.run(verb, db: file)
            let context = "`\(verb.joined(separator: " "))` on a missing file: \(result)"
            #expect(result.status == 3, "\(context)")
            #expect(result.stderrLines.count == 1, "\(context)")
            #expect(result.stderr.contains(file), "\(context)")
            #expect(!result.showsACrash, "\(context)")
            #expect(!FileManager.default.fileExists(atPath: file), "\(context)")
        }
        // A ledger in a folder that does not exist cannot be created either.
        let nowhere = scratch.path("no-such-folder/ledger.sqlite")
        let result = try scratch.run(["append", "-", "--create"], db: nowhere)
        #expect(result.status == 3, "\(result)")
        #expect(result.stderrLines.count == 1, "\(result)")
        #expect(!result.showsACrash, "\(result)")
    }
}
