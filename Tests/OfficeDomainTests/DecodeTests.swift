import Testing
import LedgerJSON
import OfficeDomain

/// Decodes `data` as `type` and expects exactly this refusal.
private func expectRefusal(_ type: String, _ data: JSONObject, field: String, reason: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: DomainError(field: field, reason: reason), sourceLocation: sourceLocation) {
        try OfficeEvent.decode(type: type, data: data)
    }
}

private let issued: JSONObject = ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Phê duyệt điều chỉnh quy hoạch"]

private func with(_ base: JSONObject, _ changes: [(String, JSONValue?)]) -> JSONObject {
    var object = base
    for (key, value) in changes { object[key] = value }
    return object
}

/// One complete data object of every event type of the catalogue, in catalogue order.
private let catalogueSamples: [(String, JSONObject)] = [
    ("DocumentReceived", ["received_on": "2017-01-05", "sender": "Văn phòng Chính phủ", "number_symbol": "01/NQ-CP",
                          "doc_type": "NQ", "subject": "Nghị quyết", "arrival_no": 1, "signed_on": "2017-01-01"]),
    ("DocumentIssued", with(issued, [("legal_normative", false), ("number", 41), ("issuer", "UBND"), ("signer", "Phạm Vũ Hồng"),
                                     ("recipients", .array(["Sở Nông nghiệp và Phát triển nông thôn"]))])),
    ("DocumentRecalled", ["document": "41/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-01", "reason": "Sai thể thức"]),
    ("DocumentCorrected", ["document": "9/KH-UBND", "year": 2017, "corrected_on": "2017-02-01", "correction": "Sửa ngày"]),
    ("DirectiveIssued", ["directive_id": "D1", "issued_on": "2017-01-10", "lead_unit": "Sở Tài chính", "content": "Báo cáo",
                         "deadline": "2017-01-10", "support_units": .array(["Sở Xây dựng"]), "source_document": "74/TB-UBND"]),
    ("DirectiveDeadlineExtended", ["directive_id": "D1", "extended_on": "2017-01-10", "new_deadline": "2017-02-10",
                                   "reason": "Chờ số liệu"]),
    ("DirectiveProgressReported", ["directive_id": "D1", "reported_on": "2017-01-20", "unit": "Sở Tài chính", "note": "Đang làm"]),
    ("DirectiveCompleted", ["directive_id": "D1", "completed_on": "2017-02-01", "result_document": "15/BC-STC"]),
    ("DirectiveCancelled", ["directive_id": "D1", "cancelled_on": "2017-02-01", "reason": "Không còn cần"]),
    ("ProgrammeItemRegistered", ["item_id": "TNMT-03", "year": 2017, "title": "Đề án", "lead_unit": "Sở Tài nguyên và Môi trường",
                                 "due": "2017-2018"]),
    ("ProgrammeItemRescheduled", ["item_id": "TNMT-03", "rescheduled_on": "2017-03-01", "due": "Q4/2017", "reason": "Chậm"]),
    ("ProgrammeItemSubmitted", ["item_id": "TNMT-03", "submitted_on": "2017-03-01"]),
    ("ProgrammeItemApproved", ["item_id": "TNMT-03", "approved_on": "2017-04-01", "decision": "830/QĐ-UBND"]),
    ("ProgrammeItemWithdrawn", ["item_id": "TNMT-03", "withdrawn_on": "2017-04-01", "reason": "Không phù hợp"]),
    ("SeriesConfigured", ["series": "QĐ+CT,KH+PA"]),
    ("AccountCreated", ["user": "vanthu.nguyen", "name": "Nguyễn Thị Thư", "roles": ["clerk", "officer"]]),
    ("RoleGranted", ["user": "vanthu.nguyen", "role": "inspector"]),
    ("RoleRevoked", ["user": "vanthu.nguyen", "role": "clerk"]),
    ("AccountDisabled", ["user": "vanthu.nguyen", "reason": "Chuyển công tác"]),
    ("IncomingAssigned", ["year": 2017, "arrival_no": 123, "assigned_on": "2017-01-06", "lead_unit": "Sở Tài chính",
                          "support_units": ["Sở Xây dựng"], "deadline": "2017-01-31", "instruction": "Tham mưu trả lời", "for_information": false]),
    ("IncomingProgressReported", ["year": 2017, "arrival_no": 123, "reported_on": "2017-01-20", "unit": "Sở Tài chính", "note": "Đang làm"]),
    ("IncomingAnswered", ["year": 2017, "arrival_no": 123, "answered_on": "2017-01-25", "answer_document": "41/QĐ-UBND", "note": "Đã trả lời"]),
    ("IncomingClosed", ["year": 2017, "arrival_no": 123, "closed_on": "2017-01-25", "reason": "Lưu hồ sơ"]),
    ("CheckpointSigned", ["origin": "ubnd.example/docledger", "key_id": "96993303", "size": 5,
                          "root": "ONELHBibh0MT2HcM5YpEa4rRjKGLK0EnAf5UbNyAcKI="]),
]

