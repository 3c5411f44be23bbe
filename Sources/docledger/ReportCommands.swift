import ArgumentParser
import DocLedgerKit
import ReportRendering
#if canImport(Glibc)
import Glibc
#endif

/// Options shared by `report` and `reconcile`.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("2017-H1, 2017-H2, 2017-Q3, 2017, or 2017-01-01..2017-06-30 (inclusive).", valueName: "period"))
    var period: String

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Count only events recorded at or before this ISO 8601 time or date (a date means its end, UTC).", valueName: "time"))
    var asOf: String?

    var request: ReportRequest {
        get throws { try asValidationError { () throws(UsageProblem) in try ReportRequest(period: period, asOf: asOf) } }
    }

    func validate() throws { _ = try request }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The six-month review figures for a period: documents, the annual programme, directives.",
        discussion: "Text is Vietnamese in the report's own style; md adds the appendix table per unit; csv gives the per-unit rows.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var periodOptions: PeriodOptions

    @Option(help: "text, md, json or csv.")
    var format: ReportFormat = .text

    func run() throws {
        let report = try ledger.open(.read).report(try periodOptions.request)
        print(ReportRenderer.render(report, as: format), terminator: "")
    }
}

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Set a written report's declared figures beside the ledger's, and list what the ledger shows is doubtful.",
        discussion: "FILE has the report's JSON shape with any subset of the numbers. Exit 1 when a declared figure differs, 0 otherwise.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var periodOptions: PeriodOptions

    @Option(help: ArgumentHelp("The declared figures, in the JSON shape of `report --format json`.", valueName: "file"))
    var declared: String

    @Option(help: "text or json.")
    var format: TextOrJSON = .text

    func run() throws {
        guard let bytes = readFile(declared) else {
            throw CLIFailure.usage("cannot read \(declared): \(String(cString: strerror(errno)))")
        }
        let outcome = try ledger.open(.read).reconcile(try periodOptions.request, declared: bytes, source: declared)
        let result = outcome.reconciliation
        print(format == .json ? ReconciliationRenderer.json(result) : ReconciliationRenderer.text(result), terminator: "")
        if outcome.differences > 0 { throw ExitCode(1) }
    }
}

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n > 0 { out.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count { break }
    }
    return ferror(file) == 0 ? out : nil
}
