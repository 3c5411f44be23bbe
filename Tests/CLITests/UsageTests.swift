import Foundation
import Testing

@Suite("usage and help")
struct UsageTests {
    @Test("usage errors exit 2 with a message on stderr and touch no ledger", arguments: [
        ["report"],                                   // no --period
        ["report", "--period", "2017-H3"],
        ["append", "--batch-size", "0"],
        ["append", "--batch-size", "many"],
        ["verify", "--digest", "not-a-digest"],
        ["verify", "--digest", "3:abc"],
        ["history", "D-1", "--format", "xml"],
        ["no-such-verb"],
    ])
    func usageErrors(_ arguments: [String]) throws {
        let scratch = try Scratch()
        let result = try scratch.run(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(!result.stderr.isEmpty, "\(result)")
        #expect(!result.showsACrash, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: scratch.ledger), "a usage error created the ledger: \(result)")
    }

    @Test("--help of the root names the global options and the verbs")
    func rootHelp() throws {
        let scratch = try Scratch()
        let result = try scratch.runBare(["--help"])
        #expect(result.status == 0, "\(result)")
        for word in ["--db", "--actor", "append", "verify", "digest", "export", "report"] {
            #expect(result.stdout.contains(word), "root --help does not mention \(word): \(result)")
        }
    }

    @Test("--help of append names --db, --actor and --batch-size")
    func appendHelp() throws {
        let scratch = try Scratch()
        for arguments in [["append", "--help"], ["help", "append"]] {
            let result = try scratch.runBare(arguments)
            #expect(result.status == 0, "\(result)")
            for option in ["--db", "--actor", "--batch-size", "--json"] {
                #expect(result.stdout.contains(option), "`\(arguments.joined(separator: " "))` does not mention \(option): \(result)")
            }
        }
    }
}
