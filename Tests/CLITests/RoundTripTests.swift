import Foundation
import Testing

@Suite("export and append round trip")
struct RoundTripTests {
    @Test("export → append → export is byte-identical; the copy verifies and reports the same figures")
    func exportAppendExport() throws {
        let scratch = try Scratch()
        let generator = packageRoot.appendingPathComponent("scripts/example-kien-giang-2017").path
        let generated = try scratch.runTool("python3", [generator])
        #expect(generated.status == 0, "\(generated.stderr)")
        let events = generated.stdoutLines.count
        #expect(events > 10_000, "the example generator printed only \(events) lines")
        let example = try scratch.write("example.jsonl", generated.stdout)

        let first = scratch.path("first.sqlite")
        let appended = try scratch.run(["append", example, "--create"], db: first)
        #expect(appended.status == 0, "\(appended)")
        #expect(appended.stdoutLines == ["appended \(events), duplicates 0"], "\(appended)")
        let exported = try scratch.export(db: first)
        #expect(exported.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } == events)
        let exportFile = scratch.path("first-export.jsonl")
        try exported.write(to: URL(fileURLWithPath: exportFile))

        // Another actor appends the export to an empty ledger: the lines carry their own actors and times.
        let second = scratch.path("second.sqlite")
        let copied = try RunningProcess(executable: docledgerPath,
                                        arguments: ["append", exportFile, "--create", "--db", second, "--actor", "someone.else", "--batch-size", "5000"],
                                        stdinPath: nil, scratch: scratch.directory).wait()
        #expect(copied.status == 0, "\(copied)")
        #expect(copied.stdoutLines == ["appended \(events), duplicates 0"], "\(copied)")
        let reexported = try scratch.export(db: second)
        let identical = reexported == exported
        #expect(identical, "the second export differs from the first (\(reexported.count) vs \(exported.count) bytes)")
        #expect(try scratch.digest(db: second) == (try scratch.digest(db: first)))

        let verified = try scratch.run(["verify"], db: second)
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stdoutLines.first?.hasPrefix("verify ok: \(events) events, head sequence \(events), ") == true, "\(verified)")

        let reportFirst = try scratch.run(["report", "--period", "2017-H1", "--format", "json"], db: first)
        let reportSecond = try scratch.run(["report", "--period", "2017-H1", "--format", "json"], db: second)
        #expect(reportFirst.status == 0, "\(reportFirst)")
        #expect(reportSecond.status == 0, "\(reportSecond)")
        #expect(!reportFirst.stdout.isEmpty)
        let sameReport = reportSecond.stdoutData == reportFirst.stdoutData
        #expect(sameReport, "report --format json differs between the two ledgers")
        // The figures are the example's own (from the real half-year report), not just equal to each other.
        let report = try #require(try JSONSerialization.jsonObject(with: reportFirst.stdoutData) as? [String: Any])
        let documents = try #require(report["documents"] as? [String: Any], "\(reportFirst.stdout.prefix(500))")
        #expect(documents["received"] as? Int == 11_064)
        #expect(documents["issued"] as? Int == 7_522)
    }
}
