import Foundation
import Testing

@Suite struct InitTests {
    @Test("init --series fixes which doc types share a number series; it cannot change once documents are numbered")
    func seriesSetting() throws {
        let scratch = try Scratch()
        let created = try scratch.run(["init", "--series", "QĐ+CT,KH+PA"])
        #expect(created.status == 0 && created.stdout == "ledger \(scratch.ledger): 1 event(s), series QĐ+CT,KH+PA\n", "\(created)")
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

@Suite("the series setting is in the chain")
struct SeriesInTheChainTests {
    let decision = ["issue", "--type", "QĐ", "--subject", "Quyết định", "--on", "2017-01-05"]
    let directive = ["issue", "--type", "CT", "--subject", "Chỉ thị", "--on", "2017-01-06"]

    @Test("a setting changed by hand beside the chain: verify names it, writing verbs refuse, repair restores the chain's")
    func tamperedSetting() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        #expect(try scratch.run(decision).stdout == "01/QĐ-UBND\n")
        let digest = try scratch.digest()
        // Without sharing, the next CT would be numbered 01 again.
        try scratch.sqlite(scratch.ledger, "UPDATE ledger_meta SET value = '' WHERE key = 'series'")
        let verify = try scratch.run(["verify", "--digest", digest])
        #expect(verify.status == 1, "\(verify)")
        #expect(verify.stdoutLines == [
            "verify failed: settings: the series setting stored beside the chain is \"\", the chain's is \"QĐ+CT\" (`docledger repair` restores it)",
        ], "\(verify)")
        for verb in [["replay"], directive] {
            let refused = try scratch.run(verb)
            #expect(refused.status == 3 && refused.stderr.contains("changed by hand"), "\(refused)")
        }
        #expect(try scratch.digest() == digest)
        #expect(try scratch.run(["repair"]).status == 0)
        #expect(try scratch.run(["verify", "--digest", digest]).status == 0)
        #expect(try scratch.run(directive).stdout == "02/CT-UBND\n", "QĐ and CT share the series, as the chain says")
    }

    @Test("a ledger's setting travels with its export: appended to a new ledger it numbers alike; to one made with the same setting it is a duplicate")
    func settingTravelsWithTheExport() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init", "--series", ""]).status == 0)
        #expect(try scratch.run(decision).stdout == "01/QĐ-UBND\n")
        #expect(try scratch.run(directive).stdout == "01/CT-UBND\n", "no shared series")
        let exportFile = scratch.path("export.jsonl")
        try scratch.export().write(to: URL(fileURLWithPath: exportFile))

        let copy = scratch.path("copy.sqlite")
        #expect(try scratch.run(["append", exportFile, "--create"], db: copy).stdoutLines == ["appended 3, duplicates 0"])
        #expect(try scratch.digest(db: copy) == (try scratch.digest()))
        #expect(try scratch.run(directive, db: copy).stdout == "02/CT-UBND\n")

        let same = scratch.path("same.sqlite")
        #expect(try scratch.run(["init", "--series", ""], db: same).status == 0)
        #expect(try scratch.run(["append", exportFile], db: same).stdoutLines == ["appended 2, duplicates 1"])
        #expect(try scratch.digest(db: same) == (try scratch.digest()))

        let other = scratch.path("other.sqlite")
        #expect(try scratch.run(["init"], db: other).status == 0)
        #expect(try scratch.run(decision, db: other).status == 0)
        let late = try scratch.run(["append", exportFile], db: other)
        #expect(late.status == 1 && late.stderr.contains("line 1: type: the series setting can only be a ledger's first event"), "\(late)")
    }
}
