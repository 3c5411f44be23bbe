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

/// Who is making a request: a logged-in user and the roles their account holds now.
public struct Caller: Sendable, Equatable {
    public let user: String
    public let roles: Set<String>
    public init(user: String, roles: Set<String>) {
        self.user = user
        self.roles = roles
    }
    public func has(_ role: String) -> Bool { roles.contains(role) }
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
    public let description: String
    public let roleNeeded: String
    public var exitCode: Int32 { 1 }
}

extension Ledger {
    /// Every role, in order: clerk, officer, leader, inspector, admin.
    public static var roles: [String] { Role.allCases.map(\.rawValue) }

    /// The role an event type needs when it arrives through the server; nil when no role may
    /// append it there (or the type is unknown: the append refuses it anyway).
    public static func roleNeeded(forEventType type: String) -> String? {
        EventType(rawValue: type)?.roleNeeded?.rawValue
    }

    /// Refuses (`Forbidden`) unless the caller holds `role`.
    public static func require(_ role: String, of caller: Caller, for what: String) throws {
        guard caller.has(role) else {
            throw Forbidden(description: "\(what) needs the role \(role); \(caller.user) has \(caller.roles.isEmpty ? "none" : caller.roles.sorted().joined(separator: ", "))",
                            roleNeeded: role)
        }
    }

    /// Opens an account (an `AccountCreated` event) with its password (stored as a bcrypt hash,
    /// outside the chain), in one transaction.
    public func addAccount(user: String, name: String, roles: [String], password: String, actor: String) throws -> Recorded {
        let hash = try Self.passwordHash(password, cost: passwordCost)
        return try record(.accountCreate, fields: [("user", .text(user)), ("name", .text(name)), ("roles", .texts(roles))],
                          actor: actor, alsoWrite: { [db] in
                              try Credentials.setPasswordHash(db, user: user, hash: hash, at: Timestamp.now().description)
                          })
    }

    /// Gives an account a role (`RoleGranted`), in force from the next request.
    public func grant(_ role: String, to user: String, actor: String) throws -> Recorded {
        try record(.accountGrant, fields: [("user", .text(user)), ("role", .text(role))], actor: actor)
    }

    /// Takes a role from an account (`RoleRevoked`), in force from the next request.
    public func revoke(_ role: String, from user: String, actor: String) throws -> Recorded {
        try record(.accountRevoke, fields: [("user", .text(user)), ("role", .text(role))], actor: actor)
    }

    /// Closes an account (`AccountDisabled`) and ends its sessions, in one transaction.
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
        var token = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in token.indices { token[i] = UInt8.random(in: 0...255, using: &rng) }
        let expires = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + validFor)
        try door {
            try write {
                try Credentials.addSession(db, tokenHash: Self.tokenHash(token), user: user, createdAt: now.description,
                                           expiresAt: expires.description)
            }
        }
        return Session(token: hexString(token), caller: Caller(user: user, roles: Set(account.roles.map(\.rawValue))),
                       expiresAt: expires.description)
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
