import Testing
import Foundation
import LedgerJSON
import LedgerStore
@testable import DocLedgerKit
import OfficeDomain

private func issued(_ day: String, _ type: String, legal: Bool = false, number: Int? = nil, id: String? = nil,
                    subject: String = "Văn bản đi") -> String {
    var data: JSONObject = ["issued_on": .string(day), "doc_type": .string(type), "subject": .string(subject)]
    if legal { data["legal_normative"] = true }
    if let number { data["number"] = .int(Int64(number)) }
    return line("DocumentIssued", data, id: id)
}

/// A received document; `number` makes its symbol (`15/BTC-NSNN`): one document is registered once.
private func received(_ day: String, arrival: Int? = nil, id: String? = nil, number: Int = 15) -> String {
    var data: JSONObject = ["received_on": .string(day), "sender": "Bộ Tài chính", "number_symbol": .string("\(number)/BTC-NSNN"),
                            "doc_type": "CV", "subject": "Về việc điều hành ngân sách"]
    if let arrival { data["arrival_no"] = .int(Int64(arrival)) }
    return line("DocumentReceived", data, id: id)
}

/// The number the ledger stored in an event's data.
private func storedNumber(_ event: StoredEvent, key: String = "number") throws -> Int64? {
    try JSONParser.parse(event.data).objectValue?[key]?.intValue
}

