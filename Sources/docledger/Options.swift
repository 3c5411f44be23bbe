import ArgumentParser
import DocLedgerKit
import OfficeDomain
import ReportRendering
#if canImport(Glibc)
import Glibc
#endif

/// Options every verb takes.
struct LedgerOptions: ParsableArguments {
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
        if let env = getenv("DOCLEDGER_ACTOR"), let value = String(validatingCString: env), !value.isEmpty { return value }
        if let login = getlogin(), let value = String(validatingCString: login), !value.isEmpty { return value }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name, let value = String(validatingCString: name) { return value }
        return "unknown"
    }

    func validate() throws {
        if let actor, actor.trimmingCharacters(in: " \t").isEmpty {
            throw ValidationError("--actor must not be empty: give the name of the person recording the events")
        }
        if let db, db.isEmpty { throw ValidationError("--db must not be empty: give the path of the ledger file") }
    }

    /// Opens the ledger (creating it unless `create` is false).
    func open(create: Bool = true, series: SeriesConfig? = nil) throws -> Ledger {
        try Ledger(path: path, create: create, series: series)
    }
}

/// `--format` of the verbs that print either text or JSON.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension ReportFormat: ExpressibleByArgument {}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
