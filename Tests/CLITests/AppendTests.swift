import Foundation
import Testing

/// `docledger append`: safe retries, refused lines, and batches that are all or nothing.
@Suite("append")
struct AppendTests {
    /// `line L: field: reason`
    static let problemLine = #"^line [0-9]+: [^: ]+: .+$"#

    @Test("appending the same file twice: the second time appends 0 and counts every line a duplicate; digest unchanged")
    func idempotentRetry() throws {
        let scratch = try Scratch()
        var rng = SeededGenerator(seed: cliTestSeed ^ 0x1D)
        let count = Int.random(in: 6...30, using: &rng)
        let lines = Events.validMix(count: count, prefix: "retry", using: &rng)
        let context = "seed \(cliTestSeed), \(count) events"

        let first = try scratch.append(lines)
        #expect(first.status == 0, "\(context): \(first)")
        #expect(first.stdoutLines == ["appended \(count), duplicates 0"], "\(context): \(first)")
        let digest = try scratch.digest()
        #expect(digest.hasPrefix("\(count):"), "\(context): \(digest)")
        let exported = try scratch.export()

        let second = try scratch.append(lines)
        #expect(second.status == 0, "\(context): \(second)")
        #expect(second.stdoutLines == ["appended 0, duplicates \(count)"], "\(context): \(second)")
        #expect(second.stderr.isEmpty, "\(context): \(second)")
        #expect(try scratch.digest() == digest, "\(context)")
        let exportUnchanged = try scratch.export() == exported
        #expect(exportUnchanged, "\(context): the export changed")

        // A retry of the ledger's own export is recognised too (it carries the filled-in numbers).
        let exportFile = try scratch.write("export.jsonl", String(decoding: exported, as: UTF8.self))
        let third = try scratch.run(["append", exportFile])
        #expect(third.status == 0, "\(context): \(third)")
        #expect(third.stdoutLines == ["appended 0, duplicates \(count)"], "\(context): \(third)")
        #expect(try scratch.digest() == digest, "\(context)")

        // --json reports the same counts.
        let json = try scratch.append(lines, extra: ["--json"])
        #expect(json.status == 0, "\(context): \(json)")
        let summary = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any], "\(json)")
        #expect(summary["appended"] as? Int == 0)
        #expect(summary["duplicates"] as? Int == count)
        #expect(summary["ok"] as? Bool == true)
    }

    @Test("the same id with other content: exit 1, `line 1: id: …`, ledger unchanged")
    func sameIDOtherContent() throws {
        let scratch = try Scratch()
        let original = [
            Events.directiveIssued(id: "e1", directive: "D-1"),
            Events.progress(id: "e2", directive: "D-1"),
            Events.documentIssued(id: "e3"),
        ]
        #expect(try scratch.append(original).status == 0)
        let digest = try scratch.digest()
        let exported = try scratch.export()

        let altered = Events.directiveIssued(id: "e1", directive: "D-1", content: "Nội dung khác")
        let result = try scratch.append([altered], name: "altered.jsonl")
        #expect(result.status == 1, "\(result)")
        let firstLine = try #require(result.stderrLines.first, "\(result)")
        #expect(firstLine.hasPrefix("line 1: id: "), "\(result)")
        #expect(firstLine.contains("e1"), "\(result)")
        #expect(result.stdoutLines == ["appended 0, duplicates 0"], "\(result)")
        #expect(!result.showsACrash, "\(result)")
        #expect(try scratch.digest() == digest)
        let exportUnchanged = try scratch.export() == exported
        #expect(exportUnchanged, "the export changed")

        // Another type under a known id, and a known id with an extra field, are "other content" too.
        let otherType = #"{"id":"e2","type":"DirectiveCompleted","data":{"directive_id":"D-1","completed_on":"2017-05-01"}}"#
        let extraField = Events.documentIssued(id: "e3").replacingOccurrences(of: #""subject""#, with: #""signer":"Mai Văn Huỳnh","subject""#)
        for line in [otherType, extraField] {
            let again = try scratch.append([line], name: "other.jsonl")
            #expect(again.status == 1, "\(again)")
            #expect(again.stderrLines.first?.hasPrefix("line 1: id: ") == true, "\(again)")
        }
        #expect(try scratch.digest() == digest)
    }

    @Test("a stale expected_version: exit 1 naming expected_version and a conflict; nothing written")
    func expectedVersionConflict() throws {
        let scratch = try Scratch()
        #expect(try scratch.append([
            Events.directiveIssued(id: "e1", directive: "D-1"),
            Events.progress(id: "e2", directive: "D-1"),
        ]).status == 0)
        let digest = try scratch.digest()
        let exported = try scratch.export()

        // directive:D-1 is at version 2; a writer that read it at version 1 (or 0) must be refused.
        for stale in [1, 0, 3] {
            let result = try scratch.append([
                Events.directiveIssued(id: "ok-\(stale)", directive: "D-other-\(stale)"),
                Events.progress(id: "late-\(stale)", directive: "D-1", note: "Muộn", expectedVersion: stale),
            ], name: "stale.jsonl")
            #expect(result.status == 1, "expected_version \(stale): \(result)")
            let line = result.stderrLines.first { $0.hasPrefix("line 2: expected_version: ") }
            #expect(line != nil, "expected_version \(stale): \(result)")
            #expect(line?.contains("conflict") == true, "expected_version \(stale): \(result)")
            #expect(result.stdoutLines == ["appended 0, duplicates 0"], "\(result)")
            // The whole input is one transaction: line 1 is not written either.
            #expect(try scratch.digest() == digest, "expected_version \(stale)")
            let exportUnchanged = try scratch.export() == exported
            #expect(exportUnchanged, "expected_version \(stale): the export changed")
        }

        // The right version is accepted: the check is not simply refusing everything.
        let current = try scratch.append([Events.progress(id: "e3", directive: "D-1", expectedVersion: 2)], name: "current.jsonl")
        #expect(current.status == 0, "\(current)")
        #expect(current.stdoutLines == ["appended 1, duplicates 0"], "\(current)")
        // A new stream is at version 0.
        let fresh = #"{"id":"e4","type":"DirectiveIssued","expected_version":0,"data":{"directive_id":"D-2","issued_on":"2017-03-21","lead_unit":"Sở Tài chính","content":"Mới"}}"#
        #expect(try scratch.append([fresh], name: "fresh.jsonl").status == 0)
        #expect(try scratch.eventCount() == 4)
    }

    /// Invalid 4th lines, each with the field its problem must name.
    static let invalidLines: [(line: String, field: String)] = [
        (#"{"id":"b4","type":"DirectiveIssued","data":{"directive_id":"B-4","issued_on":"2017-13-20","lead_unit":"Sở Tài chính","content":"a"}}"#, "data.issued_on"),
        (#"{"id":"b4","type":"DirectiveIssued","data":{"directive_id":"B-4","issued_on":"2017-03-20","content":"a"}}"#, "data.lead_unit"),
        (#"{"id":"b4","type":"NoSuchEvent","data":{}}"#, "type"),
        (#"{"id":"b4","type":"DirectiveIssued","data":{"directive_id":"B-4""#, "json"),
        (#"{"id":"b4","type":"DirectiveProgressReported","data":{"directive_id":"NOT-ISSUED","reported_on":"2017-04-01","unit":"Sở Tài chính","note":"x"}}"#, "data.directive_id"),
        (#"{"id":"b4","type":"DirectiveIssued","colour":"red","data":{"directive_id":"B-4","issued_on":"2017-03-20","lead_unit":"Sở Tài chính","content":"a"}}"#, "colour"),
    ]

    static func fiveLines(invalid: String) -> [String] {
        [
            Events.directiveIssued(id: "b1", directive: "B-1"),
            Events.documentIssued(id: "b2"),
            Events.progress(id: "b3", directive: "B-1"),
            invalid,
            Events.directiveIssued(id: "b5", directive: "B-5"),
        ]
    }

    @Test("a failing batch leaves the ledger exactly as it was", arguments: 0..<invalidLines.count)
    func failingBatchWritesNothing(_ which: Int) throws {
        let (invalid, field) = Self.invalidLines[which]
        let scratch = try Scratch()
        #expect(try scratch.append([Events.directiveIssued(id: "before", directive: "D-0")], name: "before.jsonl").status == 0)
        let digest = try scratch.digest()
        let exported = try scratch.export()

        let result = try scratch.append(Self.fiveLines(invalid: invalid))
        #expect(result.status == 1, "\(result)")
        #expect(!result.showsACrash, "\(result)")
        let problems = result.stderrLines.filter { $0.hasPrefix("line ") }
        #expect(problems.count == 1, "\(result)")
        #expect(problems.first?.hasPrefix("line 4: \(field): ") == true, "\(result)")
        for problem in problems {
            #expect(problem.range(of: Self.problemLine, options: .regularExpression) != nil, "not `line L: field: reason`: \(problem)")
        }
        #expect(result.stderrLines.filter { !$0.hasPrefix("line ") }
                == ["nothing of lines 1-5 was written; 0 event(s) before them were appended"], "\(result)")
        #expect(result.stdoutLines == ["appended 0, duplicates 0"], "\(result)")
        #expect(try scratch.digest() == digest)
        #expect(try scratch.eventCount() == 1)
        let exportUnchanged = try scratch.export() == exported
        #expect(exportUnchanged, "the export changed")
    }

    @Test("every problem of a failing input is printed, each as `line L: field: reason`")
    func everyProblemPrinted() throws {
        let scratch = try Scratch()
        var lines = Self.fiveLines(invalid: Self.invalidLines[0].line)
        lines[1] = #"{"id":"b2","type":"DocumentIssued","data":{"issued_on":"2017-02-30","doc_type":"QĐ","subject":"x"}}"#
        let result = try scratch.append(lines)
        #expect(result.status == 1, "\(result)")
        let problems = result.stderrLines.filter { $0.hasPrefix("line ") }
        #expect(problems.count == 2, "\(result)")
        #expect(problems.first?.hasPrefix("line 2: data.issued_on: ") == true, "\(result)")
        #expect(problems.last?.hasPrefix("line 4: data.issued_on: ") == true, "\(result)")
        for problem in problems {
            #expect(problem.range(of: Self.problemLine, options: .regularExpression) != nil, "not `line L: field: reason`: \(problem)")
        }
        #expect(try scratch.eventCount() == 0)
    }

    @Test("with --batch-size 2 the batch before the failing one stays committed; the failing batch is not written")
    func batchSizeKeepsEarlierBatches() throws {
        var rng = SeededGenerator(seed: cliTestSeed ^ 0xBA7C4)
        let which = Int.random(in: 0..<Self.invalidLines.count, using: &rng)
        let (invalid, field) = Self.invalidLines[which]
        let context = "seed \(cliTestSeed), invalid line \(which)"
        let scratch = try Scratch()
        #expect(try scratch.append([Events.directiveIssued(id: "before", directive: "D-0")], name: "before.jsonl").status == 0)

        let result = try scratch.append(Self.fiveLines(invalid: invalid), extra: ["--batch-size", "2"])
        #expect(result.status == 1, "\(context): \(result)")
        #expect(result.stdoutLines == ["appended 2, duplicates 0"], "\(context): \(result)")
        #expect(result.stderrLines.first?.hasPrefix("line 4: \(field): ") == true, "\(context): \(result)")
        #expect(result.stderrLines.dropFirst()
                == ["nothing of lines 3-4 was written; 2 event(s) before them were appended"], "\(context): \(result)")

        let ids = try exportedIDs(scratch)
        #expect(ids == ["before", "b1", "b2"], "\(context)")
        #expect(try scratch.digest().hasPrefix("3:"), "\(context)")

        // Fixing line 4 and appending the same file again finishes the job: b1, b2 are duplicates.
        let fixed = Self.fiveLines(invalid: Events.directiveIssued(id: "b4", directive: "B-4"))
        let retry = try scratch.append(fixed, name: "fixed.jsonl", extra: ["--batch-size", "2"])
        #expect(retry.status == 0, "\(context): \(retry)")
        #expect(retry.stdoutLines == ["appended 3, duplicates 2"], "\(context): \(retry)")
        #expect(try exportedIDs(scratch) == ["before", "b1", "b2", "b3", "b4", "b5"], "\(context)")
    }

    func exportedIDs(_ scratch: Scratch) throws -> [String] {
        try String(decoding: scratch.export(), as: UTF8.self).split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["id"] as? String ?? "?"
        }
    }
}
