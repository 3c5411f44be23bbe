import Testing
import Foundation
@testable import DocLedgerKit
import LedgerJSON
import LedgerStore
import OfficeDomain
import Transparency

/// The log is the authority (issue 10, item 1): a damaged read table cannot talk the ledger into
/// a rule-breaking event, a replay applies any log, and verify re-decides every event.
@Suite("the log has the last word")
struct LogAuthorityTests {
    func issued(_ day: String, _ type: String, _ subject: String) -> String {
        line("DocumentIssued", ["issued_on": .string(day), "doc_type": .string(type), "subject": .string(subject)], at: at(day))
    }

    /// Three decisions of 2017: 01, 02 and 03/QĐ-UBND (QĐ and CT share a series).
    func threeDecisions() throws -> TestLedger {
        let t = try TestLedger()
        try t.given([issued("2017-01-05", "QĐ", "Một"), issued("2017-01-06", "QĐ", "Hai"), issued("2017-01-07", "QĐ", "Ba")])
        return t
    }

    @Test("a row deleted from the outgoing register does not free its number: the next CT is refused, nothing written")
    func damagedReadTable() throws {
        let t = try threeDecisions()
        try t.ledger.db.execute("DELETE FROM p_documents_issued WHERE symbol = '03/QĐ-UBND'")
        try t.expectRefused(issued("2017-02-01", "CT", "Chỉ thị"), field: "data.number",
                            reason: "3 is already used in series QĐ+CT of 2017 (by 03/QĐ-UBND in the log; the read tables do not show it, so they are damaged: run `docledger verify`, then `docledger repair`)")
        // The same with the number given, and for an arrival number.
        let given = line("DocumentIssued", ["issued_on": "2017-02-01", "doc_type": "CT", "subject": "Chỉ thị", "number": 3], at: at("2017-02-01"))
        let refused = try t.append([given])
        #expect(refused.problems.map(\.field) == ["data.number"])
        try t.given([line("DocumentReceived", ["received_on": "2017-02-02", "sender": "Sở Y tế", "number_symbol": "1/BC-SYT",
                                               "doc_type": "BC", "subject": "Báo cáo"], at: at("2017-02-02"))])
        try t.ledger.db.execute("DELETE FROM p_documents_received")
        let again = try t.append([line("DocumentReceived", ["received_on": "2017-02-03", "sender": "Sở Y tế", "number_symbol": "2/BC-SYT",
                                                            "doc_type": "BC", "subject": "Báo cáo"], at: at("2017-02-03"))])
        #expect(again.problems.map(\.description) == [
            "line 1: data.arrival_no: arrival number 1 of 2017 is already in the log (the read tables do not show it, so they are damaged: run `docledger verify`, then `docledger repair`)",
        ])
    }

    /// Appends an event straight to the log, chain and Merkle tree and all, past every rule: what
    /// someone with the file and this code could forge.
    func forge(_ t: TestLedger, stream: String, type: String, data: String, at recordedAt: String) throws {
        try t.ledger.write {
            let stored = try t.ledger.log.append(NewEvent(id: "forged-\(UUID().uuidString)", stream: stream, type: type, data: data,
                                                          recordedAt: recordedAt, actor: "ke.gian"))
            try t.ledger.tree().append(leafHash: stored.leafHash, index: stored.seq - 1)
        }
    }

    @Test("a forged event that reuses a number: replay still rebuilds everything else; verify names it and its holder")
    func forgedNumber() throws {
        let t = try threeDecisions()
        try forge(t, stream: "document:03/CT-UBND@2017", type: "DocumentIssued",
                  data: #"{"doc_type":"CT","issued_on":"2017-02-01","issuer":"UBND","legal_normative":false,"number":3,"subject":"Giả mạo"}"#,
                  at: at("2017-02-01"))
        let verified = try t.ledger.verify()
        #expect(!verified.ok)
        #expect(verified.problems.first == "sequence 4: number: 3 of series QĐ+CT 2017 already used by sequence 3")
        let replayed = try t.ledger.replay()
        #expect(replayed.events == 4 && replayed.notApplied == 1)
        #expect(replayed.firstProblem?.hasPrefix("sequence 4: DocumentIssued could not be applied") == true)
        #expect(try t.report("2017-H1").json("documents.issued") == .int(3))
        // The rest of the ledger keeps working.
        try t.given([issued("2017-02-02", "QĐ", "Bốn")])
        #expect(try t.events().last?.stream == "document:04/QĐ-UBND@2017")
    }

    @Test("forged facts about an unknown directive, or a completion after a cancellation: replay applies the rest, verify names the first")
    func forgedLifecycle() throws {
        let t = try TestLedger()
        try t.given([line("DirectiveIssued", ["directive_id": "D-1", "issued_on": "2017-03-01", "lead_unit": "Sở Y tế", "content": "Rà soát"],
                          at: at("2017-03-01")),
                     line("DirectiveCancelled", ["directive_id": "D-1", "cancelled_on": "2017-03-02", "reason": "Trùng"], at: at("2017-03-02"))])
        try forge(t, stream: "directive:D-1", type: "DirectiveCompleted", data: #"{"completed_on":"2017-03-03","directive_id":"D-1"}"#,
                  at: at("2017-03-03"))
        try forge(t, stream: "directive:D-9", type: "DirectiveCompleted", data: #"{"completed_on":"2017-03-03","directive_id":"D-9"}"#,
                  at: at("2017-03-04"))
        try forge(t, stream: "directive:D-1", type: "DirectiveCompleted", data: #"{"completed_on":"not a day","directive_id":"D-1"}"#,
                  at: at("2017-03-05"))
        let verified = try t.ledger.verify()
        #expect(verified.problems.first == "sequence 3: directive_id: directive D-1 was already cancelled on 2017-03-02 (and 2 more event(s) the rules refuse or the tables cannot take)")
        let replayed = try t.ledger.replay()
        #expect(replayed.events == 5 && replayed.notApplied == 2, "the unknown directive's fact and the unreadable one")
    }

    @Test("the hand-made ledgers verify with every event re-decided")
    func honestLedgersVerify() throws {
        let t = try TestLedger()
        try t.given(allHandMadeEvents())
        let verified = try t.ledger.verify()
        #expect(verified.problems == [])
    }
}
