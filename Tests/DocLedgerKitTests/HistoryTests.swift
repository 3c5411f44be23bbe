import Testing
@testable import DocLedgerKit
import LedgerJSON
import OfficeDomain
import OfficeProjections
import ReportRendering

/// A directive's life with its documents:
///   74/TB-UBND (thông báo kết luận) issued 2017-02-07;
///   directive TB74-2017-01 issued 2017-02-08 from it, progress on 2017-02-20;
///   09/KH-UBND issued 2017-03-01; the directive completed on 2017-03-02 with result 9/KH-UBND;
///   09/KH-UBND corrected on 2017-03-03;
///   directive CT21-2017-01 issued 2017-03-05 from 21/CT-TTg, a document this ledger never issued.
func historyEvents() -> [String] {
    [
        line("DocumentIssued", ["issued_on": "2017-02-07", "doc_type": "TB", "number": 74,
                                "subject": "Kết luận của Chủ tịch UBND tỉnh về khắc phục hạn hán"], at: at("2017-02-07")),
        line("DirectiveIssued", ["directive_id": "TB74-2017-01", "issued_on": "2017-02-08",
                                 "lead_unit": "Sở Nông nghiệp và Phát triển nông thôn", "content": "Thống kê diện tích lúa bị thiệt hại",
                                 "deadline": "2017-02-24", "source_document": "74/TB-UBND"], at: at("2017-02-08")),
        line("DirectiveProgressReported", ["directive_id": "TB74-2017-01", "reported_on": "2017-02-20",
                                           "unit": "UBND huyện U Minh Thượng", "note": "Đã lập danh sách hộ bị thiệt hại"], at: at("2017-02-20")),
        line("DocumentIssued", ["issued_on": "2017-03-01", "doc_type": "KH", "number": 9, "subject": "Kế hoạch khôi phục sản xuất"],
             at: at("2017-03-01")),
        line("DirectiveCompleted", ["directive_id": "TB74-2017-01", "completed_on": "2017-03-02", "result_document": "9/KH-UBND"],
             at: at("2017-03-02")),
        line("DocumentCorrected", ["document": "09/KH-UBND", "year": 2017, "corrected_on": "2017-03-03", "correction": "Sửa ngày ký"],
             at: at("2017-03-03")),
        line("DirectiveIssued", ["directive_id": "CT21-2017-01", "issued_on": "2017-03-05", "lead_unit": "Sở Tài chính",
                                 "content": "Triển khai chỉ thị của Thủ tướng", "source_document": "21/CT-TTg"], at: at("2017-03-05")),
    ]
}

@Suite("History: a directive's story with its documents")
struct HistoryTests {
    @Test("a directive's history lists its own events, oldest first, then its source and result documents")
    func directive() throws {
        let t = try TestLedger()
        try t.given(historyEvents())
        let history = try t.ledger.history(of: "TB74-2017-01")
        #expect(history.stream == "directive:TB74-2017-01")
        #expect(history.events.map(\.type) == ["DirectiveIssued", "DirectiveProgressReported", "DirectiveCompleted"])
        #expect(history.events.map(\.seq) == [2, 3, 5])
        #expect(history.links.map(\.title) == ["source document", "result document"])
        #expect(history.links.map(\.stream) == ["document:74/TB-UBND@2017", "document:09/KH-UBND@2017"])
        #expect(history.links[0].events.map(\.seq) == [1])
        // The result document's own stream holds its issue and its correction.
        #expect(history.links[1].events.map(\.type) == ["DocumentIssued", "DocumentCorrected"])

        let text = HistoryRenderer.text(history)
        #expect(text.hasPrefix("TB74-2017-01 (stream directive:TB74-2017-01): 3 event(s)\n"))
        #expect(text.contains("source document 74/TB-UBND@2017 (stream document:74/TB-UBND@2017):"))
        #expect(text.contains("result document 09/KH-UBND@2017 (stream document:09/KH-UBND@2017):"))
    }

    @Test("a document's history shows the events that cite it; a reference resolves in either spelling")
    func document() throws {
        let t = try TestLedger()
        try t.given(historyEvents())
        let source = try t.ledger.history(of: "74/TB-UBND@2017")
        #expect(source.stream == "document:74/TB-UBND@2017")
        #expect(source.events.map(\.type) == ["DocumentIssued"])
        #expect(source.links.map(\.title) == ["cited by"])
        #expect(source.links.first?.events.map(\.seq) == [2])

        let plan = try t.ledger.history(of: "9/KH-UBND@2017")
        #expect(plan.stream == "document:09/KH-UBND@2017")
        #expect(plan.links.first?.events.map(\.type) == ["DirectiveCompleted"])
    }

    @Test("a source document the ledger never issued is shown as missing; an unknown id is an error that says what to give")
    func missing() throws {
        let t = try TestLedger()
        try t.given(historyEvents())
        let history = try t.ledger.history(of: "CT21-2017-01")
        #expect(history.links.map(\.stream) == ["document:21/CT-TTg@2017"])
        #expect(history.links.first?.events.isEmpty == true)
        #expect(HistoryRenderer.text(history).contains("source document 21/CT-TTg@2017: not among the issued documents in this ledger"))

        #expect(throws: Rejected.self) { try t.ledger.history(of: "TB75-2017-01") }
        #expect(HistoryError.unknown("X").description
                == "nothing in the ledger is called X: give a directive id, a programme item id, a document as 41/QĐ-UBND@2017, an incoming document as 123@2017, or a stream name")
    }
}
