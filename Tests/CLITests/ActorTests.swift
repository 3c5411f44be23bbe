import Foundation
import Testing

/// `--actor` and `$DOCLEDGER_ACTOR` are checked and normalised exactly as an event's own
/// `"actor"` is: a name the envelope would refuse is a usage error naming where it came from.
@Suite("--actor and DOCLEDGER_ACTOR")
struct ActorTests {
    static let issue = ["issue", "--type", "QĐ", "--subject", "Phê duyệt đề án", "--on", "2017-01-06"]

    /// The `actor` of every exported event, in order.
    func exportedActors(_ scratch: Scratch) throws -> [String] {
        let export = try scratch.runBare(["export", "--db", scratch.ledger])
        #expect(export.status == 0, "\(export)")
        return try export.stdoutLines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            return try #require(object["actor"] as? String, "\(line)")
        }
    }

    @Test("a name typed decomposed (NFD) is stored composed (NFC), from --actor and from DOCLEDGER_ACTOR, by a typed verb and by append")
    func decomposedNameIsStoredComposed() throws {
        let scratch = try Scratch()
        let composed = "Nguyễn Thị Thư"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(Array(decomposed.utf8) != Array(composed.utf8))
        #expect(try scratch.run(["init"]).status == 0)

        let byOption = try scratch.runBare(Self.issue + ["--db", scratch.ledger, "--actor", decomposed])
        #expect(byOption.status == 0, "\(byOption)")
        let byEnvironment = try scratch.runBare(Self.issue + ["--db", scratch.ledger], environment: ["DOCLEDGER_ACTOR": decomposed])
        #expect(byEnvironment.status == 0, "\(byEnvironment)")
        let file = try scratch.write("one.jsonl", Events.directiveIssued(id: "nfd-1", directive: "D-1") + "\n")
        let appended = try scratch.runBare(["append", file, "--db", scratch.ledger, "--actor", decomposed])
        #expect(appended.status == 0, "\(appended)")

        let actors = try exportedActors(scratch)
        #expect(actors.count == 3)
        #expect(actors.allSatisfy { Array($0.utf8) == Array(composed.utf8) }, "\(actors.map { Array($0.utf8) })")
    }

    @Test("a newline, a control byte, 300 bytes or blanks: exit 2 naming --actor or DOCLEDGER_ACTOR, and nothing written")
    func malformedNameIsAUsageError() throws {
        let scratch = try Scratch()
        let file = try scratch.write("one.jsonl", Events.directiveIssued(id: "bad-1", directive: "D-1") + "\n")
        let sentence = "must be one line of at most 200 bytes without control characters"
        let cases: [(name: String, reason: String)] = [
            ("vanthu\nnguyen", sentence),
            ("vanthu\u{1B}[31m", sentence),
            (String(repeating: "a", count: 300), sentence),
            (String(repeating: "ư", count: 101), sentence),   // 202 bytes
        ]
        for (name, reason) in cases {
            for verb in [Self.issue, ["append", file]] {
                let byOption = try scratch.runBare(verb + ["--db", scratch.ledger, "--actor", name])
                #expect(byOption.status == 2, "\(byOption)")
                #expect(byOption.stderr.contains("--actor: \(reason)"), "\(byOption)")
                let byEnvironment = try scratch.runBare(verb + ["--db", scratch.ledger], environment: ["DOCLEDGER_ACTOR": name])
                #expect(byEnvironment.status == 2, "\(byEnvironment)")
                #expect(byEnvironment.stderr.contains("DOCLEDGER_ACTOR: \(reason)"), "\(byEnvironment)")
                #expect(!byEnvironment.showsACrash && !byOption.showsACrash)
            }
        }
        // Blank: --actor keeps its own sentence; the environment's is the envelope's.
        let blankOption = try scratch.runBare(Self.issue + ["--db", scratch.ledger, "--actor", "  "])
        #expect(blankOption.status == 2 && blankOption.stderr.contains("--actor must not be empty"), "\(blankOption)")
        let blankEnvironment = try scratch.runBare(Self.issue + ["--db", scratch.ledger], environment: ["DOCLEDGER_ACTOR": "  "])
        #expect(blankEnvironment.status == 2 && blankEnvironment.stderr.contains("DOCLEDGER_ACTOR: must not be empty"), "\(blankEnvironment)")
        #expect(!FileManager.default.fileExists(atPath: scratch.ledger), "a refused actor must not even create the ledger")

        // 200 bytes exactly is a name.
        #expect(try scratch.run(["init"]).status == 0)
        let longest = try scratch.runBare(Self.issue + ["--db", scratch.ledger, "--actor", String(repeating: "ư", count: 100)])
        #expect(longest.status == 0, "\(longest)")
        #expect(try exportedActors(scratch) == [String(repeating: "ư", count: 100)])
    }

    @Test("events appended under an odd but valid actor export and append back to an empty ledger identically")
    func oddActorRoundTrips() throws {
        let scratch = try Scratch()
        let odd = #"Lê "Văn" O'Brien \ 😀 Thư/KTTH, #1"#.decomposedStringWithCanonicalMapping
        #expect(try scratch.run(["init"]).status == 0)
        let issued = try scratch.runBare(Self.issue + ["--db", scratch.ledger, "--actor", odd])
        #expect(issued.status == 0, "\(issued)")
        let file = try scratch.write("one.jsonl", Events.directiveIssued(id: "odd-1", directive: "D-1") + "\n")
        let appended = try scratch.runBare(["append", file, "--db", scratch.ledger], environment: ["DOCLEDGER_ACTOR": odd])
        #expect(appended.status == 0, "\(appended)")

        let exported = try scratch.export()
        let exportFile = scratch.path("export.jsonl")
        try exported.write(to: URL(fileURLWithPath: exportFile))
        let copy = scratch.path("copy.sqlite")
        let copied = try scratch.run(["append", exportFile, "--create"], db: copy)
        #expect(copied.status == 0 && copied.stdoutLines == ["appended 2, duplicates 0"], "\(copied)")
        let same = try scratch.export(db: copy) == exported
        #expect(same, "the copy's export differs: \(String(decoding: exported, as: UTF8.self))")
        #expect(try scratch.digest(db: copy) == (try scratch.digest()))
    }
}
