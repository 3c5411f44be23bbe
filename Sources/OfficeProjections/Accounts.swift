public import LedgerStore
public import OfficeDomain

/// An account as the read table holds it.
public struct AccountRow: Sendable, Equatable {
    public var user: String
    public var name: String
    public var roles: [Role]
    public var disabled: Bool
    /// The latest event about the account.
    public var seq: Int64
}

public enum AccountsQuery {
    /// Every account, by user name.
    public static func all(_ db: Database) throws -> [AccountRow] {
        let s = try db.prepare("SELECT user, name, roles, disabled, seq FROM p_accounts ORDER BY user")
        var out: [AccountRow] = []
        while try s.step() {
            out.append(AccountRow(user: s.text(0), name: s.text(1), roles: Role.set(s.text(2)).sorted(),
                                  disabled: s.int(3) != 0, seq: s.int64(4)))
        }
        return out
    }

    public static func one(_ db: Database, user: String) throws -> AccountRow? {
        let s = try db.prepare("SELECT user, name, roles, disabled, seq FROM p_accounts WHERE user = ?")
        try s.bind(user, at: 1)
        guard try s.step() else { return nil }
        return AccountRow(user: s.text(0), name: s.text(1), roles: Role.set(s.text(2)).sorted(), disabled: s.int(3) != 0, seq: s.int64(4))
    }
}