@Suite("Decoding events: field checks name the field path and the reason")
struct DecodeTests {
    @Test("a DocumentIssued decodes with its defaults")
    func defaults() throws {
        guard case .documentIssued(let e) = try OfficeEvent.decode(type: "DocumentIssued", data: issued) else {
            Issue.record("not a DocumentIssued"); return
        }
        #expect(e.issuedOn.description == "2017-01-09")
        #expect(e.docType == "QĐ")
        #expect(e.legalNormative == false)
        #expect(e.number == nil)
        #expect(e.issuer == "UBND")
        #expect(e.signer == nil && e.recipients == nil)
    }

    @Test("an explicit null in an optional field means the field is absent")
    func nullIsAbsent() throws {
        guard case .directiveIssued(let d) = try OfficeEvent.decode(type: "DirectiveIssued", data: [
            "directive_id": "D1", "issued_on": "2017-01-10", "lead_unit": "Sở Tài chính", "content": "Báo cáo",
            "deadline": .null, "support_units": .null, "source_document": .null,
        ]) else { Issue.record("not a DirectiveIssued"); return }
        #expect(d.deadline == nil && d.supportUnits == nil && d.sourceDocument == nil)
        guard case .documentIssued(let e) = try OfficeEvent.decode(type: "DocumentIssued", data: with(issued, [
            ("number", .null), ("issuer", .null), ("legal_normative", .null), ("signer", .null),
        ])) else { Issue.record("not a DocumentIssued"); return }
        #expect(e.number == nil && e.issuer == "UBND" && e.legalNormative == false && e.signer == nil)
    }

    @Test("unknown event types are refused, with a suggestion when only the case differs")
    func unknownType() {
        expectRefusal("DocumentFiled", issued, field: "type", reason: "unknown event type \"DocumentFiled\"")
        expectRefusal("documentissued", issued, field: "type",
                      reason: "unknown event type \"documentissued\" (did you mean DocumentIssued?)")
    }

    @Test("unknown document type codes are refused, with a suggestion for a code typed without Vietnamese letters")
    func unknownDocType() {
        expectRefusal("DocumentIssued", with(issued, [("doc_type", "XX")]), field: "data.doc_type",
                      reason: "unknown document type code \"XX\"")
        expectRefusal("DocumentIssued", with(issued, [("doc_type", "QD")]), field: "data.doc_type",
                      reason: "unknown document type code \"QD\" (did you mean QĐ?)")
        expectRefusal("DocumentReceived", ["received_on": "2017-01-05", "sender": "Sở Tài chính", "number_symbol": "12/STC",
                                           "doc_type": "Công văn", "subject": "Về việc"],
                      field: "data.doc_type", reason: "unknown document type code \"Công văn\"")
    }

    @Test("missing fields name the field and the event type")
    func missing() {
        expectRefusal("DocumentIssued", with(issued, [("issued_on", nil)]), field: "data.issued_on",
                      reason: "missing (required for DocumentIssued)")
        expectRefusal("DocumentIssued", with(issued, [("subject", .null)]), field: "data.subject",
                      reason: "missing (required for DocumentIssued)")
        expectRefusal("DirectiveIssued", ["directive_id": "D1", "issued_on": "2017-01-10", "content": "Báo cáo"],
                      field: "data.lead_unit", reason: "missing (required for DirectiveIssued)")
        expectRefusal("ProgrammeItemApproved", ["item_id": "NN-01", "approved_on": "2017-01-09"],
                      field: "data.decision", reason: "missing (required for ProgrammeItemApproved)")
        expectRefusal("DocumentRecalled", ["document": "41/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-01"],
                      field: "data.reason", reason: "missing (required for DocumentRecalled)")
    }

    @Test("mistyped fields say what they must be and what they were")
    func mistyped() {
        expectRefusal("DocumentIssued", with(issued, [("issued_on", .int(20170109))]), field: "data.issued_on",
                      reason: "must be a date YYYY-MM-DD, not integer")
        expectRefusal("DocumentIssued", with(issued, [("subject", .int(5))]), field: "data.subject",
                      reason: "must be a string, not integer")
        expectRefusal("DocumentIssued", with(issued, [("legal_normative", "yes")]), field: "data.legal_normative",
                      reason: "must be true or false, not string")
        expectRefusal("DocumentIssued", with(issued, [("number", .double(1.5))]), field: "data.number",
                      reason: "must be a whole number, not 1.5")
        expectRefusal("DocumentIssued", with(issued, [("number", .int(0))]), field: "data.number",
                      reason: "0 is out of range (1...9999999)")
        expectRefusal("DocumentIssued", with(issued, [("recipients", "Sở Tài chính")]), field: "data.recipients",
                      reason: "must be an array of strings, not string")
        expectRefusal("DocumentIssued", with(issued, [("recipients", .array(["Sở Tài chính", .int(3)]))]),
                      field: "data.recipients[1]", reason: "must be a string, not integer")
        expectRefusal("ProgrammeItemRegistered", ["item_id": "NN-01", "year": "2017", "title": "Đề án", "lead_unit": "Sở Xây dựng",
                                                  "due": "Q1/2017"],
                      field: "data.year", reason: "must be a whole number, not string")
    }

