import Testing
import Foundation
import LedgerJSON
import LedgerStore
@testable import DocLedgerKit
import OfficeDomain
import OfficeProjections
import ReportRendering

struct ExampleFailure: Error, Sendable, CustomStringConvertible {
    let description: String
}

/// The Kiên Giang H1 2017 example (scripts/example-kien-giang-2017), appended once per test process into
/// one ledger file that the two tests below open read-only; removed when the process exits.
enum KienGiang2017 {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let directory = NSTemporaryDirectory() + "docledger-domaintests-example-" + UUID().uuidString

    /// The ledger's path and the number of lines the script printed.
    static let ledger: Result<(path: String, lines: Int), ExampleFailure> = build()

    static func build() -> Result<(path: String, lines: Int), ExampleFailure> {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            atexit { try? FileManager.default.removeItem(atPath: KienGiang2017.directory) }
            let events = directory + "/events.jsonl"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", root + "/scripts/example-kien-giang-2017"]
            FileManager.default.createFile(atPath: events, contents: nil)
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: events))
            process.standardOutput = output
            try process.run()
            process.waitUntilExit()
            try output.close()
            guard process.terminationStatus == 0 else {
                return .failure(ExampleFailure(description: "the example script exited with \(process.terminationStatus)"))
            }
            let path = directory + "/kien-giang-2017.sqlite"
            let ledger = try Ledger(path: path, access: .create())
            let fd = Glibc.open(events, O_RDONLY)
            guard fd >= 0 else { return .failure(ExampleFailure(description: "cannot open \(events)")) }
            defer { close(fd) }
            let reader = LineReader(fd: fd)
            let result = try ledger.append(from: reader, options: AppendOptions(batchSize: 5000, actor: "example"))
            guard result.problems.isEmpty else {
                return .failure(ExampleFailure(description: "the example was refused: \(result.problems.prefix(3).map(\LineProblem.description))"))
            }
            return .success((path, result.appended))
        } catch {
            return .failure(ExampleFailure(description: "building the example ledger failed: \(error)"))
        }
    }

    static func openLedger() throws -> (ledger: Ledger, lines: Int) {
        let built = try ledger.get()
        return (try Ledger(path: built.path, access: .write), built.lines)
    }

    static func report(_ ledger: Ledger) throws -> OfficeReport {
        try ReportQuery.run(ledger.db, period: try ReportPeriod(parsing: "2017-H1"), throughSeq: .max, asOf: nil)
    }
}

