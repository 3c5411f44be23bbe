import Foundation
import Testing

@Suite struct InitTests {
    @Test("init --series fixes which doc types share a number series; it cannot change once documents are numbered")
    func seriesSetting() throws {
        let scratch = try Scratch()
        let created = try scratch.run(["init", "--series", "QĐ+CT,KH+PA"])
        #expect(created.status == 0 && created.stdout == "ledger \(scratch.ledger): 0 event(s), series QĐ+CT,KH+PA\n", "\(created)")
        let again = try scratch.run(["init"])
        #expect(again.status == 0 && again.stdout.contains("series QĐ+CT,KH+PA"), "init is harmless on a ledger: \(again)")
        let plan = try scratch.run(["issue", "--type", "KH", "--subject", "Kế hoạch", "--on", "2017-01-05"])
        let scheme = try scratch.run(["issue", "--type", "PA", "--subject", "Phương án", "--on", "2017-01-06"])
        #expect(plan.stdout == "01/KH-UBND\n" && scheme.stdout == "02/PA-UBND\n", "KH and PA share one series: \(plan)\n\(scheme)")
        let before = try scratch.digest()
        let change = try scratch.run(["init", "--series", "QĐ+CT"])
        #expect(change.status == 1 && change.stderrLines.count == 1 && change.stderr.contains("cannot change now"), "\(change)")
        #expect(try scratch.digest() == before)
        let bad = try scratch.run(["init", "--series", "QĐ+XX"], db: scratch.path("other.sqlite"))
        #expect(bad.status == 2 && bad.stderr.contains("unknown document type code \"XX\""), "\(bad)")
    }
}
