/// Two copies of one table, on one connection under two schema names (e.g. a replay in `main`
/// and the ledger attached as `live`), compared row by row.
public struct TableComparison: Sendable, Equatable {
    /// Rows only in the first schema's table, and only in the second's.
    public var onlyFirst: Int
    public var onlySecond: Int
    public var isSame: Bool { onlyFirst == 0 && onlySecond == 0 }

    /// Both tables read in key order and compared row by row (no sorting, no temporary
    /// tables); only when a row differs are the rows on each side counted, with EXCEPT,
    /// which is much slower.
    public static func compare(_ db: Database, table: String, key: String,
                               _ first: String, _ second: String) throws(SQLiteError) -> TableComparison {
        if try sameRows(db, table: table, key: key, first, second) { return TableComparison(onlyFirst: 0, onlySecond: 0) }
        func only(_ a: String, _ b: String) throws(SQLiteError) -> Int {
            Int(try db.scalarInt("SELECT count(*) FROM (SELECT * FROM \(a).\(table) EXCEPT SELECT * FROM \(b).\(table))") ?? 0)
        }
        return TableComparison(onlyFirst: try only(first, second), onlySecond: try only(second, first))
    }

    static func sameRows(_ db: Database, table: String, key: String, _ first: String, _ second: String) throws(SQLiteError) -> Bool {
        let a = try db.prepare("SELECT * FROM \(first).\(table) ORDER BY \(key)")
        let b = try db.prepare("SELECT * FROM \(second).\(table) ORDER BY \(key)")
        while true {
            let hasA = try a.step(), hasB = try b.step()
            guard hasA == hasB else { return false }
            if !hasA { return true }
            guard a.sameRow(as: b) else { return false }
        }
    }
}
