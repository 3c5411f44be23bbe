import ArgumentParser
import DocLedgerKit
#if canImport(Glibc)
import Glibc
#endif

/// The `docledger` command: appends events, replays them, reports, audits and verifies.
struct DocLedger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docledger",
        abstract: "An append-only, hash-chained ledger of a People's Committee office's documents, directives and programme.",
        usage: "docledger [--db <path>] [--actor <name>] <verb> [<options>]",
        discussion: """
            Every verb takes --db <path> (the ledger file; default: $DOCLEDGER_DB, else ./docledger.sqlite) \
            and --actor <name> (who records the events; default: $DOCLEDGER_ACTOR, else your login name), \
            before the verb or after it.

            Exit codes: 0 ok; 1 rejected input or a failed check; 2 usage; 3 ledger unusable \
            (locked too long, damaged, not a ledger).
            """,
        version: "docledger \(Ledger.version) (ledger schema \(Ledger.schemaVersion))",
        subcommands: [
            Init.self, Append.self, Replay.self, Verify.self, Repair.self, Digest.self, Export.self, Backup.self, History.self,
            Report.self, Reconcile.self, Register.self,
            Receive.self, Issue.self, Incoming.self, Directive.self, Programme.self, AccountCommand.self,
            KeyCommand.self, CheckpointCommand.self, Prove.self, CheckProof.self,
            Serve.self,
        ]
    )

    /// Moves global options typed before the verb (`docledger --db F --actor A report …`, the
    /// `git -C` / `sqlite3 FILE` way) to just after the verb's name, where the verb's own
    /// option group reads them; an option repeated after the verb still wins (it comes later).
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if LedgerOptions.names.contains(first), rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if LedgerOptions.names.contains(where: { first.hasPrefix($0 + "=") }) {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        // The verb's name, and a group's sub-verb (`directive issue`).
        var path: [String] = []
        var command: ParsableCommand.Type = DocLedger.self
        while let next = rest.first,
              let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == next }) {
            path.append(next)
            rest = rest.dropFirst()
            command = sub
        }
        // No verb (`docledger --db F`, `--db F --help`): leave it to the parser to explain.
        guard !path.isEmpty else { return arguments }
        return path + leading + rest
    }
}

/// An error of the CLI itself that ends the command with a one-line message and an exit code.
struct CLIFailure: LedgerFailure {
    let description: String
    let exitCode: Int32

    static func rejected(_ message: String) -> CLIFailure { CLIFailure(description: message, exitCode: 1) }
    static func usage(_ message: String) -> CLIFailure { CLIFailure(description: message, exitCode: 2) }
}

@main
enum Main {
    static func main() {
        do {
            var command = try DocLedger.parseAsRoot(DocLedger.movingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let failure as LedgerFailure {
            writeError("docledger: \(failure.description)")
            exit(failure.exitCode)
        } catch let exitCode as ExitCode {
            exit(exitCode.rawValue)
        } catch {
            // Help, version and usage errors (also `docledger help VERB`, which runs): the
            // parser's own words; usage errors exit 2.
            switch DocLedger.exitCode(for: error) {
            case .success:
                print(DocLedger.fullMessage(for: error))
                exit(0)
            case .validationFailure:
                writeError(DocLedger.fullMessage(for: error))
                exit(2)
            default:
                // Every failure the ledger reports knows its exit code: this one is a bug.
                writeError("docledger: internal error: \(error); please report it")
                exit(70)
            }
        }
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