    @Test("dates that do not exist or are not YYYY-MM-DD are refused")
    func dates() {
        expectRefusal("DocumentIssued", with(issued, [("issued_on", "2017-02-30")]), field: "data.issued_on",
                      reason: "2017-02-30 is not a date that exists")
        expectRefusal("DocumentIssued", with(issued, [("issued_on", "2017-02-29")]), field: "data.issued_on",
                      reason: "2017-02-29 is not a date that exists")
        expectRefusal("DocumentIssued", with(issued, [("issued_on", "09/01/2017")]), field: "data.issued_on",
                      reason: "\"09/01/2017\" is not a date YYYY-MM-DD")
        expectRefusal("DirectiveCompleted", ["directive_id": "D1", "completed_on": "2017-04-31"], field: "data.completed_on",
                      reason: "2017-04-31 is not a date that exists")
        expectRefusal("DocumentReceived", ["received_on": "2017-01-05", "sender": "Sở Tài chính", "number_symbol": "12/STC",
                                           "doc_type": "CV", "subject": "Về việc", "signed_on": "2017-01-06"],
                      field: "data.signed_on", reason: "2017-01-06 is after received_on 2017-01-05")
    }

    @Test("empty text, control characters and over-long ids are refused")
    func text() {
        expectRefusal("DocumentIssued", with(issued, [("subject", "")]), field: "data.subject", reason: "must not be empty")
        expectRefusal("DocumentIssued", with(issued, [("subject", " \t ")]), field: "data.subject", reason: "must not be empty")
        expectRefusal("DocumentIssued", with(issued, [("subject", "a\u{0}b")]), field: "data.subject",
                      reason: "contains a control character (such as NUL)")
        expectRefusal("DocumentIssued", with(issued, [("recipients", .array(["Sở Tài chính", ""]))]), field: "data.recipients[1]",
                      reason: "must not be empty")
        expectRefusal("DirectiveCancelled", ["directive_id": "D1", "cancelled_on": "2017-03-01", "reason": ""],
                      field: "data.reason", reason: "must not be empty")
        expectRefusal("DirectiveProgressReported", ["directive_id": "D1\nD2", "reported_on": "2017-03-01", "unit": "Sở Tài chính",
                                                    "note": "Đang làm"],
                      field: "data.directive_id", reason: "must be one line of at most 200 bytes")
    }

