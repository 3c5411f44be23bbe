import Foundation
import Testing

/// `report --format csv`: a text cell a spreadsheet would run as a formula is neutralised.
@Suite("report --format csv")
struct ReportCSVTests {
    @Test("unit names starting with = + - @ or a tab get a leading ' and quotes (OWASP's CSV injection advice); numbers and other names are untouched")
    func formulaCellsAreNeutralised() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        let units: [(name: String, cell: String)] = [
            (#"=HYPERLINK("http://x","y")"#, #""'=HYPERLINK(""http://x"",""y"")""#),
            ("-Sở Tài chính", #""'-Sở Tài chính""#),
            ("+Sở Xây dựng", #""'+Sở Xây dựng""#),
            ("@SUM(A1:A9)", #""'@SUM(A1:A9)""#),
            ("\tSở Y tế", "\"'\tSở Y tế\""),
            ("Sở Tư pháp, Thanh tra", #""Sở Tư pháp, Thanh tra""#),
            ("Sở Nội vụ", "Sở Nội vụ"),
            ("-12", "-12"),
        ]
        for (index, unit) in units.enumerated() {
            // `--lead-unit=…`: a value starting with '-' would read as an option.
            let issued = try scratch.run(["directive", "issue", "CT-\(index)", "--on", "2017-03-20", "--lead-unit=\(unit.name)",
                                          "--content", "Rà soát"])
            #expect(issued.status == 0, "\(issued)")
        }
        let report = try scratch.run(["report", "--period", "2017-H1", "--format", "csv"])
        #expect(report.status == 0, "\(report)")
        let rows = report.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(rows.count == units.count, "\(report)")
        for unit in units {
            // The figures of each row are the plain numbers they were (no incoming documents: six zeros).
            #expect(rows.contains(unit.cell + ",0,0,0,0,1,0,0,1,0,0,0,0,0,0,0,0"), "\(unit.name): \(rows)")
        }
    }
}
