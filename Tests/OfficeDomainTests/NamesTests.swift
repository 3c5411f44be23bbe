import Testing
import LedgerJSON
import OfficeDomain

private func symbol(_ text: String) -> NumberSymbol { NumberSymbol(parsing: text)! }

@Suite("Names spelled once: stream names, document keys, event types, fillable fields")
struct NamesTests {
    @Test("every kind of stream name prints the stored spelling and parses back to itself")
    func streamNameRoundTrip() {
        let names: [(StreamName, String)] = [
            (.document(DocumentKey(symbol: symbol("41/QĐ-UBND"), year: 2017)), "document:41/QĐ-UBND@2017"),
            (.document(DocumentKey(symbol: symbol("20/2017/QĐ-UBND"), year: 2017)), "document:20/2017/QĐ-UBND@2017"),
            (.document(DocumentKey(symbol: symbol("123/UBND"), year: 2017)), "document:123/UBND@2017"),
            (.document(DocumentKey(symbol: symbol("09/KH-UBND"), year: 2018)), "document:09/KH-UBND@2018"),
            (.document(DocumentKey(symbol: symbol("01/UBND-KT"), year: 2017)), "document:01/UBND-KT@2017"),
            // An issuer may hold an `@`: the year is after the last one.
            (.document(DocumentKey(symbol: NumberSymbol(number: 1, year: nil, docType: "QĐ", issuer: "A@B"), year: 2017)),
             "document:01/QĐ-A@B@2017"),
            (.received(year: 2017, arrivalNo: 123), "received:2017:123"),
            (.received(year: 2017, arrivalNo: 1), "received:2017:1"),
            (.directive("CT619-01"), "directive:CT619-01"),
            (.directive("Chỉ đạo: số 5 @ Sở Tài chính"), "directive:Chỉ đạo: số 5 @ Sở Tài chính"),
            (.programmeItem("NN-01"), "programme:NN-01"),
            (.programmeItem("GDĐT-02"), "programme:GDĐT-02"),
            // An id starting with a combining mark is not glued to the prefix's `:`.
            (.directive("\u{301}X"), "directive:\u{301}X"),
        ]
        for (name, text) in names {
            #expect(name.description == text)
            #expect(StreamName(parsing: text) == name, "\(text)")
            #expect(StreamName(parsing: name.description)?.description == text)
        }
    }

    @Test("a document key prints symbol@year and parses back, also from a clerk's spelling of the symbol")
    func documentKeyRoundTrip() {
        for text in ["41/QĐ-UBND@2017", "20/2017/QĐ-UBND@2017", "123/UBND@2017", "01/2018/QĐ-UBND@2018", "830/QĐ-UBND@2017",
                     "74/TB-UBND@2017", "21/CT-TTg@2017", "15/BC-STC@2017"] {
            let key = DocumentKey(parsing: text)
            #expect(key?.description == text, "\(text)")
            #expect(key.map { DocumentKey(parsing: $0.description) } == key)
        }
        let key = DocumentKey(parsing: "9/KH-UBND@2017")
        #expect(key == DocumentKey(symbol: NumberSymbol(number: 9, year: nil, docType: "KH", issuer: "UBND"), year: 2017))
        #expect(key?.description == "09/KH-UBND@2017")
        #expect(DocumentKey(parsing: "123/UBND@2017")?.symbol.docType == "CV")
        #expect(DocumentKey(parsing: "20/2017/QĐ-UBND@2017")?.symbol.year == 2017)
    }

    @Test("a cited symbol without a year is taken in the citing event's year; one with a year keeps it")
    func citedKey() {
        let day = Day("2017-03-02")!
        #expect(DocumentKey(citing: symbol("9/KH-UBND"), on: day).description == "09/KH-UBND@2017")
        #expect(DocumentKey(citing: symbol("123/UBND"), on: day).description == "123/UBND@2017")
        #expect(DocumentKey(citing: symbol("20/2016/QĐ-UBND"), on: day).description == "20/2016/QĐ-UBND@2016")
    }

    @Test("junk is not a stream name or a document key")
    func refusesJunk() {
        for text in ["", "document", "document:", "document:41/QĐ-UBND", "document:41/QĐ-UBND@", "document:@2017",
                     "document:41/QĐ-UBND@20x7", "document:41/QĐ-UBND@+2017", "document:41/QĐ-UBND@02017",
                     "document:41/QĐ-UBND@ 2017", "document:41/QĐ-UBND@10000", "document:thông báo 74@2017",
                     "document:20/17/QĐ-UBND@2017",
                     "received:", "received:2017", "received:2017:", "received::1", "received:2017:0", "received:2017:-1",
                     "received:2017:+1", "received:2017:01", "received:2017:1:2", "received:năm:1", "received:02017:1",
                     "directive:", "programme:", "Directive:CT619-01", "programmeItem:NN-01", "CT619-01", " directive:X"] {
            #expect(StreamName(parsing: text) == nil, "\(text)")
        }
        for text in ["", "41/QĐ-UBND", "41/QĐ-UBND@", "@2017", "41/QĐ-UBND@20x7", "41/QĐ-UBND@-2017", "thông báo 74@2017",
                     "41/QĐ-UBND@2017 "] {
            #expect(DocumentKey(parsing: text) == nil, "\(text)")
        }
    }

