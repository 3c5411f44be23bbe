import Foundation
@_exported import TestSupport
import Testing

/// The run's seed (see TestSupport): $DOCLEDGER_TEST_SEED replays a failure.
let cliTestSeed = testSeed

/// The package root: this file is <root>/Tests/CLITests/CLISupport.swift.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `docledger`, beside the test bundle (or $DOCLEDGER_BIN).
let docledgerPath: String = {
    if let path = ProcessInfo.processInfo.environment["DOCLEDGER_BIN"], !path.isEmpty { return path }
    let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: me).deletingLastPathComponent()
    // On some layouts the runner sits inside the .xctest bundle.
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent("docledger").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        directory.deleteLastPathComponent()
    }
    return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("docledger").path
}()

/// The first executable named `name` on $PATH.
func executable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// What a finished process left behind.
struct RunResult: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let exitedNormally: Bool
    let stdoutData: Data
    let stderrData: Data

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    var stdoutLines: [String] { lines(stdout) }
    var stderrLines: [String] { lines(stderr) }

    private func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    var description: String {
        "`\(arguments.joined(separator: " "))` exited \(exitedNormally ? "" : "by signal ")\(status)\n"
            + "stdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))"
    }

    /// Text that means the process crashed or printed a trace instead of one clear line.
    var showsACrash: Bool {
        let text = stderr + stdout
        if !exitedNormally { return true }
        if text.contains("Fatal error") || text.contains("Stack dump") || text.contains("Current stack trace") { return true }
        return stderrLines.contains { $0.range(of: #"^\s*(\d+\s+)?0x[0-9a-fA-F]+"#, options: .regularExpression) != nil }
    }
}

/// A process started and not yet waited for; its output goes to files, so no pipe can fill up.
final class RunningProcess {
    let process = Process()
    let arguments: [String]
    let stdoutPath: String
    let stderrPath: String

    init(executable: String, arguments: [String], stdinPath: String?, scratch: String, environment extra: [String: String] = [:]) throws {
        self.arguments = [executable] + arguments
        let tag = UUID().uuidString
        stdoutPath = "\(scratch)/.out-\(tag)"
        stderrPath = "\(scratch)/.err-\(tag)"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // The tests always say which ledger and which actor; nothing may leak in from outside.
        environment["DOCLEDGER_DB"] = nil
        environment["DOCLEDGER_ACTOR"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: scratch)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        if let stdinPath {
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
    }

    func wait() throws -> RunResult {
        process.waitUntilExit()
        let result = RunResult(arguments: arguments, status: process.terminationStatus,
                               exitedNormally: process.terminationReason == .exit,
                               stdoutData: try Data(contentsOf: URL(fileURLWithPath: stdoutPath)),
                               stderrData: try Data(contentsOf: URL(fileURLWithPath: stderrPath)))
        try? FileManager.default.removeItem(atPath: stdoutPath)
        try? FileManager.default.removeItem(atPath: stderrPath)
        return result
    }
}

/// One test's private folder under /tmp with one fresh ledger path, removed at the end.
final class Scratch {
    let directory: String
    let ledger: String
    let actor = "kiemthu.cli"

    init() throws {
        directory = "/tmp/docledger-clitests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        ledger = "\(directory)/ledger.sqlite"
        #expect(FileManager.default.isExecutableFile(atPath: docledgerPath), "no docledger binary at \(docledgerPath)")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// Writes `text` to a file in the scratch folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Starts `docledger ARGS --db LEDGER --actor ACTOR` (the global options given explicitly).
    func start(_ arguments: [String], db: String? = nil, stdin: String? = nil) throws -> RunningProcess {
        try RunningProcess(executable: docledgerPath, arguments: arguments + ["--db", db ?? ledger, "--actor", actor],
                           stdinPath: stdin, scratch: directory)
    }

    /// Runs `docledger ARGS --db LEDGER --actor ACTOR` to the end.
    @discardableResult
    func run(_ arguments: [String], db: String? = nil, stdin: String? = nil) throws -> RunResult {
        try start(arguments, db: db, stdin: stdin).wait()
    }

    /// Runs `docledger ARGS` exactly as given (no global options added), with `environment` added.
    func runBare(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        try RunningProcess(executable: docledgerPath, arguments: arguments, stdinPath: nil, scratch: directory,
                           environment: environment).wait()
    }

    /// Runs another program (sqlite3, python3) to the end.
    func runTool(_ tool: String, _ arguments: [String]) throws -> RunResult {
        let path = try #require(executable(tool), "\(tool) is needed on PATH for this test")
        return try RunningProcess(executable: path, arguments: arguments, stdinPath: nil, scratch: directory).wait()
    }

    /// Runs SQL on a file with the sqlite3 shell, as someone with write access to it could.
    @discardableResult
    func sqlite(_ file: String, _ sql: String) throws -> String {
        let result = try runTool("sqlite3", ["-batch", file, sql])
        #expect(result.status == 0, "sqlite3 failed: \(result)")
        return result.stdout
    }

    /// `docledger digest` of the ledger (SEQ:HASH); expects it to succeed.
    func digest(db: String? = nil) throws -> String {
        let result = try run(["digest"], db: db)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.count == 1, "\(result)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `docledger export` of the ledger; expects it to succeed.
    func export(db: String? = nil) throws -> Data {
        let result = try run(["export"], db: db)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        return result.stdoutData
    }

    /// Number of events, counted from `export`.
    func eventCount(db: String? = nil) throws -> Int {
        try export(db: db).reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
    }

    /// Appends `lines` (one event each) from a file; returns the run.
    @discardableResult
    func append(_ lines: [String], name: String = "input.jsonl", extra: [String] = []) throws -> RunResult {
        let file = try write(name, lines.map { $0 + "\n" }.joined())
        return try run(["append", file, "--create"] + extra)
    }
}

// MARK: Events

/// JSON string literal (the events here hold no characters that need escaping beyond these).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

enum Events {
    static func directiveIssued(id: String, directive: String, on day: String = "2017-03-20",
                                content: String = "Rà soát tạm ứng", deadline: String = "2017-06-30") -> String {
        #"{"id":\#(jsonString(id)),"type":"DirectiveIssued","data":{"directive_id":\#(jsonString(directive)),"issued_on":"\#(day)","lead_unit":"Sở Tài chính","content":\#(jsonString(content)),"deadline":"\#(deadline)"}}"#
    }

    static func progress(id: String, directive: String, note: String = "Đang rà soát", expectedVersion: Int? = nil) -> String {
        let version = expectedVersion.map { #","expected_version":\#($0)"# } ?? ""
        return #"{"id":\#(jsonString(id)),"type":"DirectiveProgressReported"\#(version),"data":{"directive_id":\#(jsonString(directive)),"reported_on":"2017-04-01","unit":"Sở Tài chính","note":\#(jsonString(note))}}"#
    }

    /// An outgoing document without a number: the ledger allocates the next one of its series.
    static func documentIssued(id: String, on day: String = "2017-01-09", type: String = "QĐ",
                               subject: String = "Phê duyệt quy hoạch") -> String {
        #"{"id":\#(jsonString(id)),"type":"DocumentIssued","data":{"issued_on":"\#(day)","doc_type":\#(jsonString(type)),"subject":\#(jsonString(subject))}}"#
    }

    static func documentReceived(id: String, symbol: String = "45/BC-STC") -> String {
        #"{"id":\#(jsonString(id)),"type":"DocumentReceived","data":{"received_on":"2017-01-03","sender":"Sở Tài chính","number_symbol":\#(jsonString(symbol)),"doc_type":"BC","subject":"Báo cáo"}}"#
    }

    /// A mix of valid events with ids (all distinct under `prefix`), drawn from `rng`.
    static func validMix(count: Int, prefix: String, using rng: inout SeededGenerator) -> [String] {
        var lines: [String] = []
        var directives: [String] = []
        for n in 1...count {
            let id = "\(prefix)-\(n)"
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !directives.isEmpty:
                lines.append(progress(id: id, directive: directives.randomElement(using: &rng)!, note: "Báo cáo lần \(n)"))
            case 1:
                lines.append(documentIssued(id: id, subject: "Quyết định số \(n)"))
            case 2:
                lines.append(documentReceived(id: id, symbol: "\(n)/BC-STC-\(prefix)"))
            default:
                let directive = "\(prefix)-D\(n)"
                directives.append(directive)
                lines.append(directiveIssued(id: id, directive: directive, content: "Nhiệm vụ \(n)"))
            }
        }
        return lines
    }
}
