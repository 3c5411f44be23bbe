import Testing
import Foundation
@testable import DocLedgerKit
import LedgerJSON
import OfficeDomain
import LedgerStore
import TestSupport

@Suite("the Ledger API as a front end uses it")
struct FrontDoorTests {
    let issue1 = line("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Phê duyệt đề án"], id: "a")
    let issue2 = line("DocumentIssued", ["issued_on": "2017-01-07", "doc_type": "QĐ", "subject": "Phê duyệt quy hoạch"], id: "b")
    let issue3 = line("DocumentIssued", ["issued_on": "2017-01-08", "doc_type": "CT", "subject": "Tăng cường kỷ luật"], id: "c")

    @Test("a read error in the middle of a batch rolls the batch back, says so, and the ledger stays usable (reading inline, and ahead on a second thread)",
          arguments: [false, true])
    func readErrorMidBatch(readAhead: Bool) throws {
        let t = try TestLedger()
        try t.given([issue1])
        let head = try t.head()
        let bytes = Array((issue2 + "\n" + issue3 + "\n").utf8)
        var served = false
        // Two lines, then the disk fails.
        let reader = LineReader { (buffer: UnsafeMutableRawBufferPointer) throws(LineReaderError) -> Int in
            if served { throw LineReaderError(errno: EIO) }
            served = true
            buffer.copyBytes(from: bytes)
            return bytes.count
        }
        var options = AppendOptions(actor: "test")
        options.readAhead = readAhead
        let error = try #require(throws: InputUnreadable.self) {
            try t.ledger.append(from: reader, options: options)
        }
        #expect(error.exitCode == 2)
        #expect(error.description == "cannot read the input after line 2: \(String(cString: strerror(EIO)))")
        #expect(try t.head() == head, "nothing of the failing batch was written")
        try t.given([issue2])
        #expect(try t.count() == 2)
    }

    @Test("reading ahead on a second thread appends the same events, refuses the same lines and stops at the same batch as reading inline")
    func readAheadSameOutcome() throws {
        var rng = SeededGenerator(seed: 20_171)
        var lines = (0..<3_000).map { i in
            line("DocumentIssued", ["issued_on": .string("2017-0\(1 + i % 9)-1\(i % 10)"), "doc_type": i % 3 == 0 ? "CV" : "QĐ",
                                    "subject": .string("Văn bản \(i) \(rng.next() % 1000)")], id: "e\(i)")
        }
        lines.insert("", at: 700)                                  // blank: not counted
        lines.insert("{\"type\": \"DocumentIssued\"", at: 2_100)     // unreadable: refuses its batch
        let input = Array(lines.joined(separator: "\n").utf8)
        var outcomes: [(AppendResult, ChainHead)] = []
        for readAhead in [false, true] {
            let t = try TestLedger()
            var options = AppendOptions(batchSize: 500, actor: "test")
            options.readAhead = readAhead
            options.clock = { Timestamp(parsing: "2017-12-31T00:00:00.000Z")! }
            var progress: [Int] = []
            options.onProgress = { events, _ in progress.append(events) }
            let result = try t.ledger.append(from: LineReader(bytes: input), options: options)
            #expect(progress.last == result.appended + result.duplicates)
            outcomes.append((result, try t.head()))
        }
        let (inline, ahead) = (outcomes[0], outcomes[1])
        #expect(inline.0.appended == 2_000 && inline.0.problems.map(\.line) == [2_101])
        #expect(ahead.0.appended == inline.0.appended && ahead.0.duplicates == inline.0.duplicates)
        #expect(ahead.0.problems == inline.0.problems && ahead.0.notWritten == inline.0.notWritten)
        #expect(ahead.1 == inline.1, "same events, same chain")
    }

    @Test("a typed command reports what the ledger gave it, refusals name the field, a retry is recognised")
    func record() throws {
        let t = try TestLedger()
        let issued = try t.ledger.record(.issue, on: "2017-01-06", fields: [("doc_type", .text("QĐ")), ("subject", .text("Đề án"))],
                                         id: "x1", actor: "vanthu")
        #expect(issued.numberSymbol == "01/QĐ-UBND" && issued.seq == 1 && !issued.isDuplicate)
        let again = try t.ledger.record(.issue, on: "2017-01-06", fields: [("doc_type", .text("QĐ")), ("subject", .text("Đề án"))],
                                        id: "x1", actor: "vanthu")
        #expect(again.isDuplicate)
        let received = try t.ledger.record(.receive, on: "2017-01-09", fields: [
            ("sender", .text("Sở Tài chính")), ("number_symbol", .text("45/BC-STC")), ("doc_type", .text("BC")),
            ("subject", .text("Báo cáo thu chi")),
        ], actor: "vanthu")
        #expect(received.arrivalNumber == "1/2017")
        let refused = try #require(throws: Rejected.self) {
            try t.ledger.record(.directiveExtend, on: "2017-02-30", fields: [("directive_id", .text("D-9")),
                                ("new_deadline", .text("2017-06-30")), ("reason", .text("Chậm"))], actor: "lanhdao")
        }
        #expect(refused.exitCode == 1)
        #expect(refused.problems.map(\.field) == ["extended_on"])
        #expect(try t.count() == 2)
    }

    @Test("the actor of the options is checked as an event's own actor is (usage, exit 2, nothing written) and stored in NFC")
    func actorOfTheOptions() throws {
        let t = try TestLedger()
        for bad in ["vanthu\nnguyen", String(repeating: "a", count: 201), " "] {
            let refused = try #require(throws: UsageProblem.self) {
                try t.ledger.append(from: LineReader(bytes: Array(issue1.utf8)), options: AppendOptions(actor: bad))
            }
            #expect(refused.exitCode == 2 && refused.field == "actor")
            #expect(throws: UsageProblem.self) {
                try t.ledger.record(.issue, on: "2017-01-06", fields: [("doc_type", .text("QĐ")), ("subject", .text("Đề án"))], actor: bad)
            }
        }
        #expect(try t.count() == 0)
        let composed = "Trần Thị Thư"
        _ = try t.ledger.record(.issue, on: "2017-01-06", fields: [("doc_type", .text("QĐ")), ("subject", .text("Đề án"))],
                                actor: composed.decomposedStringWithCanonicalMapping)
        var exported = ""
        try t.ledger.export { exported += $0 }
        #expect(Array(exported.utf8).firstRange(of: Array("\"actor\":\"\(composed)\"".utf8)) != nil,
                "\(exported)")
    }

    @Test("errors from below the door carry an exit code: a missing ledger is unusable (3), a bad period is usage (2)")
    func failures() throws {
        let missing = try #require(throws: LedgerUnusable.self) {
            try Ledger(path: "/tmp/docledger-no-such-folder-\(UUID().uuidString)/ledger.sqlite", access: .write)
        }
        #expect(missing.exitCode == 3)
        let period = try #require(throws: UsageProblem.self) { try ReportRequest(period: "2017-H3") }
        #expect(period.exitCode == 2 && period.field == "period")
        #expect(throws: UsageProblem.self) { try ReportRequest(period: "2017-H1", asOf: "yesterday") }
    }

    @Test("the NFC check the fuzz test uses tells decomposed text from composed (String == does not)")
    func nfcCheck() {
        let composed = "Sở Nội vụ", decomposed = nfd("Sở Nội vụ")
        #expect(composed == decomposed, "Swift's == treats canonically equivalent strings as equal")
        #expect(isStoredNFC(composed))
        #expect(!isStoredNFC(decomposed))
    }
}