@Suite("Registers: outgoing numbers, arrival numbers, idempotent retries")
struct RegistersTests {
    @Test("numbers: next in series, QĐ and CT share, legal normative and KH apart, CV alone, explicit numbers, new year restarts")
    func numberAllocation() throws {
        let t = try TestLedger()
        // By hand: QĐ+CT series 1, 2, 3, then explicit 10, then 11; legal normative 1, 2; KH 1, 2; CV 1;
        // an explicit 5 fills a gap without moving the next number (12); 2018 starts again at 1 in each series.
        let result = try t.given([
            issued("2017-01-05", "QĐ"),
            issued("2017-01-06", "CT"),
            issued("2017-01-06", "QĐ", legal: true),
            issued("2017-01-07", "KH"),
            issued("2017-01-08", "QĐ"),
            issued("2017-01-08", "CV"),
            issued("2017-01-09", "QĐ", legal: true),
            issued("2017-01-10", "QĐ", number: 10),
            issued("2017-01-11", "CT"),
            issued("2017-01-12", "KH"),
            issued("2017-01-13", "QĐ", number: 5),
            issued("2017-01-16", "QĐ"),
            issued("2018-01-02", "QĐ"),
            issued("2018-01-02", "QĐ", legal: true),
            issued("2018-01-03", "CT"),
        ])
        #expect(result.appendedEvents.map(\.stream) == [
            "document:01/QĐ-UBND@2017", "document:02/CT-UBND@2017", "document:01/2017/QĐ-UBND@2017", "document:01/KH-UBND@2017",
            "document:03/QĐ-UBND@2017", "document:01/UBND@2017", "document:02/2017/QĐ-UBND@2017", "document:10/QĐ-UBND@2017",
            "document:11/CT-UBND@2017", "document:02/KH-UBND@2017", "document:05/QĐ-UBND@2017", "document:12/QĐ-UBND@2017",
            "document:01/QĐ-UBND@2018", "document:01/2018/QĐ-UBND@2018", "document:02/CT-UBND@2018",
        ])
        // The allocated number is stored with the event, so it stays the same fact whatever happens later.
        #expect(try result.appendedEvents.map { try storedNumber($0) } == [1, 2, 1, 1, 3, 1, 2, 10, 11, 2, 5, 12, 1, 1, 2])
    }

    @Test("an explicit number already used in its series and year is refused, naming the holder; nothing is written")
    func duplicateNumbers() throws {
        let t = try TestLedger()
        try t.given([issued("2017-01-05", "QĐ"), issued("2017-01-05", "QĐ"), issued("2017-01-05", "QĐ"),
                     issued("2017-01-06", "QĐ", legal: true), issued("2017-01-07", "KH", number: 9)])
        try t.expectRefused(issued("2017-02-01", "CT", number: 3), field: "data.number",
                            reason: "3 is already used in series QĐ+CT of 2017 (by 03/QĐ-UBND)")
        try t.expectRefused(issued("2017-02-01", "QĐ", legal: true, number: 1), field: "data.number",
                            reason: "1 is already used in series QPPL of 2017 (by 01/2017/QĐ-UBND)")
        try t.expectRefused(issued("2017-02-01", "KH", number: 9), field: "data.number",
                            reason: "9 is already used in series KH of 2017 (by 09/KH-UBND)")
        // The same numbers are free in another year or another series.
        try t.given([issued("2018-01-02", "CT", number: 3), issued("2017-02-01", "TTr", number: 3)])
    }

    @Test("a công văn whose issuer starts with a type code is refused: its symbol would be another document's")
    func officialLetterIssuer() throws {
        let t = try TestLedger()
        try t.given([issued("2017-01-05", "QĐ")])
        // Before the fix this line reached SQLite (UNIQUE constraint failed: p_documents_issued.symbol, year) and
        // left the ledger's connection inside an open transaction.
        try t.expectRefused(line("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "CV", "subject": "Về việc", "issuer": "QĐ-UBND"]),
                            field: "data.issuer",
                            reason: "\"QĐ-UBND\" would make this công văn's symbol read as a QĐ document's; a công văn's issuer cannot start with a document type code")
        let result = try t.given([line("DocumentIssued", ["issued_on": "2017-01-06", "doc_type": "CV", "subject": "Về việc", "issuer": "UBND-KT"]),
                                  issued("2017-01-07", "QĐ")])
        #expect(result.appendedEvents.map(\.stream) == ["document:01/UBND-KT@2017", "document:02/QĐ-UBND@2017"])
    }

    @Test("a storage failure in the middle of an input rolls it back and leaves the ledger usable")
    func storageFailureRollsBack() throws {
        let t = try TestLedger()
        try t.given([issued("2017-01-05", "QĐ")])
        let head = try t.head()
        // A stray read-table row holding the symbol the next plan would get makes its projection fail in SQLite.
        try t.ledger.db.execute("""
            INSERT INTO p_documents_issued (year, series, number, symbol, doc_type, legal_normative, issued_on, subject, issuer, seq)
            VALUES (2017, 'stray', 1, '01/KH-UBND', 'KH', 0, '2017-01-01', 'stray', 'UBND', 999)
            """)
        #expect(throws: (any Error).self) { try t.append([issued("2017-01-06", "TTr"), issued("2017-01-06", "KH")]) }
        #expect(try t.head() == head && t.count() == 1)
        // The connection is not left inside the failed transaction: the next input is appended.
        try t.ledger.db.execute("DELETE FROM p_documents_issued WHERE series = 'stray'")
        let next = try t.given([issued("2017-01-06", "TTr"), issued("2017-01-06", "KH")])
        #expect(next.appendedEvents.map(\.stream) == ["document:01/TTr-UBND@2017", "document:01/KH-UBND@2017"])
    }

    @Test("which types share a series is configuration: with no shared groups QĐ and CT are numbered apart")
    func configuredSeries() throws {
        let t = try TestLedger(series: SeriesConfig(sharedGroups: []))
        let result = try t.given([issued("2017-01-05", "QĐ"), issued("2017-01-06", "CT"), issued("2017-01-07", "QĐ")])
        #expect(result.appendedEvents.map(\.stream) == ["document:01/QĐ-UBND@2017", "document:01/CT-UBND@2017", "document:02/QĐ-UBND@2017"])
    }

    @Test("arrival numbers: next in the year's register, explicit ones kept, duplicates refused, new year restarts")
    func arrivalNumbers() throws {
        let t = try TestLedger()
        // By hand: 1, 2, then explicit 10, then 11; 2018 starts at 1.
        let result = try t.given([received("2017-01-03"), received("2017-01-03", number: 16), received("2017-01-04", arrival: 10, number: 17),
                                  received("2017-01-05", number: 18), received("2018-01-02")])
        #expect(result.appendedEvents.map(\.stream) == ["received:2017:1", "received:2017:2", "received:2017:10", "received:2017:11",
                                                        "received:2018:1"])
        #expect(try result.appendedEvents.map { try storedNumber($0, key: "arrival_no") } == [1, 2, 10, 11, 1])
        try t.expectRefused(received("2017-02-01", arrival: 2, number: 19), field: "data.arrival_no",
                            reason: "arrival number 2 of 2017 is already in the incoming register")
    }

    @Test("retrying a line whose number the ledger allocated is a duplicate, not a second document")
    func idempotentRetry() throws {
        let t = try TestLedger()
        let first = issued("2017-01-05", "QĐ", id: "vanthu-2017-0001")
        try t.given([first])
        let head = try t.head()

        let retry = try t.append([first])
        #expect(retry.appended == 0 && retry.duplicates == 1 && retry.problems.isEmpty)
        #expect(try t.head() == head && t.count() == 1)
        // A retry that now names the number the ledger gave is the same event too.
        let named = try t.append([issued("2017-01-05", "QĐ", number: 1, id: "vanthu-2017-0001")])
        #expect(named.duplicates == 1 && named.appended == 0 && named.problems.isEmpty)
        // The same id with other content is refused.
        try t.expectRefused(issued("2017-01-05", "QĐ", id: "vanthu-2017-0001", subject: "Khác"), field: "id",
                            reason: "vanthu-2017-0001 is already in the ledger with other content; give the new event a new id")
        // No number was used up by the retries: the next decision is 02.
        let next = try t.given([issued("2017-01-06", "QĐ")])
        #expect(next.appendedEvents.map(\.stream) == ["document:02/QĐ-UBND@2017"])

        // A line given twice in one input: the second is a duplicate of the first.
        let twice = issued("2017-01-07", "CT", id: "vanthu-2017-0003")
        let both = try t.append([twice, twice])
        #expect(both.appended == 1 && both.duplicates == 1 && both.problems.isEmpty)
        #expect(try t.count() == 3)

        // The same for an arrival number.
        let arrival = received("2017-01-05", id: "vanthu-den-0001")
        try t.given([arrival])
        let again = try t.append([arrival])
        #expect(again.duplicates == 1 && again.appended == 0)
        #expect(try t.given([received("2017-01-05", number: 16)]).appendedEvents.map(\.stream) == ["received:2017:2"])
        #expect(try t.count() == 5)
    }

    @Test("a retry the rules or the stream's version would now refuse is still a duplicate; a new id is refused for the reason itself")
    func retriesRefusedOtherwise() throws {
        let t = try TestLedger()
        let directive = line("DirectiveIssued", ["directive_id": "CT1", "issued_on": "2017-03-20", "lead_unit": "Sở Tài chính",
                                                 "content": "Rà soát", "deadline": "2017-06-30"], at: at("2017-03-20"), id: "d1")
        let completed = line("DirectiveCompleted", ["directive_id": "CT1", "completed_on": "2017-06-20"], at: at("2017-06-20"), id: "d2")
        try t.given([directive, completed])
        let head = try t.head()
        // Completing it again would be refused; the same event retried is a duplicate.
        let retry = try t.append([completed])
        #expect(retry.duplicates == 1 && retry.appended == 0 && retry.problems.isEmpty, "\(retry.problems)")
        // With the stream's version it was written at, now stale.
        let versioned = #"{"data":{"completed_on":"2017-06-20","directive_id":"CT1"},"expected_version":1,"id":"d2","recorded_at":"\#(at("2017-06-20"))","type":"DirectiveCompleted"}"#
        let stale = try t.append([versioned])
        #expect(stale.duplicates == 1 && stale.appended == 0 && stale.problems.isEmpty, "\(stale.problems)")
        #expect(try t.head() == head)
        // A new id: the rules' own refusal, and nothing written.
        try t.expectRefused(line("DirectiveCompleted", ["directive_id": "CT1", "completed_on": "2017-06-21"], at: at("2017-06-21"), id: "d3"),
                            field: "data.directive_id", reason: "directive CT1 was already completed on 2017-06-20")
        // The same id with other content, which the rules would refuse too: named as an id problem.
        try t.expectRefused(line("DirectiveCompleted", ["directive_id": "CT1", "completed_on": "2017-06-22"], at: at("2017-06-22"), id: "d2"),
                            field: "id", reason: "d2 is already in the ledger with other content; give the new event a new id")
        #expect(try t.head() == head)
    }

    @Test("an explicit null number or arrival number is filled in like an absent one, stored, replayed the same, and retried idempotently")
    func explicitNull() throws {
        let t = try TestLedger()
        let decision = line("DocumentIssued", ["issued_on": "2017-01-05", "doc_type": "QĐ", "subject": "Văn bản đi", "number": .null,
                                               "issuer": .null], id: "vanthu-null-1")
        let arrival = line("DocumentReceived", ["received_on": "2017-01-05", "sender": "Bộ Tài chính", "number_symbol": "15/BTC-NSNN",
                                                "doc_type": "CV", "subject": "Về việc", "arrival_no": .null], id: "vanthu-null-2")
        let result = try t.given([issued("2017-01-04", "QĐ"), decision, arrival])
        #expect(result.appendedEvents.map(\.stream) == ["document:01/QĐ-UBND@2017", "document:02/QĐ-UBND@2017", "received:2017:1"])
        #expect(try result.appendedEvents.map { try storedNumber($0) } == [1, 2, nil])
        #expect(try storedNumber(result.appendedEvents[2], key: "arrival_no") == 1)
        #expect(try JSONParser.parse(result.appendedEvents[1].data).objectValue?["issuer"] == "UBND")
        #expect(try t.ledger.replayCheck().differences == [])
        let again = try t.append([decision, arrival])
        #expect(again.duplicates == 2 && again.appended == 0 && again.problems.isEmpty)
    }

    @Test("a refused line refuses its whole input: the valid lines before it are not written either")
    func batchRollsBack() throws {
        let t = try TestLedger()
        try t.given([issued("2017-01-05", "QĐ")])
        let head = try t.head()
        let result = try t.append([issued("2017-01-06", "QĐ"), issued("2017-02-30", "QĐ"), issued("2017-01-07", "KH")])
        #expect(result.appended == 0)
        #expect(result.problems.map(\.description) == ["line 2: data.issued_on: 2017-02-30 is not a date that exists"])
        #expect(try t.head() == head && t.count() == 1)
        // The number the rolled-back line would have taken is still free.
        #expect(try t.given([issued("2017-01-06", "QĐ")]).appendedEvents.map(\.stream) == ["document:02/QĐ-UBND@2017"])
    }

    @Test("text is stored composed (NFC) whatever spelling arrives")
    func storedNFC() throws {
        let t = try TestLedger()
        let result = try t.given([line("DirectiveIssued", ["directive_id": "D1", "issued_on": "2017-01-10",
                                                           "lead_unit": .string(nfd("Sở Nội vụ")), "content": .string(nfd("Rà soát biên chế"))])])
        let event = try #require(result.appendedEvents.first)
        let data = try #require(JSONParser.parse(event.data).objectValue)
        #expect(data["lead_unit"].flatMap(\.stringValue).map(scalars) == scalars("Sở Nội vụ".precomposedStringWithCanonicalMapping))
        #expect(data["content"] == .string("Rà soát biên chế".precomposedStringWithCanonicalMapping))
    }
}
