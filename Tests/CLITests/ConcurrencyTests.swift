import Foundation
import Testing

@Suite("concurrent writers")
struct ConcurrencyTests {
    @Test("6 appenders and 3 typed issues at once on a fresh ledger: all succeed, nothing lost, numbers distinct")
    func concurrentAppends() throws {
        var rng = SeededGenerator(seed: cliTestSeed ^ 0xC0C0)
        let scratch = try Scratch()
        let appenders = 6, issuers = 3
        var files: [String] = []
        var expected = 0
        var documentsInFiles = 0
        for p in 1...appenders {
            let count = Int.random(in: 15...30, using: &rng)
            var lines = Events.validMix(count: count, prefix: "w\(p)", using: &rng)
            // Documents issued the same day as the typed issues: they all draw from one QĐ series.
            lines = lines.map { $0.contains(#""type":"DocumentIssued""#) ? $0.replacingOccurrences(of: "2017-01-09", with: "2017-05-05") : $0 }
            documentsInFiles += lines.filter { $0.contains(#""type":"DocumentIssued""#) }.count
            files.append(try scratch.write("writer-\(p).jsonl", lines.map { $0 + "\n" }.joined()))
            expected += count
        }
        expected += issuers
        let context = "seed \(cliTestSeed), \(expected) events"

        // The ledger does not exist yet: the writers also race to create it.
        #expect(!FileManager.default.fileExists(atPath: scratch.ledger))
        var running: [RunningProcess] = []
        for file in files { running.append(try scratch.start(["append", file, "--batch-size", "1", "--create"])) }
        // Only `append --create` and `init` create a ledger: the clerks start once it exists.
        for _ in 0..<1000 where !FileManager.default.fileExists(atPath: scratch.ledger) { usleep(10_000) }
        for k in 1...issuers {
            running.append(try scratch.start(["issue", "--type", "QĐ", "--subject", "Quyết định đồng thời \(k)", "--on", "2017-05-05"]))
        }
        let results = try running.map { try $0.wait() }

        for result in results {
            #expect(result.status == 0, "\(context): \(result)")
            #expect(!result.showsACrash, "\(context): \(result)")
            let stderr = result.stderr.lowercased()
            #expect(!stderr.contains("busy") && !stderr.contains("locked"), "\(context): \(result)")
        }
        for (p, result) in results.prefix(appenders).enumerated() {
            let lines = try String(contentsOfFile: files[p], encoding: .utf8).split(separator: "\n").count
            #expect(result.stdoutLines == ["appended \(lines), duplicates 0"], "\(context): \(result)")
        }

        #expect(try scratch.eventCount() == expected, "\(context)")
        let verified = try scratch.run(["verify"])
        #expect(verified.status == 0, "\(context): \(verified)")
        #expect(verified.stdoutLines.first?.hasPrefix("verify ok: \(expected) events, head sequence \(expected), ") == true,
                "\(context): \(verified)")
        let sequence = try scratch.sqlite(scratch.ledger, "SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM events")
        #expect(sequence.trimmingCharacters(in: .whitespacesAndNewlines) == "\(expected)|\(expected)|1|\(expected)", "\(context)")

        // Numbers: each typed issue printed the one it got; all QĐ numbers of 2017 are distinct and 1...n.
        let printed = results.suffix(issuers).map { $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(Set(printed).count == issuers, "\(context): \(printed)")
        for symbol in printed {
            #expect(symbol.range(of: #"^[0-9]+/QĐ-UBND$"#, options: .regularExpression) != nil, "\(context): \(symbol)")
        }
        let numbers = try scratch.sqlite(scratch.ledger, """
            SELECT json_extract(data, '$.number') FROM events WHERE type = 'DocumentIssued' ORDER BY seq
            """).split(separator: "\n").compactMap { Int($0) }
        let total = documentsInFiles + issuers
        #expect(numbers.count == total, "\(context)")
        #expect(Set(numbers) == Set(1...total), "\(context): numbers \(numbers)")
        let printedNumbers = printed.compactMap { $0.split(separator: "/").first.flatMap { Int($0) } }
        #expect(Set(printedNumbers).isSubset(of: Set(numbers)), "\(context): \(printed)")
    }

    @Test("8 processes creating one ledger at once, 12 rounds: every commit of every process is in it")
    func creationRace() throws {
        var rng = SeededGenerator(seed: cliTestSeed ^ 0xC4EA7E)
        // A lost commit showed only when one writer's first commits went to a WAL that another
        // process, finding the main file still empty, deleted: a race, hence several rounds.
        for round in 1...12 {
            let scratch = try Scratch()
            var files: [String] = []
            for p in 1...8 {
                let lines = Events.validMix(count: 6, prefix: "r\(round)w\(p)", using: &rng)
                files.append(try scratch.write("writer-\(p).jsonl", lines.map { $0 + "\n" }.joined()))
            }
            let running = try files.map { try scratch.start(["append", $0, "--batch-size", "1", "--create"]) }
            let results = try running.map { try $0.wait() }
            let context = "seed \(cliTestSeed), round \(round)"
            #expect(results.allSatisfy { $0.status == 0 }, "\(context): \(results.filter { $0.status != 0 })")
            #expect(try scratch.eventCount() == 8 * 6, "\(context)")
        }
    }
}
