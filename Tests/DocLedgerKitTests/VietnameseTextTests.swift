import Testing
@testable import DocLedgerKit
import OfficeDomain
import ReportRendering

// Pure formatting (no ledger). It lives here because ReportRendering is a dependency of this test
// target, not of OfficeDomainTests.

private func day(_ text: String) -> Day { Day(text)! }

@Suite("Vietnamese report style: numbers, percentages, dates, due times, sentences")
struct VietnameseTextTests {
    @Test("thousands are separated by dots", arguments: [
        (0, "0"), (7, "7"), (999, "999"), (1000, "1.000"), (1384, "1.384"), (7522, "7.522"), (11064, "11.064"),
        (100000, "100.000"), (1234567, "1.234.567"), (-1234, "-1.234"),
    ])
    func numbers(value: Int, text: String) {
        #expect(VietnameseText.number(value) == text)
    }

    @Test("percentages from tenths, with a decimal comma", arguments: [
        (576, "57,6%"), (317, "31,7%"), (545, "54,5%"), (1000, "100,0%"), (5, "0,5%"), (0, "0,0%"), (80, "8,0%"),
    ])
    func percents(tenths: Int, text: String) {
        #expect(VietnameseText.percent(tenths: tenths) == text)
    }

    @Test("dates are dd/mm/yyyy with leading zeros")
    func dates() {
        #expect(VietnameseText.date(day("2017-01-09")) == "09/01/2017")
        #expect(VietnameseText.date(day("2017-04-07")) == "07/04/2017")
        #expect(VietnameseText.date(day("2017-12-31")) == "31/12/2017")
        #expect(VietnameseText.until(day("2017-06-30")) == "Tính đến hết tháng 6/2017")
        #expect(VietnameseText.until(day("2017-06-15")) == "Tính đến ngày 15/06/2017")
    }

    @Test("due times as the appendix prints them")
    func dues() {
        #expect(VietnameseText.due(.quarter(1, year: 2017)) == "Quý I/2017")
        #expect(VietnameseText.due(.quarter(2, year: 2017)) == "Quý II/2017")
        #expect(VietnameseText.due(.quarter(3, year: 2017)) == "Quý III/2017")
        #expect(VietnameseText.due(.quarter(4, year: 2017)) == "Quý IV/2017")
        #expect(VietnameseText.due(.year(2017)) == "Năm 2017")
        #expect(VietnameseText.due(.span(2017, 2020)) == "2017-2020")
        #expect(VietnameseText.roman(12) == "XII")
    }

    @Test("period names")
    func periods() throws {
        #expect(VietnameseText.periodTitle(try ReportPeriod(parsing: "2017-H1")) == "6 tháng đầu năm 2017 (01/01/2017 – 30/06/2017)")
        #expect(VietnameseText.periodTitle(try ReportPeriod(parsing: "2017-Q3")) == "Quý III 2017 (01/07/2017 – 30/09/2017)")
        #expect(VietnameseText.periodTitle(try ReportPeriod(parsing: "2017-03-01..2017-03-31")) == "Từ 01/03/2017 đến 31/03/2017")
        #expect(VietnameseText.periodTarget(try ReportPeriod(parsing: "2017-H2")) == "6 tháng cuối năm")
    }

    @Test("the seed's two sentences, from its figures")
    func seedSentences() throws {
        #expect(VietnameseText.documentsSentence(received: 11064, issued: 7522, legalNormative: 22, individual: 1384, plans: 100,
                                                 submissions: 185)
                == "Tiếp nhận 11.064 văn bản; xử lý và ban hành 7.522 văn bản, trong đó: 22 văn bản quy phạm pháp luật, "
                + "1.384 quyết định và chỉ thị cá biệt, 100 kế hoạch, 185 tờ trình; còn lại là văn bản hành chính thông thường.")
        #expect(VietnameseText.programmeSentence(period: try ReportPeriod(parsing: "2017-H1"), approved: 19, due: 33,
                                                 pctOfTarget: percentTenths(19, 33), pctOfYear: percentTenths(19, 60))
                == "Tính đến hết tháng 6/2017, đã ban hành 19/33 đề án, đạt 57,6% so với chỉ tiêu 6 tháng đầu năm và 31,7% chỉ tiêu năm.")
        #expect(VietnameseText.approvingDocument(symbol: "41/QĐ-UBND", on: day("2017-01-09")) == "Quyết định số 41/QĐ-UBND ngày 09/01/2017")
        #expect(VietnameseText.approvingDocument(symbol: "20/2017/QĐ-UBND", on: day("2017-01-06"))
                == "Quyết định số 20/2017/QĐ-UBND ngày 06/01/2017")
    }
}
