import HummingbirdBcrypt
import LedgerStore
import OfficeDomain
import OfficeProjections

/// A person's account: who they are and what they may do.
public struct Account: Sendable, Equatable {
    public let user: String
    public let name: String
    public let roles: [String]
    public let disabled: Bool
}

/// A role as front ends name it: the domain's roles, nothing else.
public struct AccessRole: Hashable, Sendable, CustomStringConvertible {
    let role: Role
    public static let clerk = AccessRole(role: .clerk)
    public static let officer = AccessRole(role: .officer)
    public static let leader = AccessRole(role: .leader)
    public static let inspector = AccessRole(role: .inspector)
    public static let admin = AccessRole(role: .admin)
    public static var all: [AccessRole] { Role.allCases.map(AccessRole.init) }
    public var description: String { role.rawValue }

    /// `clerk`, `officer` …; nil for anything else.
    public init?(_ name: String) {
        guard let role = Role(rawValue: name) else { return nil }
        self.role = role
    }
    init(role: Role) { self.role = role }
}

/// Who is making a request: a logged-in user and the roles their account holds now.
public struct Caller: Sendable, Equatable {
    public let user: String
    public let roles: Set<String>
    public init(user: String, roles: Set<String>) {
        self.user = user
        self.roles = roles
    }
    public func has(_ role: String) -> Bool { roles.contains(role) }

    /// Refuses (`Forbidden`, naming the role) a caller who does not hold `role`.
    public func require(_ role: AccessRole) throws(Forbidden) {
        try require(all: [role])
    }

    /// Refuses (`Forbidden`, naming what is missing) a caller who does not hold every one of `roles`.
    public func require(all roles: [AccessRole]) throws(Forbidden) {
        let missing = roles.filter { !self.roles.contains($0.description) }
        guard missing.isEmpty else { throw Forbidden(missing: missing.map(\.description)) }
    }
}

/// A login: the token to send with each request (never stored: only its hash is), and when it expires.
public struct Session: Sendable, Equatable {
    public let token: String
    public let caller: Caller
    public let expiresAt: String
}

/// Not logged in (HTTP 401): a wrong user or password, an unknown or expired token, a
/// disabled account. The sentence never says which of user or password was wrong.
public struct NotAuthenticated: LedgerFailure {
    public let description: String
    public var exitCode: Int32 { 1 }
}

/// Logged in, but without the role a request needs (HTTP 403).
public struct Forbidden: LedgerFailure {
    /// The roles needed that the caller does not hold.
    public let missing: [String]
    /// What needed them, when it is not the whole request (`an event of type DirectiveIssued`).
    public var what: String? = nil
    public init(missing: [String], what: String? = nil) {
        self.missing = missing
        self.what = what
    }
    public var exitCode: Int32 { 1 }
    public var description: String {
        if missing.isEmpty { return "\(what ?? "this") cannot be recorded through the server" }
        let names = missing.joined(separator: " and ")
        return "\(what ?? "this") needs the role\(missing.count > 1 ? "s" : "") \(names), which your login does not hold"
    }
}

extension Ledger {
    /// Every role, in order: clerk, officer, leader, inspector, admin.
    public static var roles: [String] { Role.allCases.map(\.rawValue) }

    /// The role an event type needs when it arrives through the server; nil when no role may
    /// append it there (or the type is unknown: the append refuses it anyway).
    public static func roleNeeded(forEventType type: String) -> String? {
        EventType(rawValue: type)?.roleNeeded?.rawValue
    }


    /// Opens an account (an `AccountCreated` event) with its password (stored as a bcrypt hash,
    /// outside the chain), in one transaction.
    @discardableResult
    public func addAccount(user: String, name: String, roles: [String], password: String, actor: String) throws -> Recorded {
        let hash = try Self.passwordHash(password, cost: passwordCost)
        return try record(.accountCreate, fields: [("user", .text(user)), ("name", .text(name)), ("roles", .texts(roles))],
                          actor: actor, alsoWrite: { [db] in
                              try Credentials.setPasswordHash(db, user: user, hash: hash, at: Timestamp.now().description)
                          })
    }

    /// Gives an account a role (`RoleGranted`), in force from the next request.
    @discardableResult
    public func grant(_ role: String, to user: String, actor: String) throws -> Recorded {
        try record(.accountGrant, fields: [("user", .text(user)), ("role", .text(role))], actor: actor)
    }

    /// Takes a role from an account (`RoleRevoked`), in force from the next request.
    @discardableResult
    public func revoke(_ role: String, from user: String, actor: String) throws -> Recorded {
        try record(.accountRevoke, fields: [("user", .text(user)), ("role", .text(role))], actor: actor)
    }

    /// Closes an account (`AccountDisabled`) and ends its sessions, in one transaction.
    @discardableResult
    public func disable(_ user: String, reason: String?, actor: String) throws -> Recorded {
        try record(.accountDisable, fields: [("user", .text(user)), ("reason", reason.map(FieldValue.text))], actor: actor,
                   alsoWrite: { [db] in
                       try Credentials.removeSessions(db, user: user, expiredBefore: Timestamp.now().description)
                   })
    }

