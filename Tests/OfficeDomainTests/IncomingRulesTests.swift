import Testing
import LedgerJSON
import OfficeDomain

private func event(_ type: String, _ data: JSONObject) throws -> OfficeEvent {
    try OfficeEvent.decode(type: type, data: data)
}

/// An event about incoming document 123/2017 with `fields` added.
private func incoming(_ type: String, _ fields: JSONObject) throws -> OfficeEvent {
    var data: JSONObject = ["year": 2017, "arrival_no": 123]
    for (key, value) in fields.pairs { data[key] = value }
    return try event(type, data)
}

private func assigned(_ on: String, _ extra: JSONObject = [:]) throws -> OfficeEvent {
    var data: JSONObject = ["assigned_on": .string(on), "lead_unit": "Sở Tài chính"]
    for (key, value) in extra.pairs { data[key] = value }
    return try incoming("IncomingAssigned", data)
}

private func progress(_ on: String) throws -> OfficeEvent {
    try incoming("IncomingProgressReported", ["reported_on": .string(on), "unit": "Sở Tài chính", "note": "Đang dự thảo"])
}

private func answered(_ on: String, _ document: String? = nil) throws -> OfficeEvent {
    var data: JSONObject = ["answered_on": .string(on)]
    if let document { data["answer_document"] = .string(document) }
    return try incoming("IncomingAnswered", data)
}

private func closed(_ on: String) throws -> OfficeEvent {
    try incoming("IncomingClosed", ["closed_on": .string(on), "reason": "Lưu hồ sơ"])
}

@Suite("The incoming document workflow: given state, when an event, then a decision or a refusal")
struct IncomingRulesTests {
    let rules = OfficeRules()

