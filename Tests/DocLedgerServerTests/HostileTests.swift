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
        // 100 MB bodies: refused from the declared Content-Length, each route at its own limit.
        Case(name: "a 100 MB events body", method: .post, path: "/api/events", body: hundredMB, contentType: "application/x-ndjson",
             status: 413, error: "the body is over the limit of 67108864 bytes (Content-Length: 104857600)"),
        Case(name: "a 100 MB typed body", method: .post, path: "/api/documents/received", body: hundredMB,
             status: 413, error: "the body is over the limit of 1048576 bytes (Content-Length: 104857600)"),
        Case(name: "a 100 MB login body", method: .post, path: "/api/session", token: nil, body: hundredMB,
             status: 413, error: "the body is over the limit of 4096 bytes (Content-Length: 104857600)"),
        Case(name: "a login body that is not JSON", method: .post, path: "/api/session", token: nil, body: Array("user=admin&password=x".utf8),
             status: 400, error: "the body must be {\"user\": \"…\", \"password\": \"…\"}"),
        Case(name: "a login body of invalid UTF-8", method: .post, path: "/api/session", token: nil, body: invalidUTF8,
             status: 400, error: "the body must be {\"user\": \"…\", \"password\": \"…\"}"),
        Case(name: "a login as a form", method: .post, path: "/api/session", token: nil, body: Array("user=admin".utf8),
             contentType: "application/x-www-form-urlencoded", status: 415, error: "Content-Type \"application/x-www-form-urlencoded\" is not accepted"),
        Case(name: "an events body without a Content-Type", method: .post, path: "/api/events", body: Array("{}".utf8),
             contentType: nil, status: 415, error: "missing Content-Type: send application/x-ndjson"),
        Case(name: "a typed body in Latin-1", method: .post, path: "/api/documents/issued", body: Array(#"{"subject":"x"}"#.utf8),
             contentType: "application/json; charset=iso-8859-1", status: 415, error: "charset \"iso-8859-1\" is not accepted"),
        Case(name: "declared figures as plain text", method: .post, path: "/api/reconcile?period=2017-H1", body: Array("12 3 4".utf8),
             contentType: "text/plain", status: 415, error: "Content-Type \"text/plain\" is not accepted"),
        Case(name: "an empty typed body", method: .post, path: "/api/documents/issued", body: [],
             status: 400, error: "the body is not valid JSON"),
        Case(name: "a typed body that is a JSON string", method: .post, path: "/api/directives", body: Array(#""CT-1""#.utf8),
             status: 400, error: "the body must be a JSON object"),
        Case(name: "a typed body with garbage after the object", method: .post, path: "/api/documents/issued",
             body: Array(#"{"doc_type":"QĐ","subject":"x"} DROP"#.utf8), status: 400, error: "the body is not valid JSON"),
        Case(name: "a typed body with a number out of range", method: .post, path: "/api/documents/issued",
             body: Array(#"{"doc_type":"QĐ","subject":"x","number":1e400}"#.utf8), status: 422, error: "refused: nothing was recorded"),
        Case(name: "a typed body naming another actor", method: .post, path: "/api/documents/issued",
             body: Array(#"{"doc_type":"QĐ","subject":"x","actor":"lanhdao.le"}"#.utf8), status: 422, error: "refused: nothing was recorded"),
        Case(name: "a NUL inside a typed body's text", method: .post, path: "/api/documents/issued",
             body: Array(#"{"issued_on":"2017-01-07","doc_type":"QĐ","subject":"a\u0000b"}"#.utf8), status: 422, error: "refused: nothing was recorded"),
        Case(name: "a right-to-left override inside a typed body's text", method: .post, path: "/api/documents/issued",
             body: Array(#"{"issued_on":"2017-01-07","doc_type":"QĐ","subject":"a\u202Eb"}"#.utf8), status: 422, error: "refused: nothing was recorded"),
        Case(name: "declared figures nested 100.000 deep", method: .post, path: "/api/reconcile?period=2017-H1", body: nested,
             status: 422, error: "the request body: nesting deeper than 64 levels"),
        Case(name: "declared figures that are not JSON", method: .post, path: "/api/reconcile?period=2017-H1", body: Array("<figures/>".utf8),
             status: 422, error: "the request body: invalid JSON"),
        Case(name: "an empty event id", method: .post, path: "/api/documents/issued?id=", body: Array(#"{"doc_type":"QĐ","subject":"x"}"#.utf8),
             status: 400, error: "?id= is empty"),
        Case(name: "a malformed digest to verify", method: .post, path: "/api/verify?digest=1;DROP%20TABLE%20events", body: nil,
             status: 400, error: "--digest must be SEQ:HASH"),
        Case(name: "a malformed as_of", method: .get, path: "/api/report.csv?period=2017-H1&as_of=../../etc", status: 400, error: "as_of:"),
        Case(name: "path traversal in a document symbol", method: .post, path: "/api/documents/..%2F..%2Fetc%2Fpasswd@2017/recall",
             body: Array(#"{"recalled_on":"2017-02-01","reason":"x"}"#.utf8), status: 422, error: "refused: nothing was recorded"),
        Case(name: "SQL in a document's year", method: .post, path: "/api/documents/01%2FQĐ-UBND@2017;DROP/correct",
             body: Array(#"{"correction":"x"}"#.utf8), status: 400, error: "the path must name the document as SYMBOL@YEAR"),
        Case(name: "SQL in a programme item id", method: .post, path: "/api/programme/NN'%20OR%20'1'='1/approve",
             body: Array(#"{"approved_on":"2017-10-01","decision":"01/QĐ-UBND"}"#.utf8), status: 404, error: "unknown programme item NN' OR '1'='1"),
        Case(name: "a history id of 8.000 characters", method: .get, path: "/api/history/" + String(repeating: "A", count: 8000),
             status: 404, error: "nothing in the ledger is called AAAA"),
        Case(name: "an empty bearer token", method: .get, path: "/api/report?period=2017", token: nil,
             headers: [("Authorization", "Bearer ")], status: 401, error: "not logged in"),
        Case(name: "a bearer token in lower case", method: .get, path: "/api/report?period=2017", token: nil,
             headers: [("Authorization", "bearer " + Token.all)], status: 401, error: "not logged in"),
        Case(name: "a method the route does not have", method: .delete, path: "/api/events", status: 404, error: "no such route"),
        Case(name: "a cookie over the header limit", method: .get, path: "/api/digest",
             headers: [("Cookie", "docledger_session=" + String(repeating: "0", count: 17_000))], status: 431, error: "the request's headers are"),
    ]

    /// 100 MiB of spaces.
    static let hundredMB = [UInt8](repeating: 0x20, count: 100 << 20)

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
            #expect(Self.cases.count + Self.accountCases.count >= 40)
            #expect(try ledger.digest() == before)
            let after = try await client.send(.get, "/api/history/01/QĐ-UBND@2017", token: Token.clerk)
            #expect(after.status == 200, "still serving: \(after)")
        }
    }
}

extension HostileTests {
    /// Stand-ins for tokens known only once the accounts are open.
    static let disabled = "<token of a disabled account>", loggedOut = "<token logged out>"

    /// Requests against the ledger's own accounts and sessions (`docledger serve`'s authenticator).
    static let accountCases: [Case] = [
        Case(name: "a token of a disabled account", method: .get, path: "/api/report?period=2017", token: disabled,
             status: 401, error: "not logged in"),
        Case(name: "a disabled account's token as the cookie", method: .get, path: "/api/report?period=2017", token: nil,
             headers: [("Cookie", "docledger_session=" + disabled)], status: 401, error: "not logged in"),
        Case(name: "a disabled account's token appending events", method: .post, path: "/api/events", token: disabled,
             body: Array(#"{"type":"DocumentIssued","data":{"issued_on":"2017-01-07","doc_type":"QĐ","subject":"x"}}"#.utf8),
             contentType: "application/x-ndjson", status: 401, error: "not logged in"),
        Case(name: "a token logged out", method: .get, path: "/api/report?period=2017", token: loggedOut, status: 401, error: "not logged in"),
        Case(name: "a cookie of garbage", method: .get, path: "/api/report?period=2017", token: nil,
             headers: [("Cookie", "docledger_session=%%%;;==;; =; docledger_session")], status: 401, error: "not logged in"),
        Case(name: "a session cookie with an empty value", method: .get, path: "/api/report?period=2017", token: nil,
             headers: [("Cookie", "other=1; docledger_session=")], status: 401, error: "not logged in"),
        Case(name: "a token of 64 characters that are not hex", method: .get, path: "/api/report?period=2017",
             token: String(repeating: "zé", count: 32), status: 401, error: "not logged in"),
        Case(name: "a token of 10.000 hex digits", method: .get, path: "/api/report?period=2017",
             token: String(repeating: "ab", count: 5000), status: 401, error: "not logged in"),
        Case(name: "a forged token of the right shape", method: .get, path: "/api/report?period=2017",
             token: String(repeating: "0f", count: 32), status: 401, error: "not logged in"),
        Case(name: "a login to a disabled account", method: .post, path: "/api/session", token: nil,
             body: Array(#"{"user":"nghiviec","password":"mat-khau-nghiviec"}"#.utf8), status: 401, error: "wrong user name or password"),
        Case(name: "a login with a null password", method: .post, path: "/api/session", token: nil,
             body: Array(#"{"user":"vanthu.nguyen","password":null}"#.utf8), status: 400, error: "the body must be {"),
        Case(name: "a login with a user name of 4.000 characters", method: .post, path: "/api/session", token: nil,
             body: Array(#"{"user":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 4000) + Array(#"","password":"x"}"#.utf8),
             status: 401, error: "wrong user name or password"),
    ]

    @Test("hostile requests against the ledger's accounts: a disabled account's token, garbage cookies, forged tokens: 401; the digest does not move")
    func hostileToAccounts() async throws {
        let ledger = try ServerLedger()
        do {
            let file = try Ledger(path: ledger.path, access: .write)
            file.passwordCost = 4
            for user in ["vanthu.nguyen", "nghiviec"] {
                _ = try file.addAccount(user: user, name: "Người \(user)", roles: ["clerk"], password: "mat-khau-\(user)", actor: "quantri")
            }
        }
        let app = try await buildApplication(ledger.settings(), logger: quietLogger)
        try await app.test(.router) { client in
            func login(_ user: String) async throws -> String {
                let reply = try await client.send(.post, "/api/session", body: #"{"user":"\#(user)","password":"mat-khau-\#(user)"}"#)
                return try #require(reply.json?["token"] as? String, "\(reply)")
            }
            let leaving = try await login("nghiviec")
            #expect(try await client.send(.get, "/api/report?period=2017", token: leaving).status == 200)
            try Ledger(path: ledger.path, access: .write).disable("nghiviec", reason: "Chuyển công tác", actor: "quantri")
            let ended = try await login("vanthu.nguyen")
            #expect(try await client.send(.delete, "/api/session", token: ended).status == 204)
            let before = try ledger.digest()
            for hostile in Self.accountCases {
                let fill = { (text: String) in text.replacingOccurrences(of: Self.disabled, with: leaving).replacingOccurrences(of: Self.loggedOut, with: ended) }
                let reply = try await client.send(hostile.method, hostile.path, token: hostile.token.map(fill), bytes: hostile.body,
                                                  contentType: hostile.contentType, headers: hostile.headers.map { ($0.0, fill($0.1)) })
                #expect(reply.status == hostile.status, "\(hostile.name): \(reply)")
                #expect(reply.error?.hasPrefix(hostile.error) == true, "\(hostile.name): \(reply)")
            }
            #expect(try ledger.digest() == before)
            let still = try await login("vanthu.nguyen")
            #expect(try await client.send(.get, "/api/report?period=2017", token: still).status == 200, "still serving")
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