@Suite("The Kiên Giang H1 2017 example")
struct ExampleTests {
    @Test("the H1 report: the seed's document sentence word for word, the JSON figures, directives, the markdown appendix")
    func report() throws {
        let (ledger, lines) = try KienGiang2017.openLedger()
        #expect(lines == 32_547)   // 18.682 before the incoming documents' handling was added (issue 13)
        let report = try KienGiang2017.report(ledger)

        let text = ReportRenderer.render(report, as: .text)
        #expect(text.contains("Tiếp nhận 11.064 văn bản; xử lý và ban hành 7.522 văn bản, trong đó: 22 văn bản quy phạm pháp luật, "
                              + "1.384 quyết định và chỉ thị cá biệt, 100 kế hoạch, 185 tờ trình; còn lại là văn bản hành chính thông thường."))
        // The appendix's own figures, not the declared ones: 18 approvals of 33 due, 52 rows.
        #expect(text.contains("Tính đến hết tháng 6/2017, đã ban hành 18/33 đề án, đạt 54,5% so với chỉ tiêu 6 tháng đầu năm và 34,6% chỉ tiêu năm."))

        let json = try #require(JSONParser.parse(ReportRenderer.render(report, as: .json)).objectValue)
        let documents = json["documents"]?.objectValue
        #expect(documents?["received"] == 11064)
        #expect(documents?["issued"] == 7522)
        #expect(documents?["issued_by_category"] == .object(["legal_normative": 22, "individual_decisions_directives": 1384, "plans": 100,
                                                             "submissions": 185, "other": 5831]))
        let programme = json["programme"]?.objectValue
        #expect(programme?["total"] == 52)
        #expect(programme?["due_in_period"] == 33)
        #expect(programme?["approved_in_period"] == 18)
        #expect(programme?["pct_of_period_target"] == .double(54.5))
        #expect(programme?["pct_of_year"] == .double(34.6))
        // By hand from the appendix: all 18 approvals are of rows due in Q1 or Q2, so 33 − 18 = 15 rows due by
        // 30/6 carry no decision.
        #expect(programme?["overdue_count"] == 15)

        // Directives, from the script's seven stories, as at 30/6 by hand: CT619-01 on time (26/6 ≤ 30/6),
        // CT619-02 on time (30/5 ≤ extended 31/5), drought late (16/3 > 24/2), fish deaths overdue (31/5),
        // Public Administration Centre in progress (extended to 31/8), smart city in progress (29/9),
        // shrimp impurities cancelled.
        #expect(report.directives.counts == [.completedOnTime: 2, .completedLate: 1, .inProgress: 2, .overdue: 1, .cancelled: 1])
        #expect(text.contains("Giao 7 nhiệm vụ trong kỳ: hoàn thành đúng hạn 2, hoàn thành quá hạn 1, đang thực hiện trong hạn 2, "
                              + "quá hạn chưa hoàn thành 1, hủy 1."))

        // The markdown appendix: Sở Thông tin và Truyền thông (VIII, 5 rows), row 1 with the decision rejoined across
        // the seed's page break.
        let markdown = ReportRenderer.render(report, as: .md).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(markdown.firstIndex(of: "| **VIII** | **Sở Thông tin và Truyền thông (05)** | | |"))
        #expect(markdown[header + 1] == "| 1 | Đề án xây dựng thành phố thông minh Phú Quốc, giai đoạn 2017-2020 | Quý II/2017 | "
                + "Quyết định số 830/QĐ-UBND ngày 07/04/2017 |")
        #expect(markdown[header + 2].hasSuffix("| Quý II/2017 | Quyết định số 982/QĐ-UBND ngày 27/04/2017 |"))
        #expect(markdown.contains("| **X** | **Sở Công Thương (02)** | | |"))

        // Section 4, as at 30/6. Counted independently of the ledger from the script's own output
        // (a Python fold of the JSON Lines by the section's definition): 10.483 documents routed,
        // 7.172 of them for information; 581 not routed.
        #expect(report.incoming.assigned == 10_483 && report.incoming.forInformation == 7_172 && report.incoming.unassigned == 581)
        #expect(report.incoming.counts == [.answeredOnTime: 2_031, .answeredLate: 290, .overdue: 700, .inProgress: 290])
        #expect(text.contains("Tiếp nhận 11.064 văn bản đến, đã phân công xử lý 10.483 văn bản (để biết 7.172), chưa phân công 581; "
                              + "đã giải quyết đúng hạn 2.031, quá hạn 290; đang giải quyết 990, trong đó quá hạn 700."))
    }

    @Test("the registers' first rows in every format match the golden files (Tests/golden/)", arguments: RegisterFormat.allCases)
    func registerGoldens(_ format: RegisterFormat) throws {
        let (ledger, _) = try KienGiang2017.openLedger()
        let request = try RegisterRequest(period: "2017-H1", limit: 8)
        let from = request.filter.from, to = request.filter.to
        let agency = "UBND TỈNH KIÊN GIANG"
        let rendered: [(String, String)] = [
            ("incoming", RegisterRenderer.render(try ledger.incomingRegister(request).rows, from: from, to: to, agency: agency, as: format)),
            ("outgoing", RegisterRenderer.render(try ledger.outgoingRegister(request).rows, from: from, to: to, agency: agency, as: format)),
            ("follow-up", RegisterRenderer.render(try ledger.followUpRegister(request).rows, from: from, to: to, agency: agency, as: format)),
        ]
        for (name, text) in rendered {
            let file = "register-\(name)-first-rows.\(format.rawValue)"
            // Bytes, not String(contentsOfFile:), which drops the CSV's byte order mark.
            let golden = FileManager.default.contents(atPath: KienGiang2017.root + "/Tests/golden/" + file)
            if golden != Data(text.utf8) { FileManager.default.createFile(atPath: NSTemporaryDirectory() + file, contents: Data(text.utf8)) }
            #expect(golden == Data(text.utf8), "\(file) differs from Tests/golden (the rendering is in \(NSTemporaryDirectory())\(file))")
        }
    }

    @Test("reconciliation against the declared figures, the ledger's doubts, history, and replay equal to the live tables")
    func reconciliationAndReplay() throws {
        let (ledger, lines) = try KienGiang2017.openLedger()
        let report = try KienGiang2017.report(ledger)
        let declared = try JSONParser.parse(try String(contentsOfFile: KienGiang2017.root + "/scripts/declared-kien-giang-2017.json",
                                                       encoding: .utf8))
        let reconciliation = try ReconciliationQuery.run(ledger.db, report: report, declared: declared)
        let differing = reconciliation.lines.filter(\.differs).map { "\($0.path): \($0.declared.canonicalString) ≠ \($0.ledger?.canonicalString ?? "none")" }
        #expect(differing == [
            "programme.total: 60 ≠ 52",
            "programme.approved_in_period: 19 ≠ 18",
            "programme.pct_of_period_target: 57.6 ≠ 54.5",
            "programme.pct_of_year: 31.7 ≠ 34.6",
            "programme.by_unit[Sở Công Thương].total: 1 ≠ 2",
        ])
        #expect(reconciliation.differences == 5)
        // Everything else declared agrees: the document figures, 33 due, and the eleven other units' totals.
        let agreeing = reconciliation.lines.filter { !$0.differs }.map(\.path)
        #expect(agreeing.contains("documents.received") && agreeing.contains("documents.issued_by_category.submissions")
                && agreeing.contains("programme.due_in_period") && agreeing.contains("programme.by_unit[Sở Nông nghiệp và Phát triển nông thôn].total"))
        // Declared: period from/to, received, issued, 4 categories, 6 programme figures, 12 unit totals.
        #expect(reconciliation.lines.count == 2 + 2 + 4 + 6 + 12)

        let doubts = reconciliation.doubts.map { "\($0.kind): \($0.detail)" }
        #expect(doubts.contains("decision approves more than one item: 655/QĐ-UBND@2017 is cited as approving GDĐT-02, GDĐT-04"))
        #expect(doubts.contains("title registered twice: items NN-04, NN-06 have the same title"))

        let history = try ledger.history(of: "CT619-2017-01")
        #expect(history.links.first?.title == "source document")
        #expect(history.links.first?.stream == "document:619/CT-UBND@2017")
        #expect(history.links.first?.events.map(\.type) == ["DocumentIssued"])

        let check = try ledger.replayCheck()
        #expect(check.result.events == Int64(lines))
        #expect(check.differences == [])
    }
}
