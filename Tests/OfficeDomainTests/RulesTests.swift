import Testing
import LedgerJSON
import OfficeDomain

/// The ledger's state as the rules see it, kept in memory (given events → state).
final class MemoryState: OfficeStateReader {
    var directives: [String: DirectiveState] = [:]
    var items: [String: ProgrammeItemState] = [:]
    var documents: [String: (IssuedDocumentState, series: String, number: Int)] = [:]   // "symbol@year"
    var arrivals: Set<String> = []   // "year:number"

    func directive(_ id: String) throws -> DirectiveState? { directives[id] }
    func programmeItem(_ id: String) throws -> ProgrammeItemState? { items[id] }
    func issuedDocument(_ symbol: NumberSymbol, year: Int) throws -> IssuedDocumentState? { documents["\(symbol)@\(year)"]?.0 }
    func documentHolding(series: String, year: Int, number: Int) throws -> String? {
        documents.first { $0.value.series == series && $0.key.hasSuffix("@\(year)") && $0.value.number == number }
            .map { String($0.key.split(separator: "@")[0]) }
    }
    func lastNumber(series: String, year: Int) throws -> Int {
        documents.filter { $0.value.series == series && $0.key.hasSuffix("@\(year)") }.map(\.value.number).max() ?? 0
    }
    var accounts: [String: AccountState] = [:]
    var incomings: [String: IncomingState] = [:]   // "year:arrival_no"
    func incoming(year: Int, arrivalNo: Int) throws -> IncomingState? { incomings["\(year):\(arrivalNo)"] }
    func account(_ user: String) throws -> AccountState? { accounts[user] }
    func isArrivalNumberTaken(year: Int, number: Int) throws -> Bool { arrivals.contains("\(year):\(number)") }
    var received: [(sender: String, numberSymbol: String, documentYear: Int, year: Int, arrivalNo: Int)] = []
    func arrivals(sender: String, numberSymbol: String, documentYear: Int) throws -> [(year: Int, arrivalNo: Int)] {
        received.filter { $0.sender == sender && $0.numberSymbol == numberSymbol && $0.documentYear == documentYear }
            .map { (year: $0.year, arrivalNo: $0.arrivalNo) }
    }
    func lastArrivalNumber(year: Int) throws -> Int {
        arrivals.filter { $0.hasPrefix("\(year):") }.compactMap { Int($0.split(separator: ":")[1]) }.max() ?? 0
    }

    /// Records an accepted decision, as the read tables would.
    func apply(_ decision: Decision, rules: OfficeRules) {
        switch decision.event {
        case .documentIssued(let e):
            documents["\(e.symbol(number: e.number!))@\(e.year)"] = (IssuedDocumentState(issuedOn: e.issuedOn, recalledOn: nil),
                                                                      rules.seriesOf(e), e.number!)
        case .documentReceived(let e):
            arrivals.insert("\(e.receivedOn.year):\(e.arrivalNo!)")
            received.append((e.sender, e.numberSymbol, e.documentYear, e.receivedOn.year, e.arrivalNo!))
            incomings["\(e.receivedOn.year):\(e.arrivalNo!)"] = IncomingState(receivedOn: e.receivedOn)
        case .documentAmended(let e) where e.kind == .recalled:
            documents["\(e.document)@\(e.year)"]?.0.recalledOn = e.datedOn
        case .incomingAssigned(let e):
            incomings["\(e.year):\(e.arrivalNo)"]?.assignedOn = e.assignedOn
            incomings["\(e.year):\(e.arrivalNo)"]?.forInformation = e.forInformation
        case .incomingUpdated(let e):
            if e.kind == .answered { incomings["\(e.year):\(e.arrivalNo)"]?.answeredOn = e.datedOn }
            if e.kind == .closed { incomings["\(e.year):\(e.arrivalNo)"]?.closedOn = e.datedOn }
        default:
            break
        }
    }
}

private func event(_ type: String, _ data: JSONObject) throws -> OfficeEvent {
    try OfficeEvent.decode(type: type, data: data)
}

@Suite("OfficeRules.decide: given state, when an event, then a decision or a refusal")
struct RulesTests {
    let rules = OfficeRules()

