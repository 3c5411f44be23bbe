import Foundation
import Testing

/// `docledger incoming …` records the handling of an incoming document; `docledger register`
/// prints the registers (the renderings' golden files are in DocLedgerKitTests' ExampleTests).
@Suite("incoming and register verbs")
struct RegisterCommandTests {
    @Test("incoming assign/progress/answer/close by N@YEAR; a refusal is one line naming the field, exit 1, nothing written")
    func incomingVerbs() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        for (no, symbol) in [(1, "12/STC-NS"), (2, "13/STC-NS")] {
            let received = try scratch.run(["receive", "--sender", "Sở Tài chính", "--number-symbol", symbol, "--type", "CV",
                                            "--subject", "Đề nghị bổ sung kinh phí", "--on", "2017-01-05", "--copies", "2"])
            #expect(received.stdoutLines == ["received: arrival number \(no)/2017"], "\(received)")
        }
        let issued = try scratch.run(["issue", "--type", "CV", "--subject", "Trả lời Sở Tài chính", "--on", "2017-01-20",
                                      "--archive-unit", "Phòng Kinh tế", "--copies", "3", "--sent-on", "2017-01-21"])
        #expect(issued.stdoutLines == ["01/UBND"], "\(issued)")
        let steps: [[String]] = [
            ["incoming", "assign", "1@2017", "--on", "2017-01-06", "--lead-unit", "Sở Tài chính", "--deadline", "2017-01-31",
             "--support-unit", "Kho bạc Nhà nước tỉnh", "--instruction", "Tham mưu trả lời"],
            ["incoming", "progress", "1@2017", "--on", "2017-01-10", "--unit", "Sở Tài chính", "--note", "Đang tổng hợp"],
            ["incoming", "answer", "1@2017", "--on", "2017-01-20", "--answer-document", "01/UBND"],
            ["incoming", "assign", "2@2017", "--on", "2017-01-06", "--lead-unit", "Văn phòng", "--for-information"],
            ["incoming", "close", "2@2017", "--on", "2017-01-07", "--reason", "Lưu hồ sơ"],
        ]
        for step in steps {
            let result = try scratch.run(step)
            #expect(result.status == 0, "\(step): \(result)")
        }
        let count = try scratch.eventCount()
        let refused = try scratch.run(["incoming", "answer", "2@2017", "--on", "2017-01-08"])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("arrival_no: incoming document 2/2017 was already closed on 2017-01-07"), "\(refused)")
        #expect(try scratch.eventCount() == count)
        let repeated = try scratch.run(["receive", "--sender", "Sở Tài chính", "--number-symbol", "12/STC-NS", "--type", "CV",
                                        "--subject", "Đề nghị bổ sung kinh phí", "--on", "2017-01-09"])
        #expect(repeated.status == 1 && repeated.stderr.contains("number_symbol: already registered as arrival 1/2017"), "\(repeated)")
        let malformed = try scratch.run(["incoming", "assign", "1/2017", "--lead-unit", "x"])
        #expect(malformed.status == 2, "\(malformed)")

        // The follow-up register shows it all; CSV opens in a spreadsheet (BOM, CRLF, RFC 4180 quoting).
        let followUp = try scratch.run(["register", "follow-up", "--period", "2017-H1", "--format", "csv"])
        #expect(followUp.status == 0, "\(followUp)")
        #expect(followUp.stdoutData.starts(with: [0xEF, 0xBB, 0xBF]))
        let rows = followUp.stdout.dropFirst().components(separatedBy: "\r\n")
        #expect(rows.count == 3 && rows[2] == "", "\(rows)")
        #expect(rows[1] == "1,Công văn số 12/STC-NS của Sở Tài chính: Đề nghị bổ sung kinh phí,"
                + "Sở Tài chính; phối hợp: Kho bạc Nhà nước tỉnh,31/01/2017,Đã trả lời ngày 20/01/2017,01/UBND,Tham mưu trả lời")
        let outgoing = try scratch.run(["register", "outgoing", "--period", "2017", "--format", "md"])
        #expect(outgoing.stdout.contains("| 01/UBND | 20/01/2017 | Công văn: Trả lời Sở Tài chính |  |  | Phòng Kinh tế | 3 | 21/01/2017 |  |  |"),
                "\(outgoing)")
    }

    @Test("CSV cells a spreadsheet would run are neutralised; HTML escapes every value; search finds đất đai from dat dai")
    func hostileText() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        let received = try scratch.run(["receive", "--sender==HYPERLINK(\"http://x\")", "--number-symbol", "1/X", "--type", "CV",
                                        "--subject", "<script>alert('đất đai')</script> & \"quản lý\"", "--on", "2017-01-05"])
        #expect(received.status == 0, "\(received)")
        #expect(try scratch.run(["receive", "--sender", "Sở Xây dựng", "--number-symbol", "2/SXD", "--type", "CV",
                                 "--subject", "Cấp phép xây dựng", "--on", "2017-01-05"]).status == 0)
        let csv = try scratch.run(["register", "incoming", "--period", "2017-H1", "--format", "csv", "--search", "dat dai"])
        let rows = csv.stdout.dropFirst().components(separatedBy: "\r\n")
        #expect(rows.count == 3, "\(rows)")
        #expect(rows[1].hasPrefix(#"05/01/2017,1,"'=HYPERLINK(""http://x"")",1/X,,"Công văn: <script>alert('đất đai')</script> & ""quản lý""""#), "\(rows)")
        let html = try scratch.run(["register", "incoming", "--period", "2017-H1", "--format", "html", "--agency", "UBND <b>tỉnh</b>"])
        #expect(html.status == 0, "\(html)")
        #expect(!html.stdout.contains("<script>") && !html.stdout.contains("<b>"))
        #expect(html.stdout.contains("&lt;script&gt;alert(&#39;đất đai&#39;)&lt;/script&gt; &amp; &quot;quản lý&quot;"))
        #expect(html.stdout.contains("UBND &lt;b&gt;tỉnh&lt;/b&gt;") && html.stdout.contains("size: A4 landscape") && html.stdout.contains("counter(page)"))
        let bad = try scratch.run(["register", "incoming", "--period", "2017-H3"])
        #expect(bad.status == 2, "\(bad)")
    }
}
