// Public: the conformance of ReportRendering's public ReportFormat below is public too.
public import ArgumentParser
import DocLedgerKit
public import ReportRendering
#if canImport(Glibc)
import Glibc
#endif

/// Options every verb takes. They may also stand before the verb (`docledger --db F report`).
struct LedgerOptions: ParsableArguments {
    static let names = ["--db", "--actor"]

    @Option(name: .long, help: ArgumentHelp("The ledger file (default: $DOCLEDGER_DB, else ./docledger.sqlite).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Who records the events (default: $DOCLEDGER_ACTOR, else your login name).", valueName: "name"))
    var actor: String?

    var path: String {
        if let db { return db }
        if let env = getenv("DOCLEDGER_DB"), let value = String(validatingCString: env), !value.isEmpty { return value }
        return "./docledger.sqlite"
    }

    var actorName: String {
        if let actor { return actor }
        if let value = actorFromEnvironment { return value }
        if let login = getlogin(), let value = String(validatingCString: login), !value.isEmpty { return value }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name, let value = String(validatingCString: name) { return value }
        return "unknown"
    }

    /// `$DOCLEDGER_ACTOR`, when set and not empty.
    var actorFromEnvironment: String? {
        guard let env = getenv("DOCLEDGER_ACTOR"), let value = String(validatingCString: env), !value.isEmpty else { return nil }
        return value
    }

    func validate() throws {
        if let actor, actor.allSatisfy({ $0 == " " || $0 == "\t" }) {
            throw ValidationError("--actor must not be empty: give the name of the person recording the events")
        }
        // Checked as an event's own "actor" is (the ledger stores it in NFC), naming where it came from.
        if let (name, source) = actor.map({ ($0, "--actor") }) ?? actorFromEnvironment.map({ ($0, "DOCLEDGER_ACTOR") }) {
            do { _ = try AppendOptions.checkedActor(name, source: source) } catch { throw ValidationError(error.description) }
        }
        if let db, db.isEmpty { throw ValidationError("--db must not be empty: give the path of the ledger file") }
    }

    /// Opens the ledger: `.read` for the verbs that only read, `.write` (an existing ledger)
    /// for those that append, `.create` for `init` and `append --create` only.
    func open(_ access: LedgerAccess, series: SeriesSetting? = nil) throws -> Ledger {
        try Ledger(path: path, access: access, series: series)
    }
}

/// `--format` of the verbs that print either text or JSON.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension ReportFormat: ExpressibleByArgument {}
extension RegisterFormat: ExpressibleByArgument {}

/// Turns a request the ledger refuses as malformed into the argument parser's usage error,
/// naming the option (`--as-of: …`).
func asValidationError<T>(_ body: () throws(UsageProblem) -> T) throws -> T {
    do { return try body() } catch {
        guard let field = error.field else { throw ValidationError(error.reason) }
        throw ValidationError("--\(field.replacingUnderscores): \(error.reason)")
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}

func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
