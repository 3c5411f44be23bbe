import ArgumentParser
import DocLedgerKit
import ReportRendering
import Transparency
#if canImport(Glibc)
import Glibc
#endif

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a ledger (harmless on an existing ledger; refuses a file that is not a ledger).")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: ArgumentHelp("Doc types that share one number series, e.g. \"QĐ+CT\" or \"QĐ+CT,KH+PA\" (default: QĐ+CT). Fixed once the ledger has events.", valueName: "groups"))
    var series: String?

    @Flag(help: "Create the file readable by its group too (mode 0640; default 0600, the owner only).")
    var group = false

    func validate() throws {
        if let series { _ = try asValidationError { () throws(UsageProblem) in try SeriesSetting(series) } }
    }

    func run() throws {
        let opened = try ledger.open(.create(groupReadable: group), series: try series.map { try SeriesSetting($0) })
        let head = try opened.head()
        print("ledger \(opened.path): \(head.seq) event(s), series \(opened.series.isEmpty ? "(none shared)" : opened.series)")
    }
}

struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events from JSON Lines (one event per line).",
        discussion: """
            Each line: {"id"?, "type", "data", "stream"?, "expected_version"?, "actor"?, "recorded_at"?}.
            The whole input is one transaction unless --batch-size is given. A line whose id is already in \
            the ledger with the same type and data is skipped as a duplicate (a safe retry). Any invalid \
            line: exit 1, each problem printed as `line L: field: reason`, nothing of the failing batch written.
            """)

    @OptionGroup var ledger: LedgerOptions

    @Argument(help: ArgumentHelp("JSON Lines file, or - for standard input.", valueName: "file"))
    var file: String = "-"

    @Option(help: "Commit every N lines as one transaction (default: the whole input at once).")
    var batchSize: Int?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    @Flag(help: "Create the ledger if the file does not exist (mode 0600; see `init` for the series setting).")
    var create = false

    func validate() throws {
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let fd: Int32
        if file == "-" {
            fd = 0
        } else {
            fd = open(file, O_RDONLY)
            guard fd >= 0 else { throw CLIFailure.usage("cannot open \(file): \(String(cString: strerror(errno)))") }
            var info = stat()
            if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                close(fd)
                throw CLIFailure.usage("\(file) is a folder; give a JSON Lines file, or - for standard input")
            }
        }
        defer { if fd != 0 { close(fd) } }
        let opened = try ledger.open(create ? .create() : .write)
        let reader = LineReader(fd: fd)
        var options = AppendOptions(batchSize: batchSize, actor: ledger.actorName)
        let progress = Progress(enabled: !quiet && isTerminal(2), fd: fd)
        options.readAhead = true
        options.onProgress = { events, bytesRead in progress.update(events: events, bytesRead: bytesRead) }
        let result = try opened.append(from: reader, options: options)
        progress.finish()
        report(result)
        if !result.ok { throw ExitCode(1) }
    }

    func report(_ result: AppendResult) {
        for problem in result.problems { writeError(problem.description) }
        if let lines = result.notWritten {
            writeError("nothing of lines \(lines.lowerBound)-\(lines.upperBound) was written; \(result.appended) event(s) before them were appended")
        }
        if json {
            print(result.json)
        } else {
            print("appended \(result.appended), duplicates \(result.duplicates)")
        }
    }
}

/// Progress of a long import on stderr: events, events/s, and percent and time left when the size is known.
final class Progress {
    let enabled: Bool
    let total: Int64?
    let start = Timestamp.now()
    var shown = false
    var lastShown: Int64 = 0

    init(enabled: Bool, fd: Int32) {
        self.enabled = enabled
        var info = stat()
        total = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
    }

