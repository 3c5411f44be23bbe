import Testing
@testable import DocLedgerKit
import LedgerJSON
import OfficeDomain
import OfficeProjections

/// Approvals citing documents of the register or not:
///   07/QĐ-UBND issued 2016-12-30 (so in 2016), 05/QĐ-UBND and 01/2017/QĐ-UBND in January 2017;
///   P1 approved by 5/QĐ-UBND, P2 by 01/2017/QĐ-UBND, P3 by 7/QĐ-UBND (read as 07/QĐ-UBND@2017,
///   which was never issued), P4 on 2017-02-02 by 06/QĐ-UBND, issued only on 2017-02-03.
func approvalEvents() -> [String] {
    var lines = [
        line("DocumentIssued", ["issued_on": "2016-12-30", "doc_type": "QĐ", "number": 7, "subject": "Năm trước"], at: at("2017-01-01")),
        line("DocumentIssued", ["issued_on": "2017-01-02", "doc_type": "QĐ", "number": 5, "subject": "A"], at: at("2017-01-02")),
        line("DocumentIssued", ["issued_on": "2017-01-03", "doc_type": "QĐ", "legal_normative": true, "subject": "B"], at: at("2017-01-03")),
    ]
    for n in 1...4 {
        lines.append(line("ProgrammeItemRegistered", ["item_id": .string("P\(n)"), "year": 2017, "title": .string("Đề án \(n)"),
                                                      "lead_unit": "Sở Xây dựng", "due": "Q2/2017"], at: at("2017-01-04", n)))
    }
    for (item, decision) in [("P1", "5/QĐ-UBND"), ("P2", "01/2017/QĐ-UBND"), ("P3", "7/QĐ-UBND"), ("P4", "06/QĐ-UBND")] {
        lines.append(line("ProgrammeItemApproved", ["item_id": .string(item), "approved_on": "2017-02-02", "decision": .string(decision)],
                          at: at("2017-02-02")))
    }
    lines.append(line("DocumentIssued", ["issued_on": "2017-02-03", "doc_type": "QĐ", "number": 6, "subject": "C"], at: at("2017-02-03")))
    return lines
}

@Suite("Reconciliation: doubts the ledger shows about approving decisions")
struct ReconciliationDoubtsTests {
    func notIssued(_ t: TestLedger, asOf: String? = nil) throws -> [String] {
        let report = try t.report("2017-H1", asOf: asOf)
        return try ReconciliationQuery.run(t.ledger.db, report: report, declared: .object(JSONObject())).doubts
            .filter { $0.kind == "approving decision not issued" }.map(\.detail)
    }

    @Test("an approval citing a document the register does not hold in that year is a doubt; one issued later is not, as of later")
    func approvingDecisionNotIssued() throws {
        let t = try TestLedger()
        try t.given(approvalEvents())
        #expect(try notIssued(t) == ["07/QĐ-UBND@2017 (approving P3) is not among the issued documents"])
        // As of the approvals, 06/QĐ-UBND was not issued yet.
        #expect(try notIssued(t, asOf: endOf("2017-02-02")) == [
            "07/QĐ-UBND@2017 (approving P3) is not among the issued documents",
            "06/QĐ-UBND@2017 (approving P4) is not among the issued documents",
        ])
    }
}
