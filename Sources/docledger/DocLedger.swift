import ArgumentParser
import DocLedgerKit
import LedgerStore
#if canImport(Glibc)
import Glibc
#endif

/// The `docledger` command: appends events, replays them, reports, audits and verifies.
struct DocLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docledger",
        abstract: "An append-only, hash-chained ledger of a People's Committee office's documents, directives and programme.",
        discussion: """
            Every verb takes --db <path> (the ledger file; default: $DOCLEDGER_DB, else ./docledger.sqlite) \
            and --actor <name> (who records the events; default: $DOCLEDGER_ACTOR, else your login name).

            Exit codes: 0 ok; 1 rejected input or a failed check; 2 usage; 3 ledger unusable \
            (locked too long, damaged, not a ledger).
            """,
        subcommands: [
            Init.self, Append.self, Replay.self, Verify.self, Digest.self, Export.self, Backup.self, History.self,
            Report.self, Reconcile.self,
            Receive.self, Issue.self, Directive.self, Programme.self,
        ]
    )
}

/// An error that ends the command with a one-line message and an exit code.
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32
    var description: String { message }

    static func rejected(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 1) }
    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 2) }
    static func unusable(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 3) }
}

@main
enum Main {
    static func main() {
        do {
            var command = try DocLedger.parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    /// Maps every failure to one line on stderr and the documented exit code; never a trace.
    static func exit(withError error: Error) -> Never {
        if let failure = error as? CLIFailure {
            writeError("docledger: \(failure.message)")
            Glibc.exit(failure.code)
        }
        if let unusable = error as? LedgerUnusable {
            writeError("docledger: \(unusable.description)")
            Glibc.exit(3)
        }
        if let sqlite = error as? SQLiteError {
            // A failure in the middle of a command: the file is damaged, read-only, full or locked.
            writeError("docledger: \(LedgerFile.unusable("the ledger", sqlite).description)")
            Glibc.exit(3)
        }
        if let exitCode = error as? ExitCode {
            Glibc.exit(exitCode.rawValue)
        }
        let code = DocLedger.exitCode(for: error)
        if code == .success {
            print(DocLedger.fullMessage(for: error))
            Glibc.exit(0)
        }
        let message = DocLedger.fullMessage(for: error)
        if code == .validationFailure {
            writeError(message)
            Glibc.exit(2)
        }
        // Anything else (an SQLite failure mid-command, an I/O error) is a ledger that could not be used.
        writeError("docledger: \(message.isEmpty ? String(describing: error) : message)")
        Glibc.exit(3)
    }
}

/// Writes one line to standard error (unbuffered, so it is never lost on exit).
func writeError(_ text: String) {
    writeStandardError(text.hasSuffix("\n") ? text : text + "\n")
}

func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { return }
            offset += n
        }
    }
}
