import Testing
import LedgerJSON
import LedgerStore
@testable import DocLedgerKit
import OfficeDomain
import OfficeProjections

private func request(_ period: String = "2017-H1", type: String? = nil, unit: String? = nil, q: String? = nil,
                     after: String? = nil, limit: Int = 100) throws -> RegisterRequest {
    try RegisterRequest(period: period, type: type, unit: unit, q: q, after: after, limit: limit)
}

private func receivedAbout(_ no: Int, _ on: String, subject: String, sender: String = "Sở Tài nguyên và Môi trường",
                           type: String = "CV", extra: JSONObject = [:]) -> String {
    var data: JSONObject = ["received_on": .string(on), "sender": .string(sender), "number_symbol": .string("\(no)/STNMT-QLĐĐ"),
                            "doc_type": .string(type), "subject": .string(subject), "arrival_no": .int(Int64(no))]
    for (key, value) in extra.pairs { data[key] = value }
    return line("DocumentReceived", data)
}

/// A ledger for the search and the register fields (by hand: 1/2017 and 3/2017 are about
/// đất đai, 2/2017 about nước; 4/2017 is dated 2017-07-03, after the first half).
private func searchLedger() throws -> TestLedger {
    let t = try TestLedger()
    try t.given([
        receivedAbout(1, "2017-01-05", subject: "Về việc quản lý đất đai ven biển", extra: ["signed_on": "2017-01-03", "copies": 2, "note": "Bản chính"]),
        receivedAbout(2, "2017-01-06", subject: "Về cấp nước sinh hoạt", type: "BC"),
        receivedAbout(3, "2017-02-01", subject: "ĐẤT ĐAI: báo cáo kiểm kê", sender: "Bộ Tài nguyên và Môi trường"),
        receivedAbout(4, "2017-07-03", subject: "Về đất đai", type: "CV"),
        line("IncomingAssigned", ["year": 2017, "arrival_no": 1, "assigned_on": "2017-01-06", "lead_unit": .string(nfd("Sở Tài nguyên và Môi trường"))]),
        line("IncomingAssigned", ["year": 2017, "arrival_no": 2, "assigned_on": "2017-01-07", "lead_unit": "Sở Xây dựng"]),
        line("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Thu hồi đất dự án khu đô thị", "number": 5,
                                "signer": "Mai Văn Huỳnh", "recipients": ["Sở Tài chính", "Lưu: VT"], "copies": 7,
                                "archive_unit": "Phòng Kinh tế", "sent_on": "2017-01-10", "note": "Đóng dấu mật"]),
        line("DocumentIssued", ["issued_on": "2017-01-12", "doc_type": "KH", "subject": "Kế hoạch kiểm tra"]),
        line("DocumentIssued", ["issued_on": "2017-01-13", "doc_type": "CT", "subject": "Chỉ thị về quản lý đất đai"]),
    ])
    return t
}

@Suite("Registers of Decree 30: rows, filters, search, pages")
struct RegisterPagesTests {
    @Test("incoming register: every document received in the period, in arrival order, with the latest assignment's unit and date")
    func incoming() throws {
        let t = try TestLedger()
        try t.given(incomingEvents())
        let page = try t.ledger.incomingRegister(request())
        #expect(page.next == nil)
        #expect(page.rows.map(\.arrivalNo) == [1, 2, 3, 4, 5])
        #expect(page.rows.map(\.handler) == [nil, "Sở Tài chính", "Văn phòng", "Sở Tài chính", "Sở Tài chính"])
        #expect(page.rows.map { $0.handedOverOn?.description } == [nil, "2017-01-10", "2017-01-10", "2017-01-10", "2017-01-10"])
        #expect(page.rows[1].sender == "Bộ Tài chính" && page.rows[1].numberSymbol == "2/BTC-NSNN" && page.rows[1].subject == "Đề nghị báo cáo")
        #expect(page.rows[1].receivedOn.description == "2017-01-05" && page.rows[1].docType == "CV")
    }

