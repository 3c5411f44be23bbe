import LedgerJSON

/// What a person may do in the office's ledger. An account may hold several roles; everyone
/// logged in may read reports and history.
public enum Role: String, CaseIterable, Sendable, Comparable {
    /// Văn thư: receives, issues, recalls and corrects documents.
    case clerk
    /// Chuyên viên: reports progress on directives; registers, reschedules and submits programme items.
    case officer
    /// Lãnh đạo: issues, extends, completes and cancels directives; approves and withdraws items.
    case leader
    /// Thanh tra: reads everything, verifies, takes digests and exports.
    case inspector
    /// Accounts and roles.
    case admin

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The roles as stored: comma-separated, in this order.
    public static func text(_ roles: Set<Role>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// The roles of a stored text (unknown names are dropped).
    public static func set(_ text: String) -> Set<Role> {
        Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }

    /// Parses `clerk,officer`; throws naming the unknown role.
    public static func list(_ text: String, field: String) throws(DomainError) -> [Role] {
        var roles: [Role] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(part).trimmingSpaces()
            guard let role = Role(rawValue: name) else {
                throw DomainError(field: field, reason: "unknown role \"\(name)\" (roles: \(allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !roles.contains(role) { roles.append(role) }
        }
        return roles.sorted()
    }
}

extension EventType {
    /// The role an event of this type needs when it arrives through the server (the CLI is
    /// used by whoever holds the file). Nil: no role may append it there.
    public var roleNeeded: Role? {
        switch self {
        case .documentReceived, .documentIssued, .documentRecalled, .documentCorrected: return .clerk
        // The văn thư records an incoming document's answer and its closing (a choice: the
        // answer is an outgoing document the clerk issues); leadership routes it; units report.
        case .incomingAnswered, .incomingClosed: return .clerk
        case .directiveProgressReported, .programmeItemRegistered, .programmeItemRescheduled, .programmeItemSubmitted,
             .incomingProgressReported: return .officer
        case .directiveIssued, .directiveDeadlineExtended, .directiveCompleted, .directiveCancelled,
             .programmeItemApproved, .programmeItemWithdrawn, .incomingAssigned: return .leader
        case .accountCreated, .roleGranted, .roleRevoked, .accountDisabled: return .admin
        // Signing for the office is the ledger keeper's act (the key stays with them); an
        // inspector checks checkpoints offline and needs no role in the ledger to do so.
        case .checkpointSigned: return .admin
        case .seriesConfigured: return nil
        }
    }
}

/// A user name: lowercase ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit,
/// at most 64 bytes (`vanthu.nguyen`): what people type at a login prompt.
public enum UserName {
    public static func check(_ text: String, field: String) throws(DomainError) -> String {
        let bytes = Array(text.utf8)
        let allowed = bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        guard !bytes.isEmpty, bytes.count <= 64, allowed, let first = bytes.first, first != 0x2E, first != 0x5F, first != 0x2D else {
            throw DomainError(field: field, reason: "\"\(text)\" is not a user name: 1 to 64 lowercase letters a–z, digits, '.', '_' or '-', starting with a letter or digit")
        }
        return text
    }
}

/// An account opened for a person, with the roles they start with.
public struct AccountCreated: Equatable, Sendable {
    public var user: String
    public var name: String
    public var roles: [Role]
}

/// A role given to or taken from an account, or the account closed.
public struct AccountChanged: Equatable, Sendable {
    public enum Kind: String, Sendable { case granted, revoked, disabled }
    public var kind: Kind
    public var user: String
    /// The role granted or revoked; nil when the account is disabled.
    public var role: Role?
    public var reason: String?
}

extension AccountCreated {
    init(reading r: inout FieldReader) throws(DomainError) {
        user = try UserName.check(try r.text("user"), field: "data.user")
        name = try r.text("name")
        let list = try r.optionalTextList("roles") ?? []
        guard !list.isEmpty else { throw DomainError(field: "data.roles", reason: "missing (an account has at least one role)") }
        roles = try Role.list(list.joined(separator: ","), field: "data.roles")
    }
}

extension AccountChanged {
    init(_ kind: Kind, reading r: inout FieldReader) throws(DomainError) {
        self.kind = kind
        user = try UserName.check(try r.text("user"), field: "data.user")
        if kind == .disabled {
            role = nil
            reason = try r.optionalText("reason")
        } else {
            let text = try r.text("role")
            guard let role = Role(rawValue: text) else {
                throw DomainError(field: "data.role", reason: "unknown role \"\(text)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            self.role = role
            reason = nil
        }
    }
}

/// What the rules need to know of an account.
public struct AccountState: Equatable, Sendable {
    public var roles: Set<Role>
    public var disabled: Bool
    public init(roles: Set<Role>, disabled: Bool) {
        self.roles = roles
        self.disabled = disabled
    }
}