    @Test("the event types are the catalogue's spellings, each decoding to an event of its own type")
    func eventTypes() throws {
        #expect(EventType.allCases.map(\.rawValue) == [
            "DocumentReceived", "DocumentIssued", "DocumentRecalled", "DocumentCorrected",
            "DirectiveIssued", "DirectiveDeadlineExtended", "DirectiveProgressReported", "DirectiveCompleted",
            "DirectiveCancelled",
            "ProgrammeItemRegistered", "ProgrammeItemRescheduled", "ProgrammeItemSubmitted", "ProgrammeItemApproved",
            "ProgrammeItemWithdrawn", "SeriesConfigured", "AccountCreated", "RoleGranted", "RoleRevoked", "AccountDisabled",
            "IncomingAssigned", "IncomingProgressReported", "IncomingAnswered", "IncomingClosed", "CheckpointSigned",
        ])
        #expect(OfficeEvent.types == EventType.allCases.map(\.rawValue))
        #expect(Set(samples.map(\.type)) == Set(EventType.allCases))
        for (type, data) in samples {
            #expect(try OfficeEvent.decode(type: type.rawValue, data: data).type == type)
        }
        #expect(throws: DomainError(field: "type", reason: "unknown event type \"documentissued\" (did you mean DocumentIssued?)")) {
            try OfficeEvent.decode(type: "documentissued", data: [:])
        }
    }

    @Test("the fillable fields per type are the ones the ledger always kept; decide fills exactly those")
    func fillableFields() throws {
        // What a retry may leave out: unchanged, or a stored event would stop matching its retry.
        #expect(OfficeRules.fillableFields == ["DocumentReceived": ["arrival_no"], "DocumentIssued": ["number", "issuer", "legal_normative"]])
        for type in EventType.allCases {
            #expect(Set(type.fillable) == OfficeRules.fillableFields[type.rawValue] ?? [])
        }
        let rules = OfficeRules()
        for (type, data) in samples {
            let state = MemoryState()
            state.directives["D1"] = DirectiveState(issuedOn: Day("2017-01-10")!, deadline: nil, completedOn: nil, cancelledOn: nil)
            state.items["TNMT-03"] = ProgrammeItemState(year: 2017, approvedOn: nil, withdrawnOn: nil)
            state.documents["41/QĐ-UBND@2017"] = (IssuedDocumentState(issuedOn: Day("2017-01-09")!, recalledOn: nil), "UBND|QĐ+CT", 41)
            state.documents["09/KH-UBND@2017"] = (IssuedDocumentState(issuedOn: Day("2017-01-09")!, recalledOn: nil), "UBND|KH", 9)
            if type != .accountCreated { state.accounts["lanhdao"] = AccountState(roles: [.leader], disabled: false) }
            state.incomings["2017:123"] = IncomingState(receivedOn: Day("2017-01-05")!, assignedOn: Day("2017-01-06")!)
            var submitted = data
            for key in type.fillable { submitted[key] = nil }   // leave them all to the ledger
            let decision = try rules.decide(try OfficeEvent.decode(type: type.rawValue, data: submitted), state: state)
            #expect(decision.filled.map(\.0) == type.fillable, "\(type)")
        }
    }

    @Test("a decision names its stream: the allocated arrival number, the issued document's key")
    func decisionStreamName() throws {
        let rules = OfficeRules()
        let state = MemoryState()
        state.arrivals = ["2017:122"]
        let received = try rules.decide(try OfficeEvent.decode(type: "DocumentReceived", data: [
            "received_on": "2017-01-05", "sender": "Văn phòng Chính phủ", "number_symbol": "01/NQ-CP", "doc_type": "NQ", "subject": "Nghị quyết",
        ]), state: state)
        #expect(received.streamName == .received(year: 2017, arrivalNo: 123))
        #expect(received.stream == "received:2017:123")
        #expect(received.filled.map(\.0) == ["arrival_no"])

        let issued = try rules.decide(try OfficeEvent.decode(type: "DocumentIssued", data: [
            "issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Phê duyệt", "legal_normative": true,
        ]), state: state)
        guard case .document(let key) = issued.streamName else { Issue.record("not a document stream"); return }
        #expect(key.symbol.description == "01/2017/QĐ-UBND")
        #expect(key.year == 2017)
        #expect(issued.stream == "document:01/2017/QĐ-UBND@2017")
        #expect(issued.event.stream() == issued.stream)

        // A number given is kept, and listed with the decided values (the store keeps what was submitted).
        let numbered = try rules.decide(try OfficeEvent.decode(type: "DocumentIssued", data: [
            "issued_on": "2017-01-09", "doc_type": "CV", "subject": "Công văn", "number": 123,
        ]), state: state)
        #expect(numbered.stream == "document:123/UBND@2017")
        #expect(numbered.filled.map(\.0) == ["issuer", "legal_normative", "number"])
        #expect(numbered.filled.map(\.1) == [.string("UBND"), .bool(false), .int(123)])
    }

    @Test("an update's date field is named by its kind")
    func dateFields() {
        #expect(DirectiveUpdate.Kind.progress.dateField == "reported_on")
        #expect(DirectiveUpdate.Kind.extended.dateField == "extended_on")
        #expect(DocumentAmended.Kind.corrected.dateField == "corrected_on")
        #expect(ProgrammeItemUpdate.Kind.approved.dateField == "approved_on")
    }

    /// One complete data object per event type (decided against the state set up above).
    let samples: [(type: EventType, data: JSONObject)] = [
        (.documentReceived, ["received_on": "2017-01-05", "sender": "Văn phòng Chính phủ", "number_symbol": "01/NQ-CP",
                             "doc_type": "NQ", "subject": "Nghị quyết", "arrival_no": 1, "signed_on": "2017-01-01"]),
        (.documentIssued, ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Phê duyệt", "legal_normative": false,
                           "number": 42, "issuer": "UBND", "signer": "Phạm Vũ Hồng"]),
        (.documentRecalled, ["document": "41/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-01", "reason": "Sai thể thức"]),
        (.documentCorrected, ["document": "9/KH-UBND", "year": 2017, "corrected_on": "2017-02-01", "correction": "Sửa ngày"]),
        (.directiveIssued, ["directive_id": "D2", "issued_on": "2017-01-10", "lead_unit": "Sở Tài chính", "content": "Báo cáo",
                            "source_document": "74/TB-UBND"]),
        (.directiveDeadlineExtended, ["directive_id": "D1", "extended_on": "2017-01-10", "new_deadline": "2017-02-10",
                                      "reason": "Chờ số liệu"]),
        (.directiveProgressReported, ["directive_id": "D1", "reported_on": "2017-01-20", "unit": "Sở Tài chính", "note": "Đang làm"]),
        (.directiveCompleted, ["directive_id": "D1", "completed_on": "2017-02-01", "result_document": "15/BC-STC"]),
        (.directiveCancelled, ["directive_id": "D1", "cancelled_on": "2017-02-01", "reason": "Không còn cần"]),
        (.programmeItemRegistered, ["item_id": "TNMT-04", "year": 2017, "title": "Đề án", "lead_unit": "Sở Tài nguyên và Môi trường",
                                    "due": "2017-2018"]),
        (.programmeItemRescheduled, ["item_id": "TNMT-03", "rescheduled_on": "2017-03-01", "due": "Q4/2017", "reason": "Chậm"]),
        (.programmeItemSubmitted, ["item_id": "TNMT-03", "submitted_on": "2017-03-01"]),
        (.programmeItemApproved, ["item_id": "TNMT-03", "approved_on": "2017-04-01", "decision": "830/QĐ-UBND"]),
        (.programmeItemWithdrawn, ["item_id": "TNMT-03", "withdrawn_on": "2017-04-01", "reason": "Không phù hợp"]),
        (.seriesConfigured, ["series": ""]),
        (.accountCreated, ["user": "lanhdao", "name": "Trần Văn Lãnh", "roles": ["leader"]]),
        (.roleGranted, ["user": "lanhdao", "role": "officer"]),
        (.roleRevoked, ["user": "lanhdao", "role": "leader"]),
        (.accountDisabled, ["user": "lanhdao"]),
        (.incomingAssigned, ["year": 2017, "arrival_no": 123, "assigned_on": "2017-01-06", "lead_unit": "Sở Tài chính",
                             "support_units": ["Sở Xây dựng"], "deadline": "2017-01-31", "instruction": "Tham mưu trả lời",
                             "for_information": false]),
        (.incomingProgressReported, ["year": 2017, "arrival_no": 123, "reported_on": "2017-01-20", "unit": "Sở Tài chính", "note": "Đang làm"]),
        (.incomingAnswered, ["year": 2017, "arrival_no": 123, "answered_on": "2017-01-20", "answer_document": "41/QĐ-UBND", "note": "Đã trả lời"]),
        (.incomingClosed, ["year": 2017, "arrival_no": 123, "closed_on": "2017-01-20", "reason": "Lưu hồ sơ"]),
        (.checkpointSigned, ["origin": "ubnd.example/docledger", "key_id": "96993303", "size": 5,
                             "root": "ONELHBibh0MT2HcM5YpEa4rRjKGLK0EnAf5UbNyAcKI="]),
    ]
}
