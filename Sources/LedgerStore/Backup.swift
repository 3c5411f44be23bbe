import CSQLite
#if canImport(Glibc)
import Glibc
#endif

extension Database {
    /// Copies this database into a new file at `path` with SQLite's online backup API: a
    /// consistent snapshot, taken while other connections keep appending. The copy is written
    /// to `path + ".partial"` and renamed into place only when complete, so a failure never
    /// leaves a half-written copy under the real name.
    ///
    /// The whole copy runs inside one read transaction of this connection: in WAL mode it does
    /// not block writers, and the snapshot it holds does not change between steps, so commits
    /// by other connections never restart the copy (without it, SQLite starts over after each
    /// one, and a backup under steady appends never ends). `progress` is called with the pages
    /// copied and the total after each step of `pagesPerStep` pages.
    public func backup(to path: String, pagesPerStep: Int32 = 1024,
                       progress: (_ copied: Int, _ total: Int) -> Void = { _, _ in }) throws {
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
            var rc: Int32 = SQLITE_OK
            do {
                try read {
                    // BEGIN DEFERRED takes no snapshot until something is read: a step would then
                    // open and close a read transaction of its own, as if none were held.
                    _ = try scalarInt("SELECT count(*) FROM sqlite_master")
                    repeat {
                        rc = sqlite3_backup_step(backup, pagesPerStep)
                        if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(5) }
                        let total = Int(sqlite3_backup_pagecount(backup))
                        progress(total - Int(sqlite3_backup_remaining(backup)), total)
                    } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
                }
            } catch {
                sqlite3_backup_finish(backup)
                throw error
            }
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
