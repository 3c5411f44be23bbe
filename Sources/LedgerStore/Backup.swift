import CSQLite

extension Database {
    /// Copies this database into a new file at `path` with SQLite's online backup API: a
    /// consistent snapshot, taken while other connections keep appending. The copy is written
    /// to `path + ".partial"` and renamed into place only when complete, so a failure never
    /// leaves a half-written copy under the real name.
    public func backup(to path: String, pagesPerStep: Int32 = 4096) throws {
        let partial = path + ".partial"
        unlink(partial)
        defer {
            unlink(partial + "-wal")
            unlink(partial + "-shm")
        }
        do {
            let destination = try Database(path: partial, mode: .readWriteCreate)
            guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
                throw destination.error(sqlite3_errcode(destination.handle), sql: nil)
            }
            var rc: Int32
            repeat {
                rc = sqlite3_backup_step(backup, pagesPerStep)
                if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(5) }
            } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
            let finish = sqlite3_backup_finish(backup)
            guard rc == SQLITE_DONE, finish == SQLITE_OK else {
                throw destination.error(rc == SQLITE_DONE ? finish : rc, sql: nil)
            }
            try destination.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            unlink(partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw SQLiteError(code: SQLITE_CANTOPEN, message: "cannot move the copy into place: \(reason)", sql: nil)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