    @Test("DEL, the C1 controls and the bidirectional embeddings, overrides and isolates are refused in every text field of every event type, naming the field")
    func invisibleControls() throws {
        let refused: [(Unicode.Scalar, String)] = [
            ("\u{7F}", "contains a control character (U+007F)"), ("\u{80}", "contains a control character (U+0080)"),
            ("\u{85}", "contains a control character (U+0085)"), ("\u{9F}", "contains a control character (U+009F)"),
            ("\u{202A}", "contains a bidirectional control character (U+202A)"),
            ("\u{202E}", "contains a bidirectional control character (U+202E)"),
            ("\u{2066}", "contains a bidirectional control character (U+2066)"),
            ("\u{2069}", "contains a bidirectional control character (U+2069)"),
        ]
        func inserting(_ scalar: Unicode.Scalar, into text: String) -> JSONValue {
            var scalars = Array(text.unicodeScalars)
            scalars.insert(scalar, at: 1)
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars)
            return .string(String(out))
        }
        var checked = 0
        for (type, data) in catalogueSamples {
            for (key, value) in data.pairs {
                for (scalar, reason) in refused {
                    if let text = value.stringValue {
                        expectRefusal(type, with(data, [(key, inserting(scalar, into: text))]), field: "data.\(key)", reason: reason)
                        checked += 1
                    } else if let items = value.arrayValue {
                        for (index, item) in items.enumerated() {
                            var changed = items
                            changed[index] = inserting(scalar, into: item.stringValue!)
                            expectRefusal(type, with(data, [(key, .array(changed))]), field: "data.\(key)[\(index)]", reason: reason)
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 400)
        // Their neighbours, and the other invisible marks, stay text.
        for scalar: Unicode.Scalar in ["~", "\u{A0}", "\u{200F}", "\u{2029}", "\u{202F}", "\u{2064}", "\u{206A}", "\u{2013}", "\u{2026}"] {
            #expect(throws: Never.self, "U+\(String(scalar.value, radix: 16))") {
                try OfficeEvent.decode(type: "DocumentIssued", data: with(issued, [("subject", inserting(scalar, into: "Phê duyệt")),
                                                                                 ("recipients", .array([inserting(scalar, into: "Sở Y tế")]))]))
            }
        }
    }

    @Test("fields an event type does not have are refused, so a typo cannot pass silently")
    func unknownField() {
        expectRefusal("DocumentIssued", with(issued, [("sigher", "Phạm Vũ Hồng")]), field: "data.sigher",
                      reason: "unknown field for DocumentIssued")
    }

    @Test("rules that need only the event: deadline before issue, legal normative only for QĐ, issuer shape, due before year, symbol year")
    func eventOnlyRules() {
        expectRefusal("DirectiveIssued", ["directive_id": "D1", "issued_on": "2017-01-10", "lead_unit": "Sở Tài chính",
                                          "content": "Báo cáo giải ngân", "deadline": "2017-01-09"],
                      field: "data.deadline", reason: "2017-01-09 is before the issue date 2017-01-10")
        expectRefusal("DocumentIssued", with(issued, [("doc_type", "CT"), ("legal_normative", true)]), field: "data.legal_normative",
                      reason: "only a decision (QĐ) can be a legal normative document of a provincial People's Committee, not CT")
        expectRefusal("DocumentIssued", with(issued, [("issuer", "UBND KT")]), field: "data.issuer",
                      reason: "\"UBND KT\" cannot contain '/' or spaces (it is part of the symbol, e.g. UBND)")
        // A công văn is numbered `number/issuer`: issuer "QĐ-UBND" would give it a QĐ's symbol (01/QĐ-UBND).
        expectRefusal("DocumentIssued", with(issued, [("doc_type", "CV"), ("issuer", "QĐ-UBND")]), field: "data.issuer",
                      reason: "\"QĐ-UBND\" would make this công văn's symbol read as a QĐ document's; a công văn's issuer cannot start with a document type code")
        #expect(throws: Never.self) { try OfficeEvent.decode(type: "DocumentIssued", data: with(issued, [("doc_type", "CV"), ("issuer", "UBND-KT")])) }
        #expect(throws: Never.self) { try OfficeEvent.decode(type: "DocumentIssued", data: with(issued, [("doc_type", "QĐ"), ("issuer", "KH-UBND")])) }
        expectRefusal("ProgrammeItemRegistered", ["item_id": "NN-01", "year": 2017, "title": "Đề án", "lead_unit": "Sở Xây dựng",
                                                  "due": "2016"],
                      field: "data.due", reason: "2016 ends before the programme year 2017")
        expectRefusal("ProgrammeItemRegistered", ["item_id": "NN-01", "year": 2017, "title": "Đề án", "lead_unit": "Sở Xây dựng",
                                                  "due": "Quý I/2017"],
                      field: "data.due",
                      reason: "\"Quý I/2017\" is not a due time: write Q1/2017 ... Q4/2017, 2017, or a span such as 2017-2018")
        expectRefusal("DocumentRecalled", ["document": "20/2016/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-01",
                                           "reason": "Sai thẩm quyền"],
                      field: "data.year", reason: "2017 differs from the year in 20/2016/QĐ-UBND (2016)")
        expectRefusal("DirectiveIssued", ["directive_id": "D1", "issued_on": "2017-01-10", "lead_unit": "Sở Tài chính",
                                          "content": "Báo cáo", "source_document": "thông báo 74"],
                      field: "data.source_document",
                      reason: "\"thông báo 74\" is not a number symbol such as 41/QĐ-UBND, 20/2017/QĐ-UBND or 123/UBND")
    }

    @Test("every event type of the catalogue decodes from a complete data object")
    func catalogue() throws {
        let samples = catalogueSamples
        #expect(samples.map(\.0) == OfficeEvent.types)
        for (type, data) in samples {
            #expect(throws: Never.self, "\(type)") { try OfficeEvent.decode(type: type, data: data) }
        }
        guard case .programmeItemRegistered(let item) = try OfficeEvent.decode(type: samples[9].0, data: samples[9].1) else {
            Issue.record("not a ProgrammeItemRegistered"); return
        }
        #expect(item.due == .span(2017, 2018))
        #expect(item.due.end.description == "2018-12-31")
        guard case .documentAmended(let corrected) = try OfficeEvent.decode(type: samples[3].0, data: samples[3].1) else {
            Issue.record("not a DocumentCorrected"); return
        }
        #expect(corrected.kind == .corrected)
        #expect(corrected.document.description == "09/KH-UBND")
    }
}
