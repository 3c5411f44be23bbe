import Testing
import LedgerJSON
import OfficeDomain

@Suite("Number symbols (số, ký hiệu), series and document types")
struct NumberSymbolTests {
    @Test("symbols are written as Decree 30 writes them, numbers below 10 with a leading zero", arguments: [
        (41, nil as Int?, "QĐ", "UBND", "41/QĐ-UBND"),
        (9, nil, "KH", "UBND", "09/KH-UBND"),
        (619, nil, "CT", "UBND", "619/CT-UBND"),
        (20, 2017, "QĐ", "UBND", "20/2017/QĐ-UBND"),
        (5, 2017, "QĐ", "UBND", "05/2017/QĐ-UBND"),
        (123, nil, "CV", "UBND", "123/UBND"),
        (7, nil, "CV", "UBND-KT", "07/UBND-KT"),
        (1384, nil, "TTr", "UBND", "1384/TTr-UBND"),
        (10, nil, "BC", "UBND", "10/BC-UBND"),
    ])
    func formatting(number: Int, year: Int?, docType: String, issuer: String, expected: String) {
        #expect(NumberSymbol(number: number, year: year, docType: docType, issuer: issuer).description == expected)
    }

    @Test("references parse in every form a clerk writes; 9/KH-UBND and 09/KH-UBND are the same document")
    func parsing() throws {
        let plain = try #require(NumberSymbol(parsing: "9/KH-UBND"))
        let padded = try #require(NumberSymbol(parsing: "09/KH-UBND"))
        #expect(plain == padded)
        #expect(plain == NumberSymbol(number: 9, year: nil, docType: "KH", issuer: "UBND"))
        #expect(plain.description == "09/KH-UBND")

        let legal = try #require(NumberSymbol(parsing: "20/2017/QĐ-UBND"))
        #expect(legal == NumberSymbol(number: 20, year: 2017, docType: "QĐ", issuer: "UBND"))
        // The seed prints "20/2017/QĐ- UBND": spaces are ignored.
        #expect(NumberSymbol(parsing: "20/2017/QĐ- UBND") == legal)

        #expect(NumberSymbol(parsing: "41/QĐ-UBND") == NumberSymbol(number: 41, year: nil, docType: "QĐ", issuer: "UBND"))
        #expect(NumberSymbol(parsing: "619/CT-UBND") == NumberSymbol(number: 619, year: nil, docType: "CT", issuer: "UBND"))
        // Công văn: no type code, the issuer (and unit) alone.
        #expect(NumberSymbol(parsing: "123/UBND") == NumberSymbol(number: 123, year: nil, docType: "CV", issuer: "UBND"))
        #expect(NumberSymbol(parsing: "123/UBND-KT") == NumberSymbol(number: 123, year: nil, docType: "CV", issuer: "UBND-KT"))
        // A received document's symbol with an issuer other than UBND.
        #expect(NumberSymbol(parsing: "74/TB-VPUBND") == NumberSymbol(number: 74, year: nil, docType: "TB", issuer: "VPUBND"))
    }

    @Test("every formatted symbol parses back to itself", arguments: [
        NumberSymbol(number: 1, year: nil, docType: "QĐ", issuer: "UBND"),
        NumberSymbol(number: 9, year: nil, docType: "KH", issuer: "UBND"),
        NumberSymbol(number: 22, year: 2017, docType: "QĐ", issuer: "UBND"),
        NumberSymbol(number: 3, year: nil, docType: "CV", issuer: "UBND"),
        NumberSymbol(number: 185, year: nil, docType: "TTr", issuer: "UBND"),
        NumberSymbol(number: 4, year: nil, docType: "QyĐ", issuer: "UBND"),
    ])
    func roundTrip(symbol: NumberSymbol) {
        #expect(NumberSymbol(parsing: symbol.description) == symbol)
    }

    @Test("things that are not number symbols are refused", arguments: [
        "", "QĐ-UBND", "0/QĐ-UBND", "-3/QĐ-UBND", "41/", "41/QĐ-", "20/17/QĐ-UBND", "20/2017/UBND",
        "a/QĐ-UBND", "1/2/3/4", "41", "/QĐ-UBND",
    ])
    func refused(text: String) {
        #expect(NumberSymbol(parsing: text) == nil)
    }

    @Test("an issued document's symbol carries the year only when it is legal normative")
    func issuedSymbol() throws {
        var object: JSONObject = ["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Quy hoạch khoáng sản",
                                  "legal_normative": true]
        guard case .documentIssued(let legal) = try OfficeEvent.decode(type: "DocumentIssued", data: object) else {
            Issue.record("not a DocumentIssued"); return
        }
        #expect(legal.symbol(number: 20).description == "20/2017/QĐ-UBND")
        object["legal_normative"] = .bool(false)
        guard case .documentIssued(let individual) = try OfficeEvent.decode(type: "DocumentIssued", data: object) else {
            Issue.record("not a DocumentIssued"); return
        }
        #expect(individual.symbol(number: 41).description == "41/QĐ-UBND")
    }
}