    @Test("follow-up register: assigned documents not for information, with deadline, progress or outcome, and the answer")
    func followUp() throws {
        let t = try TestLedger()
        try t.given(incomingEvents())
        let page = try t.ledger.followUpRegister(request())
        // By hand: 1 is unassigned and 3 for information; 2, 4, 5 are to be handled.
        #expect(page.rows.map(\.arrivalNo) == [2, 4, 5])
        #expect(page.rows[0].handler == "Sở Tài chính" && page.rows[0].supportUnits == ["Sở Xây dựng", "Kho bạc"])
        #expect(page.rows[0].deadline?.description == "2017-01-31" && page.rows[0].note == "Tham mưu văn bản trả lời")
        #expect(page.rows[0].progress == .reported(on: Day("2017-01-15")!, unit: "Sở Tài chính", note: "Đang tổng hợp số liệu"))
        #expect(page.rows[0].answerDocument == nil)
        #expect(page.rows[1].progress == .answered(on: Day("2017-01-20")!, note: "Trả lời Bộ") && page.rows[1].answerDocument == "41/QĐ-UBND")
        #expect(page.rows[2].progress == .closed(on: Day("2017-01-21")!, reason: "Gộp với văn bản đến 2/2017"))
        #expect(page.rows[2].deadline == nil)
    }

    @Test("re-routing: the register shows the assignment with the greatest date, then the latest recorded")
    func rerouting() throws {
        let t = try TestLedger()
        try t.given(incomingEvents() + [
            line("IncomingAssigned", ["year": 2017, "arrival_no": 2, "assigned_on": "2017-03-05", "lead_unit": "Sở Xây dựng", "deadline": "2017-03-31"]),
            line("IncomingAssigned", ["year": 2017, "arrival_no": 2, "assigned_on": "2017-03-05", "lead_unit": "Sở Giao thông vận tải"]),
        ])
        let row = try #require(try t.ledger.followUpRegister(request(after: "2017:1", limit: 1)).rows.first)
        #expect(row.arrivalNo == 2 && row.handler == "Sở Giao thông vận tải" && row.deadline == nil)
        #expect(try t.ledger.incomingRegister(request(unit: "Sở Xây dựng")).rows.map(\.arrivalNo) == [])
        #expect(try t.ledger.incomingRegister(request(unit: "Sở Giao thông vận tải")).rows.map(\.arrivalNo) == [2])
    }

    @Test("outgoing register: by series and number, with the recall beside the document")
    func outgoing() throws {
        let t = try TestLedger()
        try t.given(incomingEvents())
        let page = try t.ledger.outgoingRegister(request())
        #expect(page.rows.map(\.symbol) == ["41/QĐ-UBND", "42/QĐ-UBND", "43/QĐ-UBND"])
        #expect(page.rows.map { $0.recalledOn?.description } == [nil, "2017-02-01", nil])
        #expect(page.rows.map(\.key.description) == ["2017:UBND|QĐ+CT:41", "2017:UBND|QĐ+CT:42", "2017:UBND|QĐ+CT:43"])
    }

    @Test("the register fields are kept verbatim and shown")
    func registerFields() throws {
        let t = try searchLedger()
        let issued = try t.ledger.outgoingRegister(request())
        // Series by their names' bytes (UBND|KH before UBND|QĐ+CT), numbers within each.
        #expect(issued.rows.map(\.symbol) == ["01/KH-UBND", "05/QĐ-UBND", "06/CT-UBND"])
        let first = issued.rows[1]
        #expect(first.signer == "Mai Văn Huỳnh" && first.recipients == ["Sở Tài chính", "Lưu: VT"] && first.copies == 7)
        #expect(first.archiveUnit == "Phòng Kinh tế" && first.sentOn?.description == "2017-01-10" && first.note == "Đóng dấu mật")
        #expect(issued.rows[2].signer == nil && issued.rows[2].recipients == [] && issued.rows[2].copies == nil)
        let received = try t.ledger.incomingRegister(request())
        #expect(received.rows[0].signedOn?.description == "2017-01-03" && received.rows[0].copies == 2 && received.rows[0].note == "Bản chính")
        #expect(received.rows[1].signedOn == nil && received.rows[1].copies == nil && received.rows[1].note == nil)
    }