    /// Incoming document 123/2017 received 2017-01-05; 41/QĐ-UBND issued 2017-01-09, 42/QĐ-UBND
    /// issued 2017-01-09 and recalled 2017-02-01, 43/QĐ-UBND issued 2017-03-01.
    func given(_ events: [OfficeEvent] = []) throws -> MemoryState {
        let state = MemoryState()
        let setup: [OfficeEvent] = [
            try event("DocumentReceived", ["received_on": "2017-01-05", "sender": "Bộ Tài chính", "number_symbol": "15/BTC-NSNN",
                                           "doc_type": "CV", "subject": "Đề nghị báo cáo", "arrival_no": 123]),
            try event("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "A", "number": 41]),
            try event("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "B", "number": 42]),
            try event("DocumentRecalled", ["document": "42/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-01", "reason": "Sai"]),
            try event("DocumentIssued", ["issued_on": "2017-03-01", "doc_type": "QĐ", "subject": "C", "number": 43]),
        ]
        for e in setup + events { state.apply(try rules.decide(e, state: state), rules: rules) }
        return state
    }

    func refused(_ event: OfficeEvent, given state: MemoryState, field: String, reason: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: DomainError(field: field, reason: reason), sourceLocation: sourceLocation) {
            try rules.decide(event, state: state)
        }
    }

    @Test("the four events decode with their fields, go to the document's own stream, and fill nothing")
    func decoding() throws {
        let e = try assigned("2017-01-06", ["support_units": ["Sở Xây dựng"], "deadline": "2017-01-31", "instruction": "Trả lời Bộ"])
        guard case .incomingAssigned(let a) = e else { Issue.record("\(e)"); return }
        #expect(a.year == 2017 && a.arrivalNo == 123 && a.assignedOn == Day("2017-01-06")! && a.leadUnit == "Sở Tài chính")
        #expect(a.supportUnits == ["Sở Xây dựng"] && a.deadline == Day("2017-01-31")! && a.instruction == "Trả lời Bộ" && !a.forInformation)
        #expect(e.stream() == "received:2017:123")
        #expect(try progress("2017-01-10").stream() == "received:2017:123")
        #expect(try answered("2017-01-20", "41/QĐ-UBND").type == .incomingAnswered)
        #expect(try closed("2017-01-20").type == .incomingClosed)
        for e in [try assigned("2017-01-06"), try progress("2017-01-10"), try answered("2017-01-20"), try closed("2017-01-20")] {
            #expect(!e.opensStream)
            #expect(try rules.decide(e, state: given([try assigned("2017-01-06")])).filled.isEmpty)
        }
        #expect(EventType.incomingAssigned.roleNeeded == .leader)
        #expect(EventType.incomingProgressReported.roleNeeded == .officer)
        #expect(EventType.incomingAnswered.roleNeeded == .clerk)
        #expect(EventType.incomingClosed.roleNeeded == .clerk)
        #expect(EventType.incomingAnswered.dateField == "answered_on")
    }

    @Test("fields are refused in the decoder's style: missing, mistyped, unknown, a deadline before the assignment")
    func fields() throws {
        #expect(throws: DomainError(field: "data.lead_unit", reason: "missing (required for IncomingAssigned)")) {
            try incoming("IncomingAssigned", ["assigned_on": "2017-01-06"])
        }
        #expect(throws: DomainError(field: "data.arrival_no", reason: "must be a whole number, not string")) {
            try event("IncomingClosed", ["year": 2017, "arrival_no": "123", "closed_on": "2017-01-06", "reason": "x"])
        }
        #expect(throws: DomainError(field: "data.for_information", reason: "must be true or false, not string")) {
            try assigned("2017-01-06", ["for_information": "yes"])
        }
        #expect(throws: DomainError(field: "data.deadline", reason: "2017-01-05 is before the assignment date 2017-01-06")) {
            try assigned("2017-01-06", ["deadline": "2017-01-05"])
        }
        #expect(throws: DomainError(field: "data.unit", reason: "missing (required for IncomingProgressReported)")) {
            try incoming("IncomingProgressReported", ["reported_on": "2017-01-06", "note": "x"])
        }
        #expect(throws: DomainError(field: "data.answer_document", reason: "\"công văn 5\" is not a number symbol such as 41/QĐ-UBND, 20/2017/QĐ-UBND or 123/UBND")) {
            try answered("2017-01-20", "công văn 5")
        }
        #expect(throws: DomainError(field: "data.deadline", reason: "unknown field for IncomingClosed")) {
            try incoming("IncomingClosed", ["closed_on": "2017-01-06", "reason": "x", "deadline": "2017-02-01"])
        }
        // A deadline on the day of the assignment is allowed.
        #expect(throws: Never.self) { try assigned("2017-01-06", ["deadline": "2017-01-06"]) }
    }

    @Test("every workflow event needs the incoming document in the register")
    func unknownDocument() throws {
        let state = try given()
        for e in [try assigned("2017-01-06"), try progress("2017-01-10"), try answered("2017-01-20"), try closed("2017-01-20")] {
            var other = e
            switch other {
            case .incomingAssigned(var a): a.arrivalNo = 124; other = .incomingAssigned(a)
            case .incomingUpdated(var u): u.arrivalNo = 124; other = .incomingUpdated(u)
            default: break
            }
            refused(other, given: state, field: "data.arrival_no", reason: "incoming document 124/2017 is not in the incoming register")
        }
        // Same arrival number, another year.
        refused(try event("IncomingAssigned", ["year": 2016, "arrival_no": 123, "assigned_on": "2017-01-06", "lead_unit": "Sở Tài chính"]),
                given: state, field: "data.arrival_no", reason: "incoming document 123/2016 is not in the incoming register")
    }

    @Test("an assignment is not dated before the document was received; on that day it is accepted")
    func assignedBeforeReceived() throws {
        let state = try given()
        refused(try assigned("2017-01-04"), given: state, field: "data.assigned_on", reason: "2017-01-04 is before the document was received (2017-01-05)")
        #expect(throws: Never.self) { try rules.decide(try assigned("2017-01-05"), state: state) }
    }

    @Test("a later assignment re-routes an open document, and is not dated before the one in force")
    func reassignment() throws {
        let state = try given([try assigned("2017-01-10")])
        refused(try assigned("2017-01-09"), given: state, field: "data.assigned_on",
                reason: "2017-01-09 is before the assignment in force (2017-01-10); a new assignment replaces it from its date")
        #expect(throws: Never.self) { try rules.decide(try assigned("2017-01-10"), state: state) }
        let later = try rules.decide(try assigned("2017-01-15", ["for_information": true]), state: state)
        state.apply(later, rules: rules)
        #expect(state.incomings["2017:123"]?.assignedOn == Day("2017-01-15"))
        #expect(state.incomings["2017:123"]?.forInformation == true)
    }

    @Test("no re-routing, progress, answer or closing once the document is answered or closed")
    func notOpen() throws {
        let answeredState = try given([try assigned("2017-01-10"), try answered("2017-01-20")])
        let closedState = try given([try assigned("2017-01-10"), try closed("2017-01-21")])
        for e in [try assigned("2017-02-01"), try progress("2017-02-01"), try answered("2017-02-01"), try closed("2017-02-01")] {
            refused(e, given: answeredState, field: "data.arrival_no", reason: "incoming document 123/2017 was already answered on 2017-01-20")
            refused(e, given: closedState, field: "data.arrival_no", reason: "incoming document 123/2017 was already closed on 2017-01-21")
        }
    }

    @Test("progress, answer and closing need an assignment")
    func unassigned() throws {
        let state = try given()
        for e in [try progress("2017-01-10"), try answered("2017-01-20"), try closed("2017-01-20")] {
            refused(e, given: state, field: "data.arrival_no", reason: "incoming document 123/2017 has not been assigned (no IncomingAssigned for it)")
        }
    }

    @Test("progress, answer and closing are not dated before the document was received")
    func updateBeforeReceived() throws {
        let state = try given([try assigned("2017-01-05")])
        refused(try progress("2017-01-04"), given: state, field: "data.reported_on", reason: "2017-01-04 is before the document was received (2017-01-05)")
        refused(try answered("2017-01-04"), given: state, field: "data.answered_on", reason: "2017-01-04 is before the document was received (2017-01-05)")
        refused(try closed("2017-01-04"), given: state, field: "data.closed_on", reason: "2017-01-04 is before the document was received (2017-01-05)")
    }

    @Test("a document assigned for information is not answered (it is closed); re-routed for handling, it is")
    func forInformation() throws {
        let state = try given([try assigned("2017-01-10", ["for_information": true])])
        refused(try answered("2017-01-20"), given: state, field: "data.arrival_no",
                reason: "incoming document 123/2017 is assigned for information only: it needs no answer (close it instead)")
        #expect(throws: Never.self) { try rules.decide(try closed("2017-01-20"), state: state) }
        #expect(throws: Never.self) { try rules.decide(try progress("2017-01-20"), state: state) }
        state.apply(try rules.decide(try assigned("2017-01-12"), state: state), rules: rules)
        #expect(throws: Never.self) { try rules.decide(try answered("2017-01-20"), state: state) }
    }

    @Test("a document is answered once; progress may be reported many times")
    func answeredOnce() throws {
        let state = try given([try assigned("2017-01-10"), try progress("2017-01-11"), try progress("2017-01-12")])
        state.apply(try rules.decide(try answered("2017-01-20", "41/QĐ-UBND"), state: state), rules: rules)
        refused(try answered("2017-01-21"), given: state, field: "data.arrival_no", reason: "incoming document 123/2017 was already answered on 2017-01-20")
    }

    @Test("the answering document: issued in the year of answered_on, on or before it, not recalled")
    func answerDocument() throws {
        let state = try given([try assigned("2017-01-06")])
        refused(try answered("2017-01-20", "44/QĐ-UBND"), given: state, field: "data.answer_document",
                reason: "44/QĐ-UBND of 2017 is not among the issued documents")
        refused(try answered("2017-02-20", "43/QĐ-UBND"), given: state, field: "data.answer_document",
                reason: "43/QĐ-UBND was issued on 2017-03-01, after answered_on 2017-02-20")
        refused(try answered("2017-02-20", "42/QĐ-UBND"), given: state, field: "data.answer_document",
                reason: "42/QĐ-UBND of 2017 was recalled on 2017-02-01: it cannot answer a document")
        // 41/QĐ-UBND of 2017 answers nothing in 2018: the symbol is taken in the answer's year.
        refused(try answered("2018-01-20", "41/QĐ-UBND"), given: state, field: "data.answer_document",
                reason: "41/QĐ-UBND of 2018 is not among the issued documents")
        // Issued the very day of the answer, written with or without the leading zero.
        #expect(throws: Never.self) { try rules.decide(try answered("2017-03-01", "43/QĐ-UBND"), state: state) }
        #expect(throws: Never.self) { try rules.decide(try answered("2017-01-09", "41/QĐ-UBND"), state: state) }
        #expect(throws: Never.self) { try rules.decide(try answered("2017-01-20"), state: state) }
    }
}