@Suite("group commit: several requests in one transaction, each all or nothing")
struct GroupCommitTests {
    @Test("a refused request in the group leaves the others, their numbers and the per-day counts exactly as if alone")
    func requestsStayAllOrNothing() throws {
        let t = try TestLedger()
        var results: [String] = []
        let good1 = line("DocumentIssued", ["issued_on": "2017-01-05", "doc_type": "QĐ", "subject": "Một"], at: at("2017-01-05"))
        let refused = [line("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Hai"], at: at("2017-01-06")),
                       line("DirectiveCompleted", ["directive_id": "D-9", "completed_on": "2017-01-06"], at: at("2017-01-06", 1))]
        try t.ledger.inOneTransaction([
            { results.append(String(describing: try? t.append([good1]).appended)) },
            { results.append(String(describing: try? t.append(refused).problems.map(\.description))) },
            { results.append((try? t.ledger.record(.issue, on: "2017-01-07", fields: [("doc_type", .text("QĐ")), ("subject", .text("Ba"))],
                                                   actor: "vanthu").numberSymbol) ?? "failed") },
        ])
        #expect(results == ["Optional(1)", "Optional([\"line 2: data.directive_id: unknown directive D-9 (no DirectiveIssued for it)\"])", "02/QĐ-UBND"])
        #expect(try t.events().map(\.stream) == ["document:01/QĐ-UBND@2017", "document:02/QĐ-UBND@2017"])
        #expect(try t.report("2017-H1").json("documents.issued") == .int(2), "the refused request's count was undone with it")
        #expect(try t.ledger.verify().problems == [])
    }
}