    @Test("search: diacritics and đ/Đ ignored on both sides, every word required, in all three registers")
    func search() throws {
        let t = try searchLedger()
        #expect(try t.ledger.incomingRegister(request(q: "dat dai")).rows.map(\.arrivalNo) == [1, 3])
        #expect(try t.ledger.incomingRegister(request(q: "ĐẤT")).rows.map(\.arrivalNo) == [1, 3])
        #expect(try t.ledger.incomingRegister(request(q: nfd("đất đai"))).rows.map(\.arrivalNo) == [1, 3])
        #expect(try t.ledger.incomingRegister(request(q: "dat kiem ke")).rows.map(\.arrivalNo) == [3])
        #expect(try t.ledger.incomingRegister(request(q: "nuoc")).rows.map(\.arrivalNo) == [2])
        #expect(try t.ledger.incomingRegister(request(q: "dat nuoc")).rows.map(\.arrivalNo) == [])
        // FTS5 syntax typed by a user is only words.
        #expect(try t.ledger.incomingRegister(request(q: "dat\" OR nuoc*")).rows.map(\.arrivalNo) == [])
        #expect(try t.ledger.incomingRegister(request("2017", q: "dat dai")).rows.map(\.arrivalNo) == [1, 3, 4])
        #expect(try t.ledger.outgoingRegister(request(q: "dat")).rows.map(\.symbol) == ["05/QĐ-UBND", "06/CT-UBND"])
        #expect(try t.ledger.followUpRegister(request(q: "dat dai")).rows.map(\.arrivalNo) == [1])
    }

    @Test("filters: dates, doc type, unit (NFD as NFC)")
    func filters() throws {
        let t = try searchLedger()
        #expect(try t.ledger.incomingRegister(RegisterRequest(from: "2017-01-06", to: "2017-02-01")).rows.map(\.arrivalNo) == [2, 3])
        #expect(try t.ledger.incomingRegister(request(type: "BC")).rows.map(\.arrivalNo) == [2])
        #expect(try t.ledger.incomingRegister(request(unit: "Sở Tài nguyên và Môi trường")).rows.map(\.arrivalNo) == [1])
        #expect(try t.ledger.incomingRegister(request(unit: nfd("Sở Xây dựng"))).rows.map(\.arrivalNo) == [2])
        #expect(try t.ledger.outgoingRegister(request(type: "KH")).rows.map(\.symbol) == ["01/KH-UBND"])
        #expect(try t.ledger.outgoingRegister(request(unit: "Phòng Kinh tế")).rows.map(\.symbol) == ["05/QĐ-UBND"])
        #expect(try t.ledger.outgoingRegister(RegisterRequest(from: "2017-01-10", to: "2017-01-12")).rows.map(\.symbol) == ["01/KH-UBND"])
    }

    @Test("keyset pages: each page continues after the last key of the one before, the last has no next")
    func pages() throws {
        let t = try TestLedger()
        try t.given(incomingEvents())
        let first = try t.ledger.incomingRegister(request(limit: 2))
        #expect(first.rows.map(\.arrivalNo) == [1, 2] && first.next?.description == "2017:2")
        let second = try t.ledger.incomingRegister(request(after: first.next!.description, limit: 2))
        #expect(second.rows.map(\.arrivalNo) == [3, 4] && second.next?.description == "2017:4")
        let last = try t.ledger.incomingRegister(request(after: second.next!.description, limit: 2))
        #expect(last.rows.map(\.arrivalNo) == [5] && last.next == nil)
        // Exactly as many rows as the limit: no next page.
        #expect(try t.ledger.incomingRegister(request(limit: 5)).next == nil)
        let outgoing = try t.ledger.outgoingRegister(request(limit: 1))
        #expect(outgoing.rows.map(\.symbol) == ["41/QĐ-UBND"])
        let outgoingNext = try t.ledger.outgoingRegister(request(after: outgoing.next!.description, limit: 5))
        #expect(outgoingNext.rows.map(\.symbol) == ["42/QĐ-UBND", "43/QĐ-UBND"] && outgoingNext.next == nil)
    }