@Suite("Which document types share a number series")
struct SeriesConfigTests {
    @Test("by default QĐ and CT share one series; legal normative decisions, KH and CV each have their own")
    func standard() {
        let s = SeriesConfig.standard
        #expect(s.series(docType: "QĐ", legalNormative: false, issuer: "UBND") == "UBND|QĐ+CT")
        #expect(s.series(docType: "CT", legalNormative: false, issuer: "UBND") == "UBND|QĐ+CT")
        #expect(s.series(docType: "QĐ", legalNormative: true, issuer: "UBND") == "UBND|QPPL")
        #expect(s.series(docType: "KH", legalNormative: false, issuer: "UBND") == "UBND|KH")
        #expect(s.series(docType: "CV", legalNormative: false, issuer: "UBND") == "UBND|CV")
        #expect(s.series(docType: "QĐ", legalNormative: false, issuer: "VPUBND") == "VPUBND|QĐ+CT")
        #expect(s.encoded == "QĐ+CT")
    }

    @Test("the setting is configuration: parsed from its stored text, refused when wrong")
    func encoded() throws {
        let config = try SeriesConfig(encoded: "QĐ+CT, KH+PA")
        #expect(config.sharedGroups == [["QĐ", "CT"], ["KH", "PA"]])
        #expect(config.series(docType: "PA", legalNormative: false, issuer: "UBND") == "UBND|KH+PA")
        #expect(config.encoded == "QĐ+CT,KH+PA")
        let none = try SeriesConfig(encoded: "")
        #expect(none.series(docType: "CT", legalNormative: false, issuer: "UBND") == "UBND|CT")

        #expect(throws: DomainError(field: "series", reason: "unknown document type code \"XX\"")) {
            try SeriesConfig(encoded: "QĐ+XX")
        }
        #expect(throws: DomainError(field: "series", reason: "CT is in more than one group")) {
            try SeriesConfig(encoded: "QĐ+CT,CT+KH")
        }
    }

    @Test("document type codes: Decree 30, the older Circular 01/2011 codes and CV are known; categories of the report")
    func documentTypes() {
        for code in ["QĐ", "CT", "KH", "TTr", "BC", "TB", "CV", "QyĐ", "GN", "TTh", "UQ", "NP", "SY", "TrS", "SL"] {
            #expect(DocumentTypes.isKnown(code), "\(code)")
        }
        for code in ["QD", "XX", "qđ", "", "UBND"] { #expect(!DocumentTypes.isKnown(code), "\(code)") }
        #expect(DocumentTypes.suggestion(for: "QD") == "QĐ")
        #expect(DocumentTypes.suggestion(for: "kh") == "KH")
        #expect(DocumentTypes.suggestion(for: "XYZ") == nil)

        #expect(DocumentTypes.category(docType: "QĐ", legalNormative: true) == .legalNormative)
        #expect(DocumentTypes.category(docType: "QĐ", legalNormative: false) == .individualDecisionsDirectives)
        #expect(DocumentTypes.category(docType: "CT", legalNormative: false) == .individualDecisionsDirectives)
        #expect(DocumentTypes.category(docType: "KH", legalNormative: false) == .plans)
        #expect(DocumentTypes.category(docType: "TTr", legalNormative: false) == .submissions)
        #expect(DocumentTypes.category(docType: "CV", legalNormative: false) == .other)
        #expect(DocumentTypes.category(docType: "BC", legalNormative: false) == .other)
    }
}

@Suite("Due times of programme items")
struct DueTests {
    @Test("quarters, years and spans parse and end on the right day", arguments: [
        ("Q1/2017", "2017-03-31"), ("Q2/2017", "2017-06-30"), ("Q3/2017", "2017-09-30"), ("Q4/2017", "2017-12-31"),
        ("2017", "2017-12-31"), ("2017-2018", "2018-12-31"), ("2017-2020", "2020-12-31"), ("Q1/2016", "2016-03-31"),
    ])
    func ends(text: String, end: String) throws {
        let due = try #require(Due(text))
        #expect(due.end.description == end)
        #expect(due.description == text)
    }

    @Test("the parsed cases")
    func cases() {
        #expect(Due("Q2/2017") == .quarter(2, year: 2017))
        #expect(Due("2017") == .year(2017))
        #expect(Due("2017-2018") == .span(2017, 2018))
        #expect(Due("2017-2020") == .span(2017, 2020))
    }

    @Test("anything else is refused", arguments: [
        "Q0/2017", "Q5/2017", "Q1-2017", "Q1/17", "Quý I/2017", "q1/2017", "2018-2017", "2017-2017", "2017-18",
        "17", "20177", "", "Q1/2017 ", "2017-", "H1/2017",
    ])
    func refused(text: String) {
        #expect(Due(text) == nil)
    }
}

