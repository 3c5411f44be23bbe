import Testing
import LedgerJSON
@testable import DocLedgerKit
import OfficeProjections

/// Every hand-made ledger of this target in one, merged in recorded_at order (each list keeps its own order).
func allHandMadeEvents() -> [String] {
    let lists = [programmeEvents(), documentEvents(), directiveEvents(), historyEvents()]
    var keyed: [(String, Int, Int, String)] = []
    for (l, list) in lists.enumerated() {
        for (i, text) in list.enumerated() {
            let recordedAt = (try? JSONParser.parse(text))?.objectValue?["recorded_at"]?.stringValue ?? ""
            keyed.append((recordedAt, l, i, text))
        }
    }
    return keyed.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.3)
}

@Suite("Replay: the read tables are a fold of the log")
struct ReplayTests {
    @Test("after appends, a replay into scratch tables equals the live tables; rebuilding in place changes no report")
    func replayEqualsIncremental() throws {
        let t = try TestLedger()
        let lines = allHandMadeEvents()
        #expect(lines.count == 17 + 25 + 23 + 7)
        // Appended in several inputs, as clerks would over the days.
        for chunk in stride(from: 0, to: lines.count, by: 10) {
            try t.given(Array(lines[chunk..<min(chunk + 10, lines.count)]))
        }
        let check = try t.ledger.replayCheck()
        #expect(check.result.events == Int64(lines.count))
        #expect(check.differences == [])

        let periods = ["2017-H1", "2017-Q3", "2017", "2016", "2017-01-02..2017-06-29"]
        let before = try periods.map { try t.report($0).json.canonicalString }
        let asOfBefore = try t.report("2017-H1", asOf: endOf("2017-03-19")).json.canonicalString
        let replayed = try t.ledger.replay()
        #expect(replayed.events == Int64(lines.count))
        #expect(try periods.map { try t.report($0).json.canonicalString } == before)
        #expect(try t.report("2017-H1", asOf: endOf("2017-03-19")).json.canonicalString == asOfBefore)
        #expect(try t.ledger.replayCheck().differences == [])
        let verified = try t.ledger.verify()
        #expect(verified.events == Int64(lines.count) && verified.problems == [])
    }

    @Test("the merged ledger still gives each hand-made answer (the lists do not disturb one another)")
    func mergedAnswers() throws {
        let t = try TestLedger()
        try t.given(allHandMadeEvents())
        let h1 = try t.report("2017-H1")
        // Documents: the documents list (received 2, issued 7) plus 74/TB and 09/KH of the history list.
        #expect(h1.documents.received == 2 && h1.documents.issued == 9)
        // Directives: 12 of the directives list plus the 2 of the history list (TB74 completed late on 2/3 after
        // a 24/2 deadline; CT21 with no deadline in progress).
        #expect(h1.directives.counts == [.completedOnTime: 3, .completedLate: 3, .inProgress: 3, .overdue: 4, .cancelled: 1])
        #expect(h1.programme.total == 11 && h1.programme.dueInPeriod == 7 && h1.programme.approvedInPeriod == 3)
    }
}
