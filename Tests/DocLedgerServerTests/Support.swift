import DocLedgerKit
import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The development logins every test server knows (tokens of the temporary authenticator).
enum Token {
    static let clerk = "clerk-token-000000000001"
    static let officer = "officer-token-00000000001"
    static let leader = "leader-token-000000000001"
    static let inspector = "inspector-token-000000001"
    /// Every role that records events, and the inspector's.
    static let all = "all-roles-token-000000001"

    static let table: [String: Caller] = [
        clerk: Caller(user: "vanthu.nguyen", roles: ["clerk"]),
        officer: Caller(user: "chuyenvien.tran", roles: ["officer"]),
        leader: Caller(user: "lanhdao.le", roles: ["leader"]),
        inspector: Caller(user: "thanhtra.pham", roles: ["inspector"]),
        all: Caller(user: "quantri.vo", roles: ["clerk", "officer", "leader", "inspector"]),
    ]
}

/// A fresh ledger file for one test, removed when the test is done.
final class ServerLedger: Sendable {
    let directory: String
    let path: String

    init() throws {
        directory = NSTemporaryDirectory() + "docledger-servertests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/ledger.sqlite"
        _ = try Ledger(path: path, access: .create())
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The head of the chain, read on a connection of the test's own.
    func digest() throws -> String { try Ledger(path: path, access: .read).head().description }

    /// The type and actor of each event about `id`, oldest first.
    func history(_ id: String) throws -> [(type: String, actor: String)] {
        try Ledger(path: path, access: .read).history(of: id).events.map { ($0.type, $0.actor) }
    }

    func settings(_ change: (inout ServerSettings) -> Void = { _ in }) -> ServerSettings {
        var settings = ServerSettings(ledgerPath: path)
        settings.durable = false
        settings.port = 0
        change(&settings)
        return settings
    }
}

/// A logger that keeps what is logged, to check the request lines.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    func add(_ line: String) { lock.withLock { stored.append(line) } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(sink: self) }
    }

    struct Handler: LogHandler {
        let sink: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.add("\(event.level) \(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }
}

/// Builds the server as `docledger serve` does, on a fresh ledger, and runs `test` against its
/// router (no socket).
func withServer(_ change: (inout ServerSettings) -> Void = { _ in }, log: LogLines? = nil,
                _ test: @Sendable (any TestClientProtocol, ServerLedger) async throws -> Void) async throws {
    let ledger = try ServerLedger()
    let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()
    let app = try await buildApplication(ledger.settings(change), authenticator: DevelopmentTokenAuthenticator(Token.table),
                                         logger: log?.logger ?? quiet)
    try await app.test(.router) { client in try await test(client, ledger) }
}

/// What a request got back.
struct Reply: CustomStringConvertible {
    let status: Int
    let headers: HTTPFields
    let text: String

    /// The body as JSON (an object, or nil).
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
    var error: String? { json?["error"] as? String }
    /// `field: reason` of each problem, with `line L: ` before it when it has a line.
    var problems: [String] {
        ((json?["problems"] as? [[String: Any]]) ?? []).map { problem in
            let line = (problem["line"] as? Int).map { "line \($0): " } ?? ""
            return line + "\(problem["field"] ?? "?"): \(problem["reason"] ?? "?")"
        }
    }
    var description: String { "\(status) \(text.prefix(600))" }
}

extension TestClientProtocol {
    /// Sends a request: a bearer token when given, a body with its content type.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil,
              contentType: String? = "application/json", headers extra: [(String, String)] = []) async throws -> Reply {
        try await send(method, uri, token: token, bytes: body.map { Array($0.utf8) }, contentType: contentType, headers: extra)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, bytes: [UInt8]?,
              contentType: String? = "application/json", headers extra: [(String, String)] = []) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if bytes != nil, let contentType { headers[.contentType] = contentType }
        for (name, value) in extra { headers.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return try await execute(uri: uri, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }) { response in
            Reply(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
        }
    }
}

/// One JSON line of the event envelope.
func eventLine(_ type: String, _ data: [String: Any], id: String? = nil, extra: [String: Any] = [:]) -> String {
    var envelope: [String: Any] = ["type": type, "data": data]
    if let id { envelope["id"] = id }
    for (key, value) in extra { envelope[key] = value }
    let bytes = try! JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])
    return String(decoding: bytes, as: UTF8.self)
}

/// A JSON body from a dictionary.
func json(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}
