import Foundation
import Testing

/// `docledger reconcile`: declared figures beside the ledger's.
@Suite("reconcile")
struct ReconcileTests {
    @Test("a declared figure of another JSON type than the report's says so, and still counts as a difference (exit 1)")
    func declaredFigureOfTheWrongType() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        let received = try scratch.run(["receive", "--sender", "Sở Tài chính", "--number-symbol", "45/BC-STC", "--type", "BC",
                                        "--subject", "Báo cáo thu chi", "--on", "2017-01-09"])
        #expect(received.status == 0, "\(received)")
        let declared = try scratch.write("declared.json", #"{"documents": {"received": "1", "issued": 0, "recalled_in_period": false}}"#)

        let text = try scratch.run(["reconcile", "--period", "2017-H1", "--declared", declared])
        #expect(text.status == 1, "\(text)")
        let receivedRow = try #require(text.stdoutLines.first { $0.hasPrefix("documents.received ") }, "\(text)")
        #expect(receivedRow.hasSuffix(#"declared "1" is a string; the report's figure is a number"#), "\(text)")
        #expect(!receivedRow.contains("DIFFERS"), "\(text)")
        let recalledRow = try #require(text.stdoutLines.first { $0.hasPrefix("documents.recalled_in_period ") }, "\(text)")
        #expect(recalledRow.hasSuffix("declared false is a boolean; the report's figure is a number"), "\(text)")
        let issuedRow = try #require(text.stdoutLines.first { $0.hasPrefix("documents.issued ") }, "\(text)")
        #expect(issuedRow.hasSuffix(" ok"), "\(text)")
        #expect(text.stdout.contains("3 declared figure(s) compared, 2 differ from the ledger."), "\(text)")

        let json = try scratch.run(["reconcile", "--period", "2017-H1", "--declared", declared, "--format", "json"])
        #expect(json.status == 1, "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any], "\(json)")
        #expect(object["differences"] as? Int == 2)
        let figures = try #require(object["figures"] as? [[String: Any]])
        let row = try #require(figures.first { $0["figure"] as? String == "documents.received" })
        #expect(row["differs"] as? Bool == true)
        #expect(row["reason"] as? String == #"declared "1" is a string; the report's figure is a number"#, "\(row)")
        #expect(figures.first { $0["figure"] as? String == "documents.issued" }?["reason"] == nil)
    }
}
