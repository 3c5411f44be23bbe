import CSQLite

/// An error reported by SQLite: its extended result code, its message, and the SQL that failed
/// (never the bound values: ledger content can be personal).
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xff }

    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isUniqueViolation: Bool {
        code == DOCLEDGER_SQLITE_CONSTRAINT_UNIQUE || code == DOCLEDGER_SQLITE_CONSTRAINT_PRIMARYKEY
    }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}
