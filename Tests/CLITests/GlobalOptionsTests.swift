import Foundation
import Testing

@Suite("global options before the verb, and --version")
struct GlobalOptionsTests {
    @Test("--db and --actor work before the verb, nested verbs included, and an option after the verb wins")
    func beforeTheVerb() throws {
        let scratch = try Scratch()
        let db = scratch.ledger
        let created = try scratch.runBare(["--db", db, "--actor", "vanthu.nguyen", "init"])
        #expect(created.status == 0, "\(created)")
        let issued = try scratch.runBare(["--db", db, "--actor", "vanthu.nguyen", "issue", "--type", "QĐ",
                                          "--subject", "Phê duyệt đề án", "--on", "2017-01-06"])
        #expect(issued.status == 0 && issued.stdout == "01/QĐ-UBND\n", "\(issued)")
        let directive = try scratch.runBare(["--db=\(db)", "--actor=lanhdao.tran", "directive", "issue", "CT-01", "--on", "2017-03-20",
                                             "--lead-unit", "Sở Tài chính", "--content", "Rà soát"])
        #expect(directive.status == 0, "\(directive)")
        let report = try scratch.runBare(["--db", db, "report", "--period", "2017-H1", "--format", "json"])
        #expect(report.status == 0 && report.stdout.contains("\"issued\": 1,"), "\(report)")
        let export = try scratch.runBare(["--db", db, "export"])
        #expect(export.stdoutLines.count == 2, "\(export)")
        #expect(export.stdoutLines.first?.contains("\"actor\":\"vanthu.nguyen\"") == true, "\(export)")
        #expect(export.stdoutLines.last?.contains("\"actor\":\"lanhdao.tran\"") == true, "\(export)")
        // The verb's own --db comes later and wins: this one names a file that does not exist.
        let later = try scratch.runBare(["--db", db, "digest", "--db", scratch.path("missing.sqlite")])
        #expect(later.status == 3 && later.stderr.contains("missing.sqlite"), "\(later)")
    }

    @Test("a global option without a verb, or an unknown one before it, is a usage error")
    func usage() throws {
        let scratch = try Scratch()
        for arguments in [["--db", scratch.ledger], ["--db", scratch.ledger, "--colour", "report"]] {
            let result = try scratch.runBare(arguments)
            #expect(result.status == 2 && !result.stderr.isEmpty, "\(result)")
            #expect(!FileManager.default.fileExists(atPath: scratch.ledger), "\(result)")
        }
    }

    @Test("--version prints the version and the ledger schema version")
    func version() throws {
        let scratch = try Scratch()
        let result = try scratch.runBare(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.hasPrefix("docledger ") && result.stdout.contains("(ledger schema 7)"), "\(result)")
    }
}
