public import DocLedgerKit
public import Hummingbird

/// Who is making a request, as the authentication hook found: the user name every event they
/// append is recorded under, and their roles.
public struct Caller: Sendable, Equatable {
    public let user: String
    public let roles: Set<String>

    public init(user: String, roles: Set<String>) {
        self.user = user
        self.roles = roles
    }

    /// Refuses (403, naming the role) a caller who does not hold `role`.
    public func require(_ role: Role) throws(Forbidden) {
        guard roles.contains(role.rawValue) else { throw Forbidden(missing: [role]) }
    }

    /// Refuses (403, naming what is missing) a caller who does not hold every one of `roles`.
    public func require(all roles: [Role]) throws(Forbidden) {
        let missing = roles.filter { !self.roles.contains($0.rawValue) }
        guard missing.isEmpty else { throw Forbidden(missing: missing) }
    }
}

/// The office's roles (issue 11): who may record what.
public enum Role: String, CaseIterable, Sendable {
    /// Văn thư: receives, issues, recalls and corrects documents.
    case clerk
    /// Chuyên viên: directive progress; programme register, reschedule, submit.
    case officer
    /// Lãnh đạo: directive issue, extend, complete, cancel; programme approve, withdraw.
    case leader
    /// Thanh tra: reads everything, verifies, takes digests and exports.
    case inspector
    /// Accounts and roles.
    case admin
}

/// The caller lacks a role a route needs (403).
public struct Forbidden: Error, CustomStringConvertible {
    public let missing: [Role]
    public var description: String {
        let names = missing.map(\.rawValue).joined(separator: " and ")
        return "this needs the role\(missing.count > 1 ? "s" : "") \(names), which your login does not hold"
    }
}

/// The one authentication hook every route is behind: it reads a request's credentials and
/// says who is calling, or nil when the request carries none that are valid (401).
/// Accounts and sessions (issue 11) will be one implementation; `DevelopmentTokenAuthenticator`
/// is the only one until then.
public protocol Authenticator: Sendable {
    func authenticate(_ request: Request) async throws -> Caller?
}

/// FOR DEVELOPMENT AND TESTS ONLY, until accounts exist: a fixed table of bearer tokens given
/// when the server starts (`docledger serve --dev-token TOKEN:user:role1,role2`). Tokens are
/// compared in constant time, never logged, and forgotten when the process ends.
public struct DevelopmentTokenAuthenticator: Authenticator {
    private let callers: [(token: [UInt8], caller: Caller)]

    public init(_ tokens: [String: Caller]) {
        callers = tokens.map { (Array($0.key.utf8), $0.value) }
    }

    /// Reads `TOKEN:user:role1,role2` specifications, refusing (with a sentence that says what to
    /// type instead) a short token, a malformed user name or an unknown role.
    public init(specifications: [String]) throws(UsageProblem) {
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
                guard let known = Role(rawValue: String(role)) else {
                    throw UsageProblem(field: "dev-token", reason: "unknown role \"\(role)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                roles.insert(known.rawValue)
            }
            tokens[token] = Caller(user: name, roles: roles)
        }
        self.init(tokens)
    }

    public func authenticate(_ request: Request) async throws -> Caller? {
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
