import DocLedgerKit
import HTTPTypes
import Hummingbird
import Logging
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The logins of the ledger's accounts: a session token sent as `Authorization: Bearer TOKEN`
/// or in the session cookie. Every request asks the ledger again, so a revoked role or a
/// disabled account counts from the very next request.
struct SessionAuthenticator: Authenticator {
    let ledgers: Ledgers

    func authenticate(_ request: Request) async throws -> Caller? {
        guard let token = Self.token(of: request) else { return nil }
        do {
            return try await ledgers.read { try $0.caller(token: token) }
        } catch is NotAuthenticated {
            return nil
        }
    }

    static let cookieName = "docledger_session"

    /// The bearer token, else the session cookie's value.
    static func token(of request: Request) -> String? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return String(header.dropFirst("Bearer ".count))
        }
        for cookies in request.headers[values: .cookie] {
            for pair in cookies.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                if trimmed.hasPrefix(cookieName + "=") { return String(trimmed.dropFirst(cookieName.count + 1)) }
            }
        }
        return nil
    }
}

/// Failed logins in the last minute, per user name and per client address: after 5, the next
/// attempt is refused (429) without checking the password. Kept in memory, never in the ledger.
actor LoginThrottle {
    static let limit = 5
    static let window: Duration = .seconds(60)
    private var failures: [String: [ContinuousClock.Instant]] = [:]

    func isBlocked(user: String, address: String) -> Bool {
        let now = ContinuousClock.now
        return ["user:" + user, "address:" + address].contains { key in
            let recent = (failures[key] ?? []).filter { now - $0 < Self.window }
            failures[key] = recent.isEmpty ? nil : recent   // a key with no recent failure is forgotten
            return recent.count >= Self.limit
        }
    }

    func recordFailure(user: String, address: String) {
        for key in ["user:" + user, "address:" + address] { failures[key, default: []].append(.now) }
        // Many names tried once each: forget the failures older than the window, so memory stays bounded.
        if failures.count > 10_000 {
            let now = ContinuousClock.now
            failures = failures.compactMapValues { times in
                let recent = times.filter { now - $0 < Self.window }
                return recent.isEmpty ? nil : recent
            }
        }
    }
}

/// `POST /api/session` logs in, `DELETE /api/session` logs out; `GET /api/accounts` (admin).
struct SessionController {
    static let path = "/api/session"
    let ledgers: Ledgers
    let throttle: LoginThrottle

    struct Credentials: Decodable {
        let user: String
        let password: String
    }

    struct Answer: Encodable {
        let token: String
        let user: String
        let roles: [String]
        let expires_at: String
    }

    struct NewAccount: Decodable {
        let user: String
        let name: String
        let roles: [String]
        let password: String
    }

    struct AccountChange: Decodable {
        let role: String?
        let reason: String?
        let password: String?
    }

    struct Changed: Encodable {
        let seq: Int64?
        let user: String
    }

    struct AccountBody: Encodable {
        let user: String
        let name: String
        let roles: [String]
        let disabled: Bool
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post(RouterPath(Self.path)) { request, context in try await login(request, context) }
        router.delete(RouterPath(Self.path)) { request, context in
            _ = try context.authenticated()
            if let token = SessionAuthenticator.token(of: request) { try await ledgers.write { try $0.logout(token: token) } }
            var response = Response(status: .noContent)
            response.headers[.setCookie] = "\(SessionAuthenticator.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
            return response
        }
        router.get("/api/accounts") { _, context in
            _ = try context.caller(requiring: .admin)
            let accounts = try await ledgers.read { try $0.accounts() }
            return JSONBody.response(accounts.map { AccountBody(user: $0.user, name: $0.name, roles: $0.roles, disabled: $0.disabled) })
        }
        // The admin's account management, as `docledger account …` on the file: opening,
        // granting, revoking and disabling are events recorded under the admin's login; a
        // password is not (its bcrypt hash stays beside the chain).
        router.post("/api/accounts") { request, context in
            let admin = try context.caller(requiring: .admin)
            let account: NewAccount = try await decodedBody(request)
            let recorded = try await ledgers.write { ledger in
                try ledger.addAccount(user: account.user, name: account.name, roles: account.roles, password: account.password,
                                      actor: admin.user)
            }
            return JSONBody.response(Changed(seq: recorded.seq, user: account.user), status: .created)
        }
        router.post("/api/accounts/:user/:action") { request, context in
            let admin = try context.caller(requiring: .admin)
            let user = try decodedPathSegment(context.parameters.get("user")![...], name: "user")
            let change: AccountChange = try await decodedBody(request)
            func role() throws -> String {
                guard let role = change.role else { throw APIError.refused(field: "role", reason: "missing (the role to grant or revoke)") }
                return role
            }
            let record: @Sendable (Ledger) throws -> Recorded
            switch context.parameters.get("action") {
            case "grant":
                let role = try role()
                record = { try $0.grant(role, to: user, actor: admin.user) }
            case "revoke":
                let role = try role()
                record = { try $0.revoke(role, from: user, actor: admin.user) }
            case "disable":
                let reason = change.reason
                record = { try $0.disable(user, reason: reason, actor: admin.user) }
            case "password":
                guard let password = change.password else { throw APIError.refused(field: "password", reason: "missing") }
                try await ledgers.write { try $0.setPassword(of: user, to: password) }
                return JSONBody.response(Changed(seq: nil, user: user))
            default:
                throw HTTPError(.notFound)
            }
            let recorded = try await ledgers.write(record)
            return JSONBody.response(Changed(seq: recorded.seq, user: user), status: .created)
        }
    }

    /// A small JSON body (at most 4 KiB) decoded as `T`; 400 when it is not.
    func decodedBody<T: Decodable>(_ request: Request,
                                   message: String = "the body is not the JSON object this route takes (see /api/openapi.yaml)",
                                   reason: String = "not the object this route takes") async throws -> T {
        var request = request
        let body = try await request.body(.json(limit: 4096))
        do { return try JSONDecoder().decode(T.self, from: Data(body.bytes)) } catch {
            throw APIError.badRequest(message, field: "body", reason: reason)
        }
    }

    func login(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let credentials: Credentials = try await decodedBody(request, message: "the body must be {\"user\": \"…\", \"password\": \"…\"}",
                                                             reason: "not {\"user\", \"password\"}")
        if await throttle.isBlocked(user: credentials.user, address: context.clientAddress) {
            context.logger.notice("login refused: too many failures", metadata: ["user": .string(credentials.user), "address": .string(context.clientAddress)])
            throw APIError(status: .tooManyRequests, message: "too many failed logins in the last minute: wait a minute and try again")
        }
        let caller: Caller
        do {
            caller = try await ledgers.read { try $0.authenticate(user: credentials.user, password: credentials.password) }
        } catch let refused as NotAuthenticated {
            await throttle.recordFailure(user: credentials.user, address: context.clientAddress)
            context.logger.notice("login failed", metadata: ["user": .string(credentials.user), "address": .string(context.clientAddress)])
            throw APIError(status: .unauthorized, message: refused.description)
        }
        let session = try await ledgers.write { try $0.openSession(for: caller) }
        var response = JSONBody.response(Answer(token: session.token, user: caller.user, roles: caller.roles.sorted(),
                                                expires_at: session.expiresAt))
        response.headers[.setCookie] = "\(SessionAuthenticator.cookieName)=\(session.token); Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"
        return response
    }
}