    @Test("requests: every malformed argument is refused naming its field")
    func refusedRequests() throws {
        func field(_ make: () throws -> RegisterRequest) -> String? {
            do { _ = try make(); return nil } catch let problem as UsageProblem { return problem.field } catch { return "\(error)" }
        }
        #expect(field { try RegisterRequest(from: "2017-02-30", to: "2017-06-30") } == "from")
        #expect(field { try RegisterRequest(from: "2017-01-01", to: "30/06/2017") } == "to")
        #expect(field { try RegisterRequest(from: "2017-06-30", to: "2017-01-01") } == "to")
        #expect(field { try RegisterRequest(period: "2017-H3") } == "period")
        #expect(field { try RegisterRequest(period: "2017", type: "XX") } == "type")
        #expect(field { try RegisterRequest(period: "2017", unit: "") } == "unit")
        #expect(field { try RegisterRequest(period: "2017", q: " ?! ") } == "q")
        #expect(field { try RegisterRequest(period: "2017", after: "2017-12") } == "after")
        #expect(field { try RegisterRequest(period: "2017", after: "2017::3") } == "after")
        #expect(field { try RegisterRequest(period: "2017", limit: 0) } == "limit")
        #expect(field { try RegisterRequest(period: "2017", limit: RegisterRequest.maxLimit + 1) } == "limit")
        #expect(RegisterKey("2017:UBND|QĐ+CT:41") == RegisterKey(year: 2017, series: "UBND|QĐ+CT", number: 41))
        #expect(RegisterKey("2017:041") == nil && RegisterKey("2017:-1") == nil && RegisterKey("12345:1") == nil)
    }

    @Test("the search table is rebuilt by replay and compared by verify")
    func replayAndVerify() throws {
        let t = try searchLedger()
        #expect(try t.ledger.db.scalarInt("SELECT count(*) FROM p_subject_search") == 7)
        #expect(try t.ledger.replayCheck().differences == [])
        _ = try t.ledger.replay()
        #expect(try t.ledger.incomingRegister(request(q: "dat dai")).rows.map(\.arrivalNo) == [1, 3])
        #expect(try t.ledger.verify().problems == [])
        try t.ledger.db.execute("UPDATE p_subject_search SET subject = 'nuoc' WHERE rowid = 1")
        #expect(try t.ledger.replayCheck().differences != [])
        #expect(try t.ledger.verify().problems != [])
    }

    @Test("a schema 4 ledger (no search table) is upgraded by its first writable open: the table is filled from the log")
    func upgradeFromSchema4() throws {
        let t = try searchLedger()
        let head = try t.head()
        try t.ledger.db.execute("DROP TABLE p_subject_search; DROP INDEX p_incoming_facts_answer; PRAGMA user_version = 4;")
        #expect(throws: LedgerUnusable.self) { try Ledger(path: t.path, access: .read) }
        let upgraded = try Ledger(path: t.path, access: .write)
        #expect(try upgraded.db.scalarInt("PRAGMA user_version") == LedgerFile.schemaVersion)
        #expect(try upgraded.db.scalarInt("SELECT count(*) FROM p_subject_search") == 7)
        #expect(try upgraded.log.readHead() == head)
        #expect(try upgraded.replayCheck().differences == [])
        #expect(try upgraded.incomingRegister(request(q: "dat dai")).rows.map(\.arrivalNo) == [1, 3])
    }
}
