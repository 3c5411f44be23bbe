// Public only so that the @inlinable wrappers can be inlined into callers; nothing above
// LedgerStore imports CSQLite itself.
public import CSQLite

/// A prepared statement: bind, step, read columns, reset. Finalized when released.
/// A statement whose step failed is reset before its next use.
public final class Statement {
    @usableFromInline let handle: OpaquePointer
    @usableFromInline unowned let database: Database
    public let sql: String

    init(database: Database, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Binding (1-based indexes, as in SQLite)

    @inlinable
    public func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    @inlinable
    public func bind(_ value: Int, at index: Int32) throws(SQLiteError) {
        try bind(Int64(value), at: index)
    }

    @inlinable
    public func bind(_ value: Bool, at index: Int32) throws(SQLiteError) {
        try bind(Int64(value ? 1 : 0), at: index)
    }

    /// Binds text; an empty string stays an empty string, never NULL.
    @inlinable
    public func bind(_ value: String, at index: Int32) throws(SQLiteError) {
        var value = value
        let rc = value.withUTF8 { buffer -> Int32 in
            if buffer.count == 0 {
                return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
            }
            return sqlite3_bind_text(handle, index, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                                     Int32(buffer.count), sqliteTransient)
        }
        try check(rc)
    }

    @inlinable
    public func bind(_ value: String?, at index: Int32) throws(SQLiteError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    @inlinable
    public func bind(_ value: Int64?, at index: Int32) throws(SQLiteError) {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    /// Binds a blob; an empty array is stored as an empty blob, never NULL.
    @inlinable
    public func bind(blob value: [UInt8], at index: Int32) throws(SQLiteError) {
        let rc = value.withUnsafeBytes { buffer -> Int32 in
            if buffer.count == 0 { return sqlite3_bind_zeroblob(handle, index, 0) }
            return sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), sqliteTransient)
        }
        try check(rc)
    }

    @inlinable
    public func bindNull(at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, index))
    }

    @inlinable
    func check(_ rc: Int32) throws(SQLiteError) {
        if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
    }

    // MARK: Stepping

    /// Advances to the next row: true when a row is available, false when done.
    @inlinable @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let error = database.error(rc, sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    /// Resets for reuse and clears bindings.
    @inlinable
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Runs a statement that returns no rows, then resets it.
    @inlinable
    public func run() throws(SQLiteError) {
        defer { reset() }
        _ = try step()
    }

    // MARK: Columns (0-based indexes, as in SQLite)

    @inlinable public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    @inlinable public func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    @inlinable public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    @inlinable
    public func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    @inlinable
    public func optionalText(_ column: Int32) -> String? {
        isNull(column) ? nil : text(column)
    }

    @inlinable
    public func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The raw bytes of a text or blob column, valid until the next step or reset.
    @inlinable
    public func withBytes<R>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// True when the current rows of two statements hold the same values, column by column
    /// (same storage class; same integer, real, or bytes).
    public func sameRow(as other: Statement) -> Bool {
        let count = columnCount
        guard other.columnCount == count else { return false }
        for column in 0..<count {
            let type = sqlite3_column_type(handle, column)
            guard type == sqlite3_column_type(other.handle, column) else { return false }
            switch type {
            case SQLITE_NULL: continue
            case SQLITE_INTEGER: guard int64(column) == other.int64(column) else { return false }
            case SQLITE_FLOAT: guard sqlite3_column_double(handle, column) == sqlite3_column_double(other.handle, column) else { return false }
            default:
                let same = withBytes(column) { a in other.withBytes(column) { b in a.elementsEqual(b) } }
                guard same else { return false }
            }
        }
        return true
    }
}
