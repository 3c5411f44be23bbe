import Foundation
import Testing

/// Issue 4's correctness checks (speed is measured by scripts/bench, never here): a streamed,
/// batched import gives the same ledger as one transaction, and replay equals the incremental
/// projections.
@Suite struct StreamingTests {
    @Test("a streamed import in small batches gives the same events, reports and projections as one batch")
    func streamedEqualsOneBatch() throws {
        let scratch = try Scratch()
        let gen = try scratch.runTool("python3", [packageRoot.appendingPathComponent("scripts/gen-events").path, "6000", "--seed", "11"])
        #expect(gen.status == 0, "\(gen)")
        let file = scratch.path("events.jsonl")
        try gen.stdoutData.write(to: URL(fileURLWithPath: file))
        let streamed = scratch.path("streamed.sqlite"), whole = scratch.path("whole.sqlite")
        // Streamed through stdin, 97 lines per transaction (batches that do not divide the file).
        let a = try scratch.run(["append", "-", "--batch-size", "97", "--quiet", "--create"], db: streamed, stdin: file)
        let b = try scratch.run(["append", file, "--create"], db: whole)
        #expect(a.stdoutLines == ["appended 6000, duplicates 0"] && b.stdoutLines == ["appended 6000, duplicates 0"], "\(a)\n\(b)")
        #expect(try scratch.digest(db: streamed) == scratch.digest(db: whole), "same events, same chain")
        for period in ["2016-H1", "2016-H2", "2016-Q3", "2016", "2016-03-01..2016-09-30"] {
            for format in ["json", "text", "csv"] {
                let x = try scratch.run(["report", "--period", period, "--format", format], db: streamed)
                let y = try scratch.run(["report", "--period", period, "--format", format], db: whole)
                #expect(x.status == 0 && x.stdout == y.stdout, "\(period) \(format)\n\(x)\n\(y)")
            }
        }
        for db in [streamed, whole] {
            let check = try scratch.run(["replay", "--check"], db: db)
            #expect(check.status == 0 && check.stdout.hasPrefix("replay check passed: 6000 events"), "\(check)")
            let before = try scratch.run(["report", "--period", "2016", "--format", "json"], db: db)
            let replay = try scratch.run(["replay"], db: db)
            #expect(replay.status == 0 && replay.stdout.hasPrefix("replayed 6000 events"), "\(replay)")
            let after = try scratch.run(["report", "--period", "2016", "--format", "json"], db: db)
            #expect(before.stdout == after.stdout, "replay changes no figure")
        }
    }
}