    @Test("a document without a number gets the next in its series; the ledger fills number, issuer and legal_normative")
    func numbering() throws {
        let state = MemoryState()
        var decisions: [Decision] = []
        for (type, legal) in [("QĐ", false), ("CT", false), ("QĐ", true), ("KH", false), ("QĐ", false)] {
            let d = try rules.decide(try event("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": .string(type), "subject": "Văn bản",
                                                                  "legal_normative": .bool(legal)]), state: state)
            state.apply(d, rules: rules)
            decisions.append(d)
        }
        // QĐ 1, CT 2 (same series), legal QĐ 1 (own series, with year), KH 1, QĐ 3.
        #expect(decisions.map(\.stream) == ["document:01/QĐ-UBND@2017", "document:02/CT-UBND@2017", "document:01/2017/QĐ-UBND@2017",
                                            "document:01/KH-UBND@2017", "document:03/QĐ-UBND@2017"])
        #expect(decisions[0].filled.map(\.0) == ["issuer", "legal_normative", "number"])
        #expect(decisions[0].filled.map(\.1) == [.string("UBND"), .bool(false), .int(1)])
    }

    @Test("an explicit number already held in the series and year is refused, naming the holder")
    func duplicateNumber() throws {
        let state = MemoryState()
        state.apply(try rules.decide(try event("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "A", "number": 41]),
                                     state: state), rules: rules)
        #expect(throws: DomainError(field: "data.number", reason: "41 is already used in series QĐ+CT of 2017 (by 41/QĐ-UBND)")) {
            try rules.decide(try event("DocumentIssued", ["issued_on": "2017-02-09", "doc_type": "CT", "subject": "B", "number": 41]),
                             state: state)
        }
        // The same number next year, or in another series, is free.
        #expect(throws: Never.self) {
            try rules.decide(try event("DocumentIssued", ["issued_on": "2018-01-09", "doc_type": "QĐ", "subject": "C", "number": 41]), state: state)
        }
        #expect(throws: Never.self) {
            try rules.decide(try event("DocumentIssued", ["issued_on": "2017-02-09", "doc_type": "KH", "subject": "D", "number": 41]), state: state)
        }
    }

    @Test("directive rules: unknown id, id used twice, dated before issue, completed or cancelled already")
    func directives() throws {
        let state = MemoryState()
        let completed: JSONObject = ["directive_id": "D1", "completed_on": "2017-03-01"]
        #expect(throws: DomainError(field: "data.directive_id", reason: "unknown directive D1 (no DirectiveIssued for it)")) {
            try rules.decide(try event("DirectiveCompleted", completed), state: state)
        }
        state.directives["D1"] = DirectiveState(issuedOn: Day("2017-02-01")!, deadline: nil, completedOn: nil, cancelledOn: nil)
        #expect(throws: DomainError(field: "data.directive_id", reason: "directive D1 already exists (an id is used once)")) {
            try rules.decide(try event("DirectiveIssued", ["directive_id": "D1", "issued_on": "2017-02-02", "lead_unit": "Sở Tài chính",
                                                           "content": "Khác"]), state: state)
        }
        #expect(throws: DomainError(field: "data.completed_on", reason: "2017-01-31 is before the directive was issued (2017-02-01)")) {
            try rules.decide(try event("DirectiveCompleted", ["directive_id": "D1", "completed_on": "2017-01-31"]), state: state)
        }
        #expect(throws: Never.self) { try rules.decide(try event("DirectiveCompleted", completed), state: state) }
        state.directives["D1"]?.completedOn = Day("2017-03-01")
        #expect(throws: DomainError(field: "data.directive_id", reason: "directive D1 was already completed on 2017-03-01")) {
            try rules.decide(try event("DirectiveCancelled", ["directive_id": "D1", "cancelled_on": "2017-03-02", "reason": "x"]), state: state)
        }
        // Progress may still be reported after completion.
        #expect(throws: Never.self) {
            try rules.decide(try event("DirectiveProgressReported", ["directive_id": "D1", "reported_on": "2017-03-05", "unit": "Sở Tài chính",
                                                                     "note": "Đã gửi báo cáo"]), state: state)
        }
    }

    @Test("programme item rules: unknown, used twice, withdrawn, approved already")
    func programmeItems() throws {
        let state = MemoryState()
        let approve: JSONObject = ["item_id": "NN-01", "approved_on": "2017-01-09", "decision": "41/QĐ-UBND"]
        #expect(throws: DomainError(field: "data.item_id", reason: "unknown programme item NN-01 (it was never registered)")) {
            try rules.decide(try event("ProgrammeItemApproved", approve), state: state)
        }
        state.items["NN-01"] = ProgrammeItemState(year: 2017, approvedOn: nil, withdrawnOn: nil)
        #expect(throws: DomainError(field: "data.item_id", reason: "programme item NN-01 already exists (an id is used once)")) {
            try rules.decide(try event("ProgrammeItemRegistered", ["item_id": "NN-01", "year": 2017, "title": "Đề án", "lead_unit": "Sở Xây dựng",
                                                                   "due": "Q1/2017"]), state: state)
        }
        #expect(throws: Never.self) { try rules.decide(try event("ProgrammeItemApproved", approve), state: state) }
        state.items["NN-01"]?.approvedOn = Day("2017-01-09")
        #expect(throws: DomainError(field: "data.item_id", reason: "programme item NN-01 was already approved on 2017-01-09")) {
            try rules.decide(try event("ProgrammeItemApproved", approve), state: state)
        }
        state.items["NN-02"] = ProgrammeItemState(year: 2017, approvedOn: nil, withdrawnOn: Day("2017-03-01"))
        #expect(throws: DomainError(field: "data.item_id", reason: "programme item NN-02 was withdrawn on 2017-03-01")) {
            try rules.decide(try event("ProgrammeItemApproved", ["item_id": "NN-02", "approved_on": "2017-04-01", "decision": "42/QĐ-UBND"]),
                             state: state)
        }
    }
    @Test("a document registered twice: refused naming the first arrival, unless repeat_of names it; another year's or sender's is another document")
    func repeats() throws {
        let state = MemoryState()
        func received(_ extra: JSONObject = [:], sender: String = "Bộ Tài chính", on: String = "2017-03-02") throws -> OfficeEvent {
            var data: JSONObject = ["received_on": .string(on), "sender": .string(sender), "number_symbol": "15/BTC-NSNN",
                                    "doc_type": "CV", "subject": "Đề nghị"]
            for (key, value) in extra.pairs { data[key] = value }
            return try event("DocumentReceived", data)
        }
        state.apply(try rules.decide(try received(on: "2017-01-05"), state: state), rules: rules)
        #expect(throws: DomainError(field: "data.number_symbol", reason: "already registered as arrival 1/2017")) {
            try rules.decide(try received(), state: state)
        }
        #expect(throws: DomainError(field: "data.repeat_of", reason: "arrival 2 is not a registration of 15/BTC-NSNN of Bộ Tài chính (2017), which is 1/2017")) {
            try rules.decide(try received(["repeat_of": 2]), state: state)
        }
        #expect(throws: Never.self) { try rules.decide(try received(["repeat_of": 1]), state: state) }
        #expect(throws: Never.self) { try rules.decide(try received(["signed_on": "2016-12-29"]), state: state) }
        #expect(throws: Never.self) { try rules.decide(try received(sender: "Sở Tài chính"), state: state) }
        #expect(throws: DomainError(field: "data.repeat_of", reason: "15/BTC-NSNN of Sở Tài chính (2017) was not registered before: leave repeat_of out")) {
            try rules.decide(try received(["repeat_of": 1], sender: "Sở Tài chính"), state: state)
        }
    }

    @Test("a recalled document is frozen: its correction is refused, before the recall it is accepted")
    func frozenRecall() throws {
        let state = MemoryState()
        state.apply(try rules.decide(try event("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Văn bản", "number": 41]),
                                     state: state), rules: rules)
        let correct = try event("DocumentCorrected", ["document": "41/QĐ-UBND", "year": 2017, "corrected_on": "2017-02-02", "correction": "Sửa"])
        #expect(throws: Never.self) { try rules.decide(correct, state: state) }
        state.documents["41/QĐ-UBND@2017"]?.0.recalledOn = Day("2017-02-01")
        #expect(throws: DomainError(field: "data.document", reason: "41/QĐ-UBND of 2017 was recalled on 2017-02-01: a recalled document is frozen")) {
            try rules.decide(correct, state: state)
        }
    }
}
