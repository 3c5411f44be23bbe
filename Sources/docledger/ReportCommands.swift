import ArgumentParser
import DocLedgerKit
import LedgerJSON
import OfficeDomain
import OfficeProjections
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

    func validate() throws {
        do { _ = try ReportPeriod(parsing: period) } catch { throw ValidationError("--period: \(error.reason)") }
        if let asOf, Timestamp(parsing: asOf, dateMeansEndOfDay: true) == nil {
            throw ValidationError("--as-of: \"\(asOf)\" is not an ISO 8601 date or time such as 2017-06-30 or 2017-06-30T17:00:00Z")
        }
    }

    func run(_ ledger: Ledger) throws -> OfficeReport {
        let parsed = try ReportPeriod(parsing: period)
        var seq = Int64.max
        var asOfText: String? = nil
        if let asOf, let stamp = Timestamp(parsing: asOf, dateMeansEndOfDay: true) {
            asOfText = stamp.description
            seq = try ledger.log.lastSeq(recordedAtOrBefore: stamp.description)
        }
        return try ReportQuery.run(ledger.db, period: parsed, throughSeq: seq, asOf: asOfText)
    }
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
        let report = try periodOptions.run(try ledger.open(create: false))
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
        let claims: JSONValue
        do { claims = try JSONParser.parse(bytes) } catch {
            throw CLIFailure.rejected("\(declared): \(error.description)")
        }
        guard claims.objectValue != nil else { throw CLIFailure.rejected("\(declared): must be a JSON object shaped like the report") }
        let opened = try ledger.open(create: false)
        let report = try periodOptions.run(opened)
        let result = try ReconciliationQuery.run(opened.db, report: report, declared: claims)
        print(format == .json ? ReconciliationRenderer.json(result) : ReconciliationRenderer.text(result), terminator: "")
        if result.differences > 0 { throw ExitCode(1) }
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
