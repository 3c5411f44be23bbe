import ArgumentParser
import DocLedgerKit
import DocLedgerServer
import Dispatch

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the ledger to the office over HTTP (JSON API); SIGTERM or Ctrl-C stops it cleanly.",
        discussion: """
            Every route but POST /api/session (logging in) is behind a login, and every event appended \
            through it is recorded under the user who logged in (--actor does not apply). The logins are \
            the ledger's accounts (`docledger account add`). Example: docledger serve --listen 127.0.0.1:8080
            """)

    @OptionGroup var ledger: LedgerOptions

    @Option(help: ArgumentHelp("HOST:PORT to listen on; 0.0.0.0:PORT for the office network (put TLS in front).", valueName: "address"))
    var listen = "127.0.0.1:8080"

    @Option(name: .customLong("max-body"), help: ArgumentHelp("The largest request body accepted, in bytes or with K, M or G (MiB etc.).", valueName: "size"))
    var maxBody = "64M"

    var address: (host: String, port: Int) {
        get throws {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                  (0...65535).contains(port) else {
                throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 or 0.0.0.0:8080")
            }
            var host = String(listen[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { throw ValidationError("--listen must name the host, e.g. 127.0.0.1:8080") }
            return (host, port)
        }
    }

    var maxBodyBytes: Int {
        get throws {
            let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
            var text = Substring(maxBody.uppercased())
            for suffix in ["IB", "B"] where text.hasSuffix(suffix) { text = text.dropLast(suffix.count); break }
            var factor = 1
            if let last = text.last, let unit = units[last] { factor = unit; text = text.dropLast() }
            guard let number = Int(text), number > 0, number <= Int.max / factor else {
                throw ValidationError("--max-body must be a size such as 65536, 512K or 64M")
            }
            return number * factor
        }
    }

    func validate() throws {
        _ = try address
        _ = try maxBodyBytes
    }

    func run() throws {
        var settings = ServerSettings(ledgerPath: ledger.path)
        (settings.host, settings.port) = try address
        settings.maxBodyBytes = try maxBodyBytes
        // The other verbs stay synchronous (their start-up time is measured); this one waits
        // here for the server, which runs on Swift's concurrency threads, to stop.
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do { try await DocLedgerServer.serve(settings) } catch { outcome.error = error }
            finished.signal()
        }
        finished.wait()
        switch outcome.error {
        case nil: return
        case let failure as any LedgerFailure: throw failure
        // What the network refuses (the port taken, an address not of this machine).
        case let error?: throw CLIFailure.usage("cannot serve on \(listen): \(error)")
        }
    }

    /// How the server ended, handed from its task to the waiting main thread.
    final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }
}
