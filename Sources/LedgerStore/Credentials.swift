/// Passwords and sessions: kept in the ledger file but outside the chain (never exported,
/// never printed, not folded by replay). Only hashes are stored: a bcrypt hash of a password,
/// a SHA-256 of a session token.
public enum Credentials {
    public static func setPasswordHash(_ db: Database, user: String, hash: String, at moment: String) throws(SQLiteError) {
        let s = try db.prepare("INSERT OR REPLACE INTO credentials (user, password_hash, changed_at) VALUES (?, ?, ?)")
        try s.bind(user, at: 1)
        try s.bind(hash, at: 2)
        try s.bind(moment, at: 3)
        try s.run()
    }

    public static func passwordHash(_ db: Database, user: String) throws(SQLiteError) -> String? {
        let s = try db.prepare("SELECT password_hash FROM credentials WHERE user = ?")
        try s.bind(user, at: 1)
        return try s.step() ? s.text(0) : nil
    }

    public static func addSession(_ db: Database, tokenHash: [UInt8], user: String, createdAt: String,
                                  expiresAt: String) throws(SQLiteError) {
        let s = try db.prepare("INSERT INTO sessions (token_hash, user, created_at, expires_at) VALUES (?, ?, ?, ?)")
        try s.bind(blob: tokenHash, at: 1)
        try s.bind(user, at: 2)
        try s.bind(createdAt, at: 3)
        try s.bind(expiresAt, at: 4)
        try s.run()
    }

    /// The user and expiry of a session, if there is one with this token hash.
    public static func session(_ db: Database, tokenHash: [UInt8]) throws(SQLiteError) -> (user: String, expiresAt: String)? {
        let s = try db.prepare("SELECT user, expires_at FROM sessions WHERE token_hash = ?")
        try s.bind(blob: tokenHash, at: 1)
        return try s.step() ? (s.text(0), s.text(1)) : nil
    }

    public static func removeSession(_ db: Database, tokenHash: [UInt8]) throws(SQLiteError) {
        let s = try db.prepare("DELETE FROM sessions WHERE token_hash = ?")
        try s.bind(blob: tokenHash, at: 1)
        try s.run()
    }

    /// Ends every session of a user (a new password, a disabled account) and every expired one.
    public static func removeSessions(_ db: Database, user: String, expiredBefore moment: String) throws(SQLiteError) {
        let s = try db.prepare("DELETE FROM sessions WHERE user = ? OR expires_at < ?")
        try s.bind(user, at: 1)
        try s.bind(moment, at: 2)
        try s.run()
    }
}
