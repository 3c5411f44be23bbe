import DocLedgerKit
@testable import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Requests meant to break the server: each gets its 4xx with a clear error, the server keeps
/// serving, and the ledger's digest does not move.
@Suite("Hostile requests")
struct HostileTests {
    struct Case: Sendable {
        let name: String
        let method: HTTPRequest.Method
        let path: String
        var token: String? = Token.all
        var body: [UInt8]? = nil
        var contentType: String? = "application/json"
        var headers: [(String, String)] = []
        let status: Int
        /// The start of the error sentence.
        let error: String
    }

    static let nested = Array(String(repeating: "[", count: 100_000).utf8)
    static let invalidUTF8: [UInt8] = Array(#"{"doc_type":"QĐ","subject":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8)

    static let cases: [Case] = [
        Case(name: "a typed body that is not JSON", method: .post, path: "/api/documents/issued", body: Array("doc_type=QĐ&subject=x".utf8),
             status: 400, error: "the body is not valid JSON"),
        Case(name: "a typed body of invalid UTF-8", method: .post, path: "/api/documents/issued", body: invalidUTF8,
             status: 400, error: "the body is not valid JSON"),
        Case(name: "a typed body nested 100.000 deep", method: .post, path: "/api/directives", body: nested,
             status: 400, error: "the body is not valid JSON"),
        Case(name: "a typed body that is a list", method: .post, path: "/api/programme", body: Array(#"[{"item_id":"NN-01"}]"#.utf8),
             status: 400, error: "the body must be a JSON object"),
        Case(name: "an events body that is not JSON", method: .post, path: "/api/events", body: Array("<xml>events</xml>\n".utf8),
             contentType: "application/x-ndjson", status: 422, error: "refused: nothing of the body was written"),
        Case(name: "an events body of invalid UTF-8", method: .post, path: "/api/events", body: invalidUTF8,
             contentType: "application/x-ndjson", status: 422, error: "refused: nothing of the body was written"),
        Case(name: "an events body nested 100.000 deep", method: .post, path: "/api/events", body: nested,
             contentType: "application/x-ndjson", status: 422, error: "refused: nothing of the body was written"),
        Case(name: "an events body of NUL bytes", method: .post, path: "/api/events", body: [UInt8](repeating: 0, count: 1000),
             contentType: "application/x-ndjson", status: 422, error: "refused: nothing of the body was written"),
        Case(name: "a form posted to the events route", method: .post, path: "/api/events", body: Array("a=1".utf8),
             contentType: "application/x-www-form-urlencoded", status: 415, error: "Content-Type \"application/x-www-form-urlencoded\" is not accepted"),
        Case(name: "a multipart form posted as a command", method: .post, path: "/api/documents/issued", body: Array("--x--".utf8),
             contentType: "multipart/form-data; boundary=x", status: 415, error: "Content-Type \"multipart/form-data; boundary=x\" is not accepted"),
        Case(name: "path traversal in a history id", method: .get, path: "/api/history/../../../etc/passwd",
             status: 404, error: "nothing in the ledger is called ../../../etc/passwd"),
        Case(name: "encoded path traversal", method: .get, path: "/api/history/%2e%2e%2f%2e%2e%2fschema.sql",
             status: 404, error: "nothing in the ledger is called ../../schema.sql"),
        Case(name: "SQL in a directive id", method: .post, path: "/api/directives/x';DROP%20TABLE%20events;--/complete",
             body: Array(#"{"completed_on":"2017-07-20"}"#.utf8), status: 404, error: "unknown directive x';DROP TABLE events;--"),
        Case(name: "SQL in a history id", method: .get, path: "/api/history/1%20OR%201=1", status: 404, error: "nothing in the ledger is called 1 OR 1=1"),
        Case(name: "SQL in the period", method: .get, path: "/api/report?period=2017-H1'%20OR%20'1'='1", status: 400, error: "period:"),
        Case(name: "a malformed percent-encoding", method: .get, path: "/api/history/CT%ZZ01", status: 400, error: "the path's id has a malformed percent-encoding"),
        Case(name: "a path segment of invalid UTF-8", method: .get, path: "/api/history/%C3%28", status: 400, error: "the path's id is not UTF-8"),
        Case(name: "a NUL byte in a path segment", method: .post, path: "/api/programme/NN%00-01/submit", body: Array("{}".utf8),
             status: 400, error: "the path's item_id contains a control character"),
        Case(name: "a forged token", method: .get, path: "/api/digest", token: "forged-token-00000000000000", status: 401, error: "not logged in"),
        Case(name: "a truncated token", method: .get, path: "/api/digest", token: String(Token.all.dropLast()), status: 401, error: "not logged in"),
        Case(name: "a token with more after it", method: .get, path: "/api/digest", token: Token.all + "0", status: 401, error: "not logged in"),
        Case(name: "Basic instead of Bearer", method: .get, path: "/api/digest", token: nil,
             headers: [("Authorization", "Basic dmFudGh1Om1hdGtoYXU=")], status: 401, error: "not logged in"),
        Case(name: "headers over the limit", method: .get, path: "/api/digest",
             headers: [("X-Padding", String(repeating: "a", count: 20_000))], status: 431, error: "the request's headers are"),
        Case(name: "an unknown route", method: .get, path: "/api/../etc/passwd", status: 404, error: "no such route"),
        Case(name: "a record verb that does not exist", method: .post, path: "/api/documents/01/QĐ-UBND@2017/delete", body: Array("{}".utf8),
             status: 404, error: "no such route"),
    ]

    @Test("each hostile request gets its 4xx and a clear error; the server keeps serving; the digest does not move")
    func hostile() async throws {
        try await withServer { client, ledger in
            let seeded = try await client.send(.post, "/api/documents/issued", token: Token.clerk,
                                               body: json(["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Trước"]))
            #expect(seeded.status == 201)
            let before = try ledger.digest()
            for hostile in Self.cases {
                let reply = try await client.send(hostile.method, hostile.path, token: hostile.token, bytes: hostile.body,
                                                  contentType: hostile.contentType, headers: hostile.headers)
                #expect(reply.status == hostile.status, "\(hostile.name): \(reply)")
                #expect(reply.error?.hasPrefix(hostile.error) == true, "\(hostile.name): \(reply)")
                #expect(reply.json != nil, "\(hostile.name): the error is JSON: \(reply)")
            }
            #expect(Self.cases.count >= 20)
            #expect(try ledger.digest() == before)
            let after = try await client.send(.get, "/api/history/01/QĐ-UBND@2017", token: Token.clerk)
            #expect(after.status == 200, "still serving: \(after)")
        }
    }
}

/// The one error mapping, for failures no request can cause on purpose: a busy ledger is 503,
/// an unusable one or an error the server does not know is 500 "internal error" with the
/// request id that is in the log.
@Suite("Failure mapping")
struct FailureMappingTests {
    struct Failing: Authenticator {
        let error: @Sendable () -> any Error
        func authenticate(_ request: Request) async throws -> Caller? { throw error() }
    }

    struct Unknown: Error {}

    func reply(to error: @escaping @Sendable () -> any Error, log: LogLines) async throws -> Reply {
        let ledger = try ServerLedger()
        let app = try await buildApplication(ledger.settings(), authenticator: Failing(error: error), logger: log.logger)
        return try await app.test(.router) { client in try await client.send(.get, "/api/digest", token: "any") }
    }

    @Test("busy: 503 with Retry-After; unusable and unknown: 500, the request id in the body and in the log")
    func mapping() async throws {
        let log = LogLines()
        let busy = try await reply(to: { LedgerUnusable("ledger.sqlite stayed locked by another process for 60 s; try again later", busy: true) }, log: log)
        #expect(busy.status == 503, "\(busy)")
        #expect(busy.headers[.retryAfter] == "5")
        #expect(busy.error == "the ledger is busy (another program is writing to it); try again in a few seconds")
        #expect(log.lines.contains { $0.contains("ledger.sqlite stayed locked") })
        let failures: [@Sendable () -> any Error] = [{ LedgerUnusable("the file is damaged") }, { Unknown() }]
        for error in failures {
            let failed = try await reply(to: error, log: log)
            #expect(failed.status == 500, "\(failed)")
            #expect(failed.error == "internal error")
            let id = try #require(failed.json?["request_id"] as? String)
            #expect(failed.headers[HTTPField.Name("X-Request-Id")!] == id)
            #expect(log.lines.contains { $0.hasPrefix("error ") && $0.contains(id) }, "\(log.lines)")
        }
        #expect(log.lines.contains { $0.contains("the file is damaged") })
    }

    @Test("a path with no ledger is refused before the server starts, as the CLI refuses it")
    func noLedger() async throws {
        do {
            _ = try await buildApplication(ServerSettings(ledgerPath: "/tmp/no-such-folder-\(UUID().uuidString)/ledger.sqlite"),
                                           authenticator: DevelopmentTokenAuthenticator(Token.table))
            Issue.record("built a server without a ledger")
        } catch let failure as LedgerUnusable {
            #expect(failure.description.contains("create it with `docledger init`"), "\(failure)")
        }
    }

    @Test("--dev-token specifications: a short token, a bad role or a malformed user is refused with what to type")
    func devTokens() throws {
        let good = try DevelopmentTokenAuthenticator(specifications: ["0123456789abcdef:vanthu.nguyen:clerk,officer"])
        _ = good
        for (spec, reason) in [("short:vanthu:clerk", "a token must be at least 16"), ("0123456789abcdef:vanthu", "must be TOKEN:user:role1,role2"),
                               ("0123456789abcdef:vanthu:chief", "unknown role \"chief\""), ("0123456789abcdef: :clerk", "must not be empty")] {
            #expect(throws: UsageProblem.self, "\(spec)") { try DevelopmentTokenAuthenticator(specifications: [spec]) }
            do { _ = try DevelopmentTokenAuthenticator(specifications: [spec]) } catch {
                #expect(error.reason.hasPrefix(reason), "\(spec): \(error)")
            }
        }
    }
}

/// Another program holding the file's write lock past the writer's wait: 503, then writes
/// succeed once it lets go.
@Suite("Busy ledger")
struct BusyTests {
    @Test("a write while the sqlite3 shell holds the write lock is 503 with Retry-After; the next one after it lets go is 201",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func busy() async throws {
        try await withServer({ $0.lockWaitSeconds = 0.3 }) { client, ledger in
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            holder.arguments = ["-batch", ledger.path]
            let input = Pipe(), output = Pipe()
            holder.standardInput = input
            holder.standardOutput = output
            try holder.run()
            input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
            // Wait until the shell holds the lock.
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("locked") {
                seen += output.fileHandleForReading.availableData
            }
            let body = json(["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Chờ"])
            let refused = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: body)
            input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
            try input.fileHandleForWriting.close()
            holder.waitUntilExit()
            #expect(refused.status == 503, "\(refused)")
            #expect(refused.headers[.retryAfter] == "5")
            let accepted = try await client.send(.post, "/api/documents/issued", token: Token.clerk, body: body)
            #expect(accepted.status == 201, "\(accepted)")
            #expect(try ledger.digest().hasPrefix("1:"))
        }
    }
}