    func update(events: Int, bytesRead: Int64) {
        guard enabled else { return }
        let now = Timestamp.now().millisecondsSinceEpoch
        guard now - lastShown >= 250 else { return }   // a few updates a second are enough
        lastShown = now
        let seconds = max(0.001, Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000)
        var line = "\r\(events) events, \(Int(Double(events) / seconds)) events/s"
        if let total, total > 0 {
            let fraction = Double(bytesRead) / Double(total)
            let left = fraction > 0 ? seconds * (1 - fraction) / fraction : 0
            line += ", \(Int(fraction * 100))%, \(Int(left)) s left"
        }
        writeStandardError(line + "   ")
        shown = true
    }

    func finish() {
        if shown { writeStandardError("\n") }
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Rebuild every projection from the log in one transaction.",
        discussion: "With --check, rebuild into scratch tables and compare them with the live ones instead (exit 1 on any difference).")

    @OptionGroup var ledger: LedgerOptions

    @Flag(help: "Compare a fresh replay with the live projections; change nothing.")
    var check = false

    func run() throws {
        let opened = try ledger.open(check ? .read : .write)
        if check {
            let (result, differences) = try opened.replayCheck()
            for difference in differences { print(difference.description) }
            if !differences.isEmpty {
                print("replay check failed: \(differences.count) projection(s) differ; run `docledger replay` to rebuild them")
                throw ExitCode(1)
            }
            print("replay check passed: \(result.events) events, projections identical (\(rate(result)) events/s)")
        } else {
            let result = try opened.replay()
            print("replayed \(result.events) events in \(String(format2(result.seconds))) s (\(rate(result)) events/s)")
            if let first = result.firstProblem {
                writeError("docledger: \(result.notApplied) event(s) could not be applied to the read tables; the first: \(first); run `docledger verify`")
            }
        }
    }

    func rate(_ result: ReplayResult) -> Int { Int(result.eventsPerSecond) }
}

func format2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain and the sequence, and compare the projections with a replay.",
        discussion: "Exit 0 with a one-line summary, or exit 1 naming the first bad sequence number and what is wrong.")

    @OptionGroup var ledger: LedgerOptions

    @Option(help: ArgumentHelp("A digest taken earlier (`docledger digest`): prove the ledger still extends it.", valueName: "seq:hash"))
    var digest: String?

    @Flag(help: "Only the chain and the sequence, with SQLite's quick_check of the file beside them: no replay, no index compared with its table (several times faster; run the full verify too).")
    var chainOnly = false

    func validate() throws {
        if let digest { _ = try asValidationError { () throws(UsageProblem) in try DocLedgerKit.Digest(parsing: digest) } }
    }

    func run() throws {
        let expected = try digest.map { try DocLedgerKit.Digest(parsing: $0) }
        let opened = try ledger.open(.read)
        let outcome = chainOnly ? try opened.verifyChain(digest: expected) : try opened.verify(digest: expected)
        guard outcome.ok else {
            for problem in outcome.problems { print("verify failed: \(problem)") }
            throw ExitCode(1)
        }
        var line = "verify \(chainOnly ? "--chain-only " : "")ok: \(outcome.events) events, head sequence \(outcome.head.seq), head hash \(outcome.head.hashHex)"
        if let expected { line += "; extends digest \(expected.seq)" }
        print(line)
    }
}

struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Put the file back as the log says: restore schema objects, rebuild indexes, replay the read tables.",
        discussion: """
            The only verb besides the writing ones that changes the file's schema: reading verbs never do, so the \
            evidence of tampering stays for `verify` to report. The log itself is never changed. Run `verify` after.
            """)

    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let result = try Ledger.repair(path: ledger.path)
        for repair in result.schemaRepairs { print(repair) }
        print("repaired: schema as schema.sql defines it, every index rebuilt, \(result.events) events replayed into the read tables")
    }
}

