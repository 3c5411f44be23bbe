import DocLedgerKit
@testable import DocLedgerServer
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
    static let admin = "admin-token-0000000000001"
    /// Every role that records events, and the inspector's.
    static let all = "all-roles-token-000000001"

    static let table: [String: Caller] = [
        clerk: Caller(user: "vanthu.nguyen", roles: ["clerk"]),
        officer: Caller(user: "chuyenvien.tran", roles: ["officer"]),
        leader: Caller(user: "lanhdao.le", roles: ["leader"]),
        inspector: Caller(user: "thanhtra.pham", roles: ["inspector"]),
        admin: Caller(user: "quantri.dang", roles: ["admin"]),
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

/// A logger for test servers that logs only what is critical.
let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

/// Builds the server as `docledger serve` does, on a fresh ledger, and runs `test` against its
/// router (no socket).
func withServer(_ change: (inout ServerSettings) -> Void = { _ in }, log: LogLines? = nil,
                _ test: @Sendable (any TestClientProtocol, ServerLedger) async throws -> Void) async throws {
    let ledger = try ServerLedger()
    let app = try await buildApplication(ledger.settings(change), authenticator: DevelopmentTokenAuthenticator(Token.table),
                                         logger: log?.logger ?? quietLogger)
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

/// For the router tests: a fixed table of bearer tokens (`TOKEN:user:role1,role2`), so that
/// each test names its callers without opening accounts (bcrypt) first. `docledger serve`
/// uses the ledger's accounts and sessions instead.
struct DevelopmentTokenAuthenticator: Authenticator {
    private let callers: [(token: [UInt8], caller: Caller)]

    init(_ tokens: [String: Caller]) {
        callers = tokens.map { (Array($0.key.utf8), $0.value) }
    }

    /// Reads `TOKEN:user:role1,role2` specifications, refusing (with a sentence that says what to
    /// type instead) a short token, a malformed user name or an unknown role.
    init(specifications: [String]) throws(UsageProblem) {
        var tokens: [String: Caller] = [:]
        for specification in specifications {
            let parts = specification.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else {
                throw UsageProblem(field: "dev-token", reason: "must be TOKEN:user:role1,role2 (e.g. 3f9c2a7e51d04b8c:vanthu.nguyen:clerk)")
            }
            let (token, user, roleList) = (parts[0], parts[1], parts[2])
            guard token.utf8.count >= 16, token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw UsageProblem(field: "dev-token", reason: "a token must be at least 16 visible ASCII characters (e.g. from `openssl rand -hex 16`)")
            }
            guard tokens[token] == nil else {
                throw UsageProblem(field: "dev-token", reason: "the same token is given twice")
            }
            let name = try AppendOptions.checkedActor(user, source: "dev-token")
            var roles: Set<String> = []
            for role in roleList.split(separator: ",", omittingEmptySubsequences: true) {
                guard let known = AccessRole(String(role)) else {
                    throw UsageProblem(field: "dev-token", reason: "unknown role \"\(role)\"")
                }
                roles.insert(known.description)
            }
            tokens[token] = Caller(user: name, roles: roles)
        }
        self.init(tokens)
    }

    func authenticate(_ request: Request) async throws -> Caller? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "Bearer "
        guard header.utf8.count > prefix.utf8.count, header.utf8.starts(with: prefix.utf8) else { return nil }
        let given = Array(header.utf8.dropFirst(prefix.utf8.count))
        var found: Caller?
        // Every entry compared in full: the time taken does not say how much of a token matched.
        for entry in callers where constantTimeEqual(entry.token, given) { found = entry.caller }
        return found
    }
}

func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var difference = UInt8(a.count == b.count ? 0 : 1)
    for index in 0..<max(a.count, b.count) {
        difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
    }
    return difference == 0
}
