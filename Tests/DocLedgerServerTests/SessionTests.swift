import DocLedgerKit
@testable import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Logins against the ledger's accounts, as `docledger serve` runs.
@Suite("Sessions and roles")
struct SessionTests {
    /// A server on a fresh ledger whose accounts are opened first (a low bcrypt cost for speed).
    func withAccounts(_ accounts: [(String, [String])], log: LogLines? = nil,
                      _ test: @Sendable (any TestClientProtocol, ServerLedger) async throws -> Void) async throws {
        let ledger = try ServerLedger()
        let admin = try Ledger(path: ledger.path, access: .write)
        admin.passwordCost = 4
        for (user, roles) in accounts {
            try admin.addAccount(user: user, name: "Người \(user)", roles: roles, password: "mat-khau-\(user)", actor: "quantri")
        }
        let app = try await buildApplication(ledger.settings(), logger: log?.logger ?? quietLogger)
        try await app.test(.router) { client in try await test(client, ledger) }
    }

    func login(_ client: any TestClientProtocol, _ user: String, password: String? = nil) async throws -> Reply {
        try await client.send(.post, "/api/session", body: #"{"user":"\#(user)","password":"\#(password ?? "mat-khau-\(user)")"}"#)
    }

    @Test("log in: a token and a HttpOnly, SameSite=Strict cookie; either works; logout ends it; a wrong password is 401")
    func loginAndLogout() async throws {
        try await withAccounts([("vanthu.nguyen", ["clerk"])]) { client, _ in
            let wrong = try await login(client, "vanthu.nguyen", password: "sai-mat-khau")
            #expect(wrong.status == 401 && wrong.error == "wrong user name or password", "\(wrong)")
            let unknown = try await login(client, "khong.co", password: "mat-khau-bat-ky")
            #expect(unknown.status == 401 && unknown.error == "wrong user name or password", "the same answer: \(unknown)")
            let reply = try await login(client, "vanthu.nguyen")
            #expect(reply.status == 200, "\(reply)")
            let token = try #require(reply.json?["token"] as? String)
            #expect(token.count == 64 && reply.json?["user"] as? String == "vanthu.nguyen")
            #expect(reply.json?["roles"] as? [String] == ["clerk"] && reply.json?["expires_at"] is String)
            let cookie = try #require(reply.headers[.setCookie])
            #expect(cookie.hasPrefix("docledger_session=\(token);") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let byToken = try await client.send(.get, "/api/report?period=2017-H1", token: token)
            #expect(byToken.status == 200, "\(byToken)")
            let byCookie = try await client.send(.get, "/api/report?period=2017-H1", body: nil, headers: [("Cookie", "docledger_session=\(token)")])
            #expect(byCookie.status == 200, "\(byCookie)")
            #expect(try await client.send(.delete, "/api/session", token: token).status == 204)
            #expect(try await client.send(.get, "/api/report?period=2017-H1", token: token).status == 401)
            #expect(try await client.send(.get, "/api/report?period=2017-H1", token: String(repeating: "a", count: 64)).status == 401)
        }
    }

    @Test("a revoked role and a disabled account count from the very next request")
    func revocationIsImmediate() async throws {
        try await withAccounts([("vanthu.nguyen", ["clerk", "inspector"])]) { client, ledger in
            let token = try #require(try await login(client, "vanthu.nguyen").json?["token"] as? String)
            #expect(try await client.send(.get, "/api/digest", token: token).status == 200)
            let admin = try Ledger(path: ledger.path, access: .write)
            try admin.revoke("inspector", from: "vanthu.nguyen", actor: "quantri")
            let after = try await client.send(.get, "/api/digest", token: token)
            #expect(after.status == 403 && after.error == "this needs the role inspector, which your login does not hold", "\(after)")
            try admin.disable("vanthu.nguyen", reason: nil, actor: "quantri")
            #expect(try await client.send(.get, "/api/report?period=2017-H1", token: token).status == 401)
            #expect(try await login(client, "vanthu.nguyen").status == 401)
        }
    }

    @Test("an expired session and a disabled account's token are 401 on every route, POST /api/events included; nothing written")
    func expiredAndDisabled() async throws {
        try await withAccounts([("vanthu.nguyen", ["clerk", "inspector"]), ("nghiviec", ["clerk"])]) { client, ledger in
            let file = try Ledger(path: ledger.path, access: .write)
            // A session opened 13 hours ago for 12 hours.
            let thirteenHoursAgo = Timestamp(millisecondsSinceEpoch: Timestamp.now().millisecondsSinceEpoch - 13 * 3_600_000)
            let expired = try file.openSession(for: Caller(user: "vanthu.nguyen", roles: ["clerk"]), now: thirteenHoursAgo)
            let line = #"{"type":"DocumentIssued","data":{"issued_on":"2017-01-06","doc_type":"QĐ","subject":"Hết hạn"}}"#
            let leaving = try #require(try await login(client, "nghiviec").json?["token"] as? String)
            #expect(try await client.send(.post, "/api/events", token: leaving, body: line, contentType: "application/x-ndjson").status == 200)
            try file.disable("nghiviec", reason: "Chuyển công tác", actor: "quantri")
            let before = try ledger.digest()
            for token in [expired.token, leaving] {
                let events = try await client.send(.post, "/api/events", token: token, body: line, contentType: "application/x-ndjson")
                #expect(events.status == 401 && events.error?.hasPrefix("not logged in") == true, "\(events)")
                let typed = try await client.send(.post, "/api/documents/issued", token: token, body: json(["doc_type": "QĐ", "subject": "Hết hạn"]))
                #expect(typed.status == 401, "\(typed)")
                #expect(try await client.send(.get, "/api/report?period=2017-H1", token: token).status == 401)
                #expect(try await client.send(.get, "/api/report?period=2017-H1", body: nil, headers: [("Cookie", "docledger_session=\(token)")]).status == 401)
            }
            #expect(try ledger.digest() == before)
            let fresh = try #require(try await login(client, "vanthu.nguyen").json?["token"] as? String)
            #expect(try await client.send(.get, "/api/digest", token: fresh).status == 200, "a fresh login still works")
        }
    }

    @Test("five failed logins in a minute: the sixth is 429 without checking the password; failures are logged, never the password")
    func throttling() async throws {
        let log = LogLines()
        try await withAccounts([("lanhdao", ["leader"])], log: log) { client, ledger in
            let before = try ledger.digest()
            for _ in 1...5 { #expect(try await login(client, "lanhdao", password: "doan-sai-mat-khau").status == 401) }
            let blocked = try await login(client, "lanhdao")
            #expect(blocked.status == 429, "even the right password waits: \(blocked)")
            #expect(try ledger.digest() == before, "failed logins are not in the ledger")
        }
        #expect(log.lines.filter { $0.contains("login failed") }.count == 5)
        #expect(!log.lines.contains { $0.contains("doan-sai-mat-khau") || $0.contains("mat-khau-lanhdao") })
    }

    @Test("POST /api/events checks each event's type against the caller's roles: 403 naming the type and the role; nothing written")
    func eventTypeRoles() async throws {
        try await withAccounts([("vanthu.nguyen", ["clerk"]), ("quantri", ["admin"])]) { client, ledger in
            let token = try #require(try await login(client, "vanthu.nguyen").json?["token"] as? String)
            let before = try ledger.digest()
            let lines = [#"{"type":"DocumentIssued","data":{"issued_on":"2017-01-06","doc_type":"QĐ","subject":"Được"}}"#,
                         #"{"type":"DirectiveIssued","data":{"directive_id":"CT-1","issued_on":"2017-01-07","lead_unit":"Sở Y tế","content":"Không được"}}"#]
            let reply = try await client.send(.post, "/api/events", token: token, body: lines.joined(separator: "\n"), contentType: "application/jsonl")
            #expect(reply.status == 403, "\(reply)")
            #expect(reply.error == "an event of type DirectiveIssued needs the role leader, which your login does not hold")
            #expect(try ledger.digest() == before, "the batch is all or nothing")
            let settings = try await client.send(.post, "/api/events", token: token, body: #"{"type":"SeriesConfigured","data":{"series":""}}"#,
                                                 contentType: "application/jsonl")
            #expect(settings.status == 403 && settings.error == "an event of type SeriesConfigured cannot be recorded through the server", "\(settings)")
            let ok = try await client.send(.post, "/api/events", token: token, body: lines[0], contentType: "application/jsonl")
            #expect(ok.status == 200, "\(ok)")
            #expect(try ledger.history("01/QĐ-UBND@2017").map(\.actor) == ["vanthu.nguyen"])
        }
    }

    @Test("GET /api/accounts is the admin's: every account, its roles, open or disabled; no credential")
    func accounts() async throws {
        try await withAccounts([("quantri", ["admin"]), ("vanthu.nguyen", ["clerk", "officer"])]) { client, _ in
            let clerk = try #require(try await login(client, "vanthu.nguyen").json?["token"] as? String)
            #expect(try await client.send(.get, "/api/accounts", token: clerk).status == 403)
            let admin = try #require(try await login(client, "quantri").json?["token"] as? String)
            let reply = try await client.send(.get, "/api/accounts", token: admin)
            #expect(reply.status == 200, "\(reply)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(reply.text.utf8)) as? [[String: Any]], "\(reply)")
            #expect(rows.map { $0["user"] as? String } == ["quantri", "vanthu.nguyen"])
            #expect(rows.map { $0["roles"] as? [String] } == [["admin"], ["clerk", "officer"]])
            #expect(rows.map { $0["disabled"] as? Bool } == [false, false])
            #expect(!reply.text.contains("$2b$") && !reply.text.contains("mat-khau"))
        }
    }

    @Test("the admin manages accounts through the API: open, grant, revoke, new password, disable; each change an event under the admin's login")
    func adminAPI() async throws {
        try await withAccounts([("quantri", ["admin"]), ("vanthu.nguyen", ["clerk"])]) { client, ledger in
            let admin = try #require(try await login(client, "quantri").json?["token"] as? String)
            let clerk = try #require(try await login(client, "vanthu.nguyen").json?["token"] as? String)
            let body = #"{"user":"chuyenvien.le","name":"Lê Văn Viên","roles":["officer"],"password":"mat-khau-chuyenvien.le"}"#
            #expect(try await client.send(.post, "/api/accounts", token: clerk, body: body).status == 403)
            let opened = try await client.send(.post, "/api/accounts", token: admin, body: body)
            #expect(opened.status == 201 && opened.json?["user"] as? String == "chuyenvien.le", "\(opened)")
            #expect(try await client.send(.post, "/api/accounts/chuyenvien.le/grant", token: admin, body: #"{"role":"leader"}"#).status == 201)
            let officer = try #require(try await login(client, "chuyenvien.le").json?["roles"] as? [String])
            #expect(officer == ["leader", "officer"])
            #expect(try await client.send(.post, "/api/accounts/chuyenvien.le/revoke", token: admin, body: #"{"role":"leader"}"#).status == 201)
            let twice = try await client.send(.post, "/api/accounts/chuyenvien.le/revoke", token: admin, body: #"{"role":"leader"}"#)
            #expect(twice.status == 422 && twice.json?["problems"] != nil, "\(twice)")
            #expect(try await client.send(.post, "/api/accounts/chuyenvien.le/password", token: admin, body: #"{"password":"mat-khau-moi-dai"}"#).status == 200)
            #expect(try await login(client, "chuyenvien.le").status == 401)
            #expect(try await login(client, "chuyenvien.le", password: "mat-khau-moi-dai").status == 200)
            #expect(try await client.send(.post, "/api/accounts/chuyenvien.le/disable", token: admin, body: #"{"reason":"Nghỉ hưu"}"#).status == 201)
            #expect(try await client.send(.post, "/api/accounts/khong.co/grant", token: admin, body: #"{"role":"clerk"}"#).status == 404)
            #expect(try await client.send(.post, "/api/accounts/chuyenvien.le/promote", token: admin, body: "{}").status == 404)
            #expect(try ledger.history("account:chuyenvien.le").map(\.type) == ["AccountCreated", "RoleGranted", "RoleRevoked", "AccountDisabled"])
            #expect(try ledger.history("account:chuyenvien.le").allSatisfy { $0.actor == "quantri" })
        }
    }
}
