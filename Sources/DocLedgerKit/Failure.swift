import LedgerStore
import OfficeDomain
import OfficeProjections

/// An error a front end shows as it is: one message (`description`) and what it means, as the
/// CLI's exit code (and, for the server, an HTTP status). Every error the `Ledger` API throws
/// conforms; anything else reaching a front end is a bug.
public protocol LedgerFailure: Error, CustomStringConvertible {
    /// 1 rejected input or a failed check, 2 usage, 3 the ledger cannot be used.
    var exitCode: Int32 { get }
    /// What the failure means, finer than the exit code: what a front end that is not a
    /// process answers with (the server's status codes).
    var kind: FailureKind { get }
}

/// What a failure means to a front end: one name per answer it can give.
public enum FailureKind: Sendable, Equatable {
    /// Input the ledger refuses (the rules, a malformed event).
    case rejected
    /// Someone appended to the stream first (an `expected_version` that no longer holds).
    case conflict
    /// The directive, programme item or document named does not exist.
    case notFound
    /// A request that cannot be carried out as asked (a malformed period, an unreadable input).
    case usage
    /// Locked by other writers past the retry bound: try again later.
    case busy
    /// The ledger cannot be used at all (missing, damaged, read-only, newer).
    case unusable
}

extension LedgerFailure {
    public var kind: FailureKind {
        switch exitCode {
        case 2: return .usage
        case 3: return .unusable
        default: return .rejected
        }
    }
}

/// Why a ledger could not be used at all (exit 3): missing, locked too long, damaged, not a ledger.
public struct LedgerUnusable: LedgerFailure {
    public let description: String
    /// Locked by other writers past the retry bound (the file itself is fine).
    public let isBusy: Bool
    public var exitCode: Int32 { 3 }
    public var kind: FailureKind { isBusy ? .busy : .unusable }
    public init(_ description: String, busy: Bool = false) {
        self.description = description
        isBusy = busy
    }
}

/// Input the ledger refuses (exit 1): one or more problems, each a field and a reason.
public struct Rejected: LedgerFailure {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public let field: String
        public let reason: String
        public var description: String { "\(field): \(reason)" }
    }
    public let problems: [Problem]
    public let description: String
    /// The subject named (a directive, an item, a document) does not exist.
    let isUnknownSubject: Bool
    public var exitCode: Int32 { 1 }
    public var kind: FailureKind {
        if isUnknownSubject { return .notFound }
        return problems.contains { $0.field == "expected_version" } ? .conflict : .rejected
    }

    public init(field: String, reason: String) { self.init([Problem(field: field, reason: reason)]) }
    /// Problems printed one per line, `field: reason`.
    init(_ problems: [Problem], unknownSubject: Bool = false) {
        self.problems = problems
        description = problems.map(\.description).joined(separator: "\n")
        isUnknownSubject = unknownSubject
    }
    /// One sentence about the request as a whole, kept with the field it concerns.
    init(message: String, field: String, unknownSubject: Bool = false) {
        problems = [Problem(field: field, reason: message)]
        description = message
        isUnknownSubject = unknownSubject
    }
    init(_ error: DomainError) { self.init(field: error.field, reason: error.reason) }
}

/// A request that cannot be carried out as asked (exit 2): a malformed argument, a file that
/// cannot be read, a target that already exists. The sentence says what to give instead.
public struct UsageProblem: LedgerFailure {
    /// The argument it concerns (`period`, `as_of`), when it is about one.
    public let field: String?
    public let reason: String
    public var exitCode: Int32 { 2 }
    public var description: String { field.map { "\($0): \(reason)" } ?? reason }
    public init(_ reason: String) { field = nil; self.reason = reason }
    public init(field: String, reason: String) { self.field = field; self.reason = reason }
}

/// A request to change which doc types share a number series on a ledger that already
/// numbered documents with another setting (rejected input, not a broken ledger).
/// A checkpoint or a proof that does not hold for this ledger (a failed check: exit 1).
public struct CheckpointMismatch: LedgerFailure {
    public let description: String
    public var exitCode: Int32 { 1 }
    public init(_ description: String) { self.description = description }
}

public struct SeriesSettingLocked: LedgerFailure {
    public let description: String
    public var exitCode: Int32 { 1 }
}

extension Ledger {
    /// The door every public verb goes through: errors from the layers below become the
    /// failures a front end can show (an SQLite failure mid-command means the file is
    /// damaged, read-only, full or locked).
    static func translatingErrors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as LedgerFailure {
            throw failure
        } catch let error as SQLiteError {
            throw LedgerUnusable(LedgerFile.unusable(path, error).description, busy: error.isBusy)
        } catch let error as LedgerFileError {
            throw LedgerUnusable(error.description)
        } catch let error as DomainError {
            throw Rejected(error)
        } catch let error as HistoryError {
            throw Rejected(message: error.description, field: "id", unknownSubject: true)
        } catch let error as MerkleTreeDamaged {
            throw LedgerUnusable(error.description)
        }
    }

    func door<T>(_ body: () throws -> T) throws -> T {
        try Self.translatingErrors(path: path, body)
    }
}
