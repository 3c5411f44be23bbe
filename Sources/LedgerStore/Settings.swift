/// The ledger's own settings (`ledger_meta`) and the file's schema version (`PRAGMA
/// user_version`): the only SQL about them.
extension Database {
    /// A stored setting, or nil when it was never set.
    public func setting(_ key: String) throws(SQLiteError) -> String? {
        let stmt = try prepare("SELECT value FROM ledger_meta WHERE key = ?")
        try stmt.bind(key, at: 1)
        guard try stmt.step() else { return nil }
        return stmt.text(0)
    }

    /// Stores a setting; call inside `write`.
    public func setSetting(_ key: String, to value: String) throws(SQLiteError) {
        let stmt = try prepare("INSERT OR REPLACE INTO ledger_meta (key, value) VALUES (?, ?)")
        try stmt.bind(key, at: 1)
        try stmt.bind(value, at: 2)
        try stmt.run()
    }

    /// The schema version the file says it has (0 for a file that is not a ledger yet).
    public func schemaVersion() throws(SQLiteError) -> Int64 {
        try scalarInt("PRAGMA user_version") ?? 0
    }

    public func setSchemaVersion(_ version: Int64) throws(SQLiteError) {
        try execute("PRAGMA user_version = \(version)")
    }

    /// SQLite's `integrity_check` of the whole file: every page and free list, and every index
    /// compared entry by entry with its table (`quick_check` skips that comparison, and the
    /// report reads covering indexes). Empty when it is fine, else up to `limit` findings.
    public func integrityProblems(limit: Int = 3, quick: Bool = false) throws(SQLiteError) -> [String] {
        // quick_check: pages and records, without checking each index against its table (O(N), not O(N log N)).
        let check = try prepare("PRAGMA \(quick ? "quick_check" : "integrity_check")(\(limit))")
        var problems: [String] = []
        while try check.step() {
            let result = check.text(0)
            if result != "ok" { problems.append(result) }
        }
        return problems
    }

    /// Rebuilds every index from its table.
    public func reindex() throws(SQLiteError) {
        try execute("REINDEX")
    }

    /// True when the database under schema name `schema` has a table called `name`.
    public func hasTable(_ name: String, schema: String = "main") throws(SQLiteError) -> Bool {
        let stmt = try prepare("SELECT 1 FROM \(schema).sqlite_master WHERE type = 'table' AND name = ?")
        try stmt.bind(name, at: 1)
        return try stmt.step()
    }

    /// No fsync at commit: for scratch databases and throwaway ledgers (fuzzing) only.
    public func skipSyncing() throws(SQLiteError) {
        try execute("PRAGMA synchronous = OFF")
    }

    /// Makes the database at `path` readable under the schema name `name` on this connection.
    public func attach(_ path: String, as name: String) throws(SQLiteError) {
        let attach = try prepare("ATTACH DATABASE ? AS \(name)")
        try attach.bind(path, at: 1)
        try attach.run()
    }

    public func detach(_ name: String) {
        try? execute("DETACH DATABASE \(name)")
    }
}