struct Digest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the head sequence and head hash; keep it elsewhere and check it later with `verify --digest`.")

    @OptionGroup var ledger: LedgerOptions

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        let head = try ledger.open(.read).head()
        print(json ? head.json : head.description)
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every event as JSON Lines in sequence order (id, type, stream, data, recorded_at, actor).",
        discussion: "Appending the output to an empty ledger gives identical events and projections.")

    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let opened = try ledger.open(.read)
        try opened.export { line in print(line) }
    }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every event about one directive, programme item or document, oldest first, with the documents it links to.",
        discussion: "ID is a directive id, a programme item id, a document as 41/QĐ-UBND@2017, or a stream name.")

    @OptionGroup var ledger: LedgerOptions

    @Argument(help: ArgumentHelp("A directive id, a programme item id, 41/QĐ-UBND@2017, or a stream.", valueName: "id"))
    var id: String

    @Option(help: "text or json.")
    var format: TextOrJSON = .text

    @Option(help: ArgumentHelp("Attach the proof that every event shown is in this signed checkpoint (json: {\"history\", \"proofs\"}, which `docledger check-proof` reads).", valueName: "checkpoint"))
    var checkpoint: String?

    func run() throws {
        let opened = try ledger.open(.read)
        let history = try opened.history(of: id)
        guard let checkpoint else {
            print(format == .json ? HistoryRenderer.json(history) : HistoryRenderer.text(history), terminator: "")
            return
        }
        let note = try readTextFile(checkpoint, what: "the checkpoint")
        let (proofs, _) = try opened.inclusionProofs(of: id, checkpoint: note, subjectOnly: true)
        if format == .json {
            var shown = HistoryRenderer.json(history)
            while shown.hasSuffix("\n") { shown.removeLast() }
            print("{\"history\":\(shown),\"proofs\":\(ProofFile.text(proofs, single: false))}")
        } else {
            print(HistoryRenderer.text(history), terminator: "")
            let size = proofs.first.map { _ in (try? Checkpoint(text: SignedNote.unverifiedText(note)))?.size ?? 0 } ?? 0
            print("\nProofs: each of these \(proofs.count) event(s) is in the checkpoint of \(size) events (its root is this ledger's).")
            print("`--format json` writes them with the history; check them with `docledger check-proof FILE --pub PREFIX.pub`.")
        }
    }
}

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Make a consistent copy of the ledger with SQLite's online backup API, while appends continue.",
        discussion: """
            The copy is the ledger as it was when the backup began (one snapshot: appends go on meanwhile). \
            It is written to FILE.partial, its chain and sequence verified, and only then moved to FILE, with \
            the ledger's permission bits. FILE must not exist, nor FILE-wal, FILE-shm or FILE-journal. A \
            FILE.partial left by an interrupted backup is removed; Ctrl-C removes the backup's own.
            """)

    @OptionGroup var ledger: LedgerOptions

    @Argument(help: ArgumentHelp("Where to write the copy (must not exist).", valueName: "file"))
    var file: String

    @Flag(help: "No progress on stderr.")
    var quiet = false

    func run() throws {
        let progress = CopyProgress(enabled: !quiet && isTerminal(2))
        defer { progress.finish() }
        var options = BackupOptions()
        options.onProgress = { copied, total in progress.update(copied: copied, total: total) }
        options.onNotice = { writeError($0) }
        options.removePartialOnSignal = true
        let copy = try ledger.open(.read).backup(to: file, options: options)
        progress.finish()
        print("backup \(file): \(copy.events) events, digest \(copy.digest)")
    }
}

/// Progress of a backup on stderr: pages copied of the total, and percent; the last line
/// (100%) is always shown, the ones before it a few times a second.
final class CopyProgress {
    let enabled: Bool
    var shown = false
    var lastShown: Int64 = 0

    init(enabled: Bool) { self.enabled = enabled }

    func update(copied: Int, total: Int) {
        guard enabled else { return }
        let now = Timestamp.now().millisecondsSinceEpoch
        guard copied >= total || now - lastShown >= 250 else { return }
        lastShown = now
        let percent = total > 0 ? copied * 100 / total : 100
        var line = "\rcopied \(copied) of \(total) pages (\(percent)%)"
        if copied >= total { line += ", checking the copy's chain" }
        writeStandardError(line + "   ")
        shown = true
    }

    func finish() {
        if shown { writeStandardError("\n") }
        shown = false
    }
}