    /// Sets a new password for an open account and ends its sessions. Not an event: credentials
    /// stay outside the chain.
    public func setPassword(of user: String, to password: String) throws {
        let hash = try Self.passwordHash(password, cost: passwordCost)
        try door {
            try write {
                guard let account = try AccountsQuery.one(db, user: user), !account.disabled else {
                    throw Rejected(field: "user", reason: "no open account \(user)")
                }
                let now = Timestamp.now().description
                try Credentials.setPasswordHash(db, user: user, hash: hash, at: now)
                try Credentials.removeSessions(db, user: user, expiredBefore: now)
            }
        }
    }

    /// Every account, by user name.
    public func accounts() throws -> [Account] {
        try door {
            try db.read { try AccountsQuery.all(db).map(Account.init) }
        }
    }

    /// Logs in: checks the password against its bcrypt hash and opens a session of
    /// `validFor` milliseconds (default 12 hours). The token is 256 random bits; only its
    /// SHA-256 is stored.
    public func login(user: String, password: String, now: Timestamp = .now(),
                      validFor: Int64 = 12 * 3_600_000) throws -> Session {
        try openSession(for: try authenticate(user: user, password: password), now: now, validFor: validFor)
    }

    /// Checks a user's password (bcrypt: a few hundred ms, on a reading connection) and says who
    /// they are, with the roles their account holds; `NotAuthenticated` otherwise.
    public func authenticate(user: String, password: String) throws -> Caller {
        let refused = NotAuthenticated(description: "wrong user name or password")
        let found: (AccountRow, String)? = try door {
            try db.read {
                guard let account = try AccountsQuery.one(db, user: user), !account.disabled,
                      let hash = try Credentials.passwordHash(db, user: user) else { return nil }
                return (account, hash)
            }
        }
        // A failed lookup still costs one bcrypt verification: the time does not tell whether the user exists.
        guard let (account, hash) = found else {
            _ = Bcrypt.verify(password, hash: decoyHash)
            throw refused
        }
        guard Bcrypt.verify(password, hash: hash) else { throw refused }
        return Caller(user: user, roles: Set(account.roles.map(\.rawValue)))
    }

    /// Opens a session of `validFor` milliseconds (default 12 hours) for a caller whose password
    /// was checked. The token is 256 random bits; only its SHA-256 is stored.
    public func openSession(for caller: Caller, now: Timestamp = .now(), validFor: Int64 = 12 * 3_600_000) throws -> Session {
        var token = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in token.indices { token[i] = UInt8.random(in: 0...255, using: &rng) }
        let expires = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + validFor)
        try door {
            try write {
                try Credentials.addSession(db, tokenHash: Self.tokenHash(token), user: caller.user, createdAt: now.description,
                                           expiresAt: expires.description)
            }
        }
        return Session(token: hexString(token), caller: caller, expiresAt: expires.description)
    }

    /// The caller a token belongs to, with the roles the account holds now (a revoked role or
    /// a disabled account counts from the very next request).
    public func caller(token: String, now: Timestamp = .now()) throws -> Caller {
        let refused = NotAuthenticated(description: "not logged in, or the session has ended: log in again")
        guard let bytes = bytes(fromHex: token), bytes.count == 32 else { throw refused }
        return try door {
            try db.read {
                guard let session = try Credentials.session(db, tokenHash: Self.tokenHash(bytes)),
                      session.expiresAt > now.description,
                      let account = try AccountsQuery.one(db, user: session.user), !account.disabled else { throw refused }
                return Caller(user: account.user, roles: Set(account.roles.map(\.rawValue)))
            }
        }
    }

    /// Ends a session (logging out). Unknown tokens are ignored.
    public func logout(token: String) throws {
        guard let bytes = bytes(fromHex: token), bytes.count == 32 else { return }
        try door { try write { try Credentials.removeSession(db, tokenHash: Self.tokenHash(bytes)) } }
    }

    static func tokenHash(_ token: [UInt8]) -> [UInt8] {
        var sha = SHA256()
        sha.update(token)
        return sha.finalize()
    }

    /// A password: 8 to 72 bytes (bcrypt reads no further), one line.
    static func passwordHash(_ password: String, cost: UInt8) throws -> String {
        let count = password.utf8.count
        guard count >= 8, count <= 72, !password.utf8.contains(where: { $0 < 0x20 }) else {
            throw UsageProblem(field: "password", reason: "must be 8 to 72 bytes on one line, without control characters")
        }
        return Bcrypt.hash(password, cost: cost)
    }
}

extension Account {
    init(_ row: AccountRow) {
        self.init(user: row.user, name: row.name, roles: row.roles.map(\.rawValue), disabled: row.disabled)
    }
}
