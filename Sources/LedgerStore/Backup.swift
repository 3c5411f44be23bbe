import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// Why a backup's files could not be written (SQLite's own failures are `SQLiteError`s).
public enum BackupFileError: Error, Equatable, Sendable {
    /// The target already exists; a backup never overwrites.
    case targetExists(path: String)
    /// A journal, WAL or shared-memory file (`stale`) lies beside the target: SQLite would take
    /// it for the new copy's own.
    case staleFileBeside(target: String, stale: String)
    /// Another backup to the same target is running: it holds `partial`.
    case inProgress(partial: String)
    /// A file operation failed (`reason` is the system's).
    case failed(operation: String, path: String, reason: String)
}

extension Database {
    /// The SQLite files that may lie beside a database file at `path`.
    static func companions(of path: String) -> [String] { ["-journal", "-wal", "-shm"].map { path + $0 } }

    /// Copies this database into a new file at `path` with SQLite's online backup API: a
    /// consistent snapshot, taken while other connections keep appending.
    ///
    /// The whole copy runs inside one read transaction of this connection: in WAL mode it does
    /// not block writers, and the snapshot it holds does not change between steps, so commits
    /// by other connections never restart the copy (without it, SQLite starts over after each
    /// one, and a backup under steady appends never ends). `progress` is called with the pages
    /// copied and the total after each step of `pagesPerStep` pages.
    ///
    /// The copy is written to `path.partial` (created with mode 0600, given this file's
    /// permission bits when complete), checked by `check` on a connection to it, and only then
    /// renamed into place; on any failure it is removed. A `path.partial` left by a backup that
    /// was killed is removed first (`removedLeftover` is told); one held by a running backup
    /// is refused. With `removingPartialOnSignals`, SIGINT, SIGTERM or SIGHUP (when at their
    /// default action) remove it before they end the process.
    public func backup(to path: String, pagesPerStep: Int32 = 1024, removingPartialOnSignals: Bool = false,
                       removedLeftover: (String) -> Void = { _ in },
                       progress: (_ copied: Int, _ total: Int) -> Void = { _, _ in },
                       check: (Database) throws -> Void = { _ in }) throws {
        if isPresent(path) { throw BackupFileError.targetExists(path: path) }
        if let stale = Self.companions(of: path).first(where: isPresent) {
            throw BackupFileError.staleFileBeside(target: path, stale: stale)
        }
        // Signals held back while the file exists without a handler to remove it: one that
        // comes meanwhile is delivered once the handler is in place.
        let partial = try PartialCopyCleanup.holdingSignals(removingPartialOnSignals) {
            let partial = try PartialCopy.claim(path + ".partial", removedLeftover: removedLeftover)
            if removingPartialOnSignals { PartialCopyCleanup.arm(partial.names) }
            return partial
        }
        var moved = false
        defer {
            if !moved { partial.remove() }
            PartialCopyCleanup.disarm()
            partial.release()
        }
        try copy(into: partial.path, pagesPerStep: pagesPerStep, progress: progress, check: check)
        var source = stat()
        if stat(filename, &source) == 0 { fchmod(partial.fd, source.st_mode & 0o777) }
        fsync(partial.fd)
        // A signal from here on ends the process after the copy is in place (or removed).
        try PartialCopyCleanup.holdingSignals(removingPartialOnSignals) {
            // Checked again: the copy may have taken minutes, and a rename replaces what it finds.
            if isPresent(path) { throw BackupFileError.targetExists(path: path) }
            try partial.confirmStillAtItsPath()
            guard rename(partial.path, path) == 0 else {
                throw BackupFileError.failed(operation: "move the copy into place at", path: path, reason: String(cString: strerror(errno)))
            }
            moved = true
            PartialCopyCleanup.disarm()
            for companion in Self.companions(of: partial.path) { unlink(companion) }
        }
        syncFolder(of: path)
    }

    /// The copy itself, on a connection to `partial` that is closed when this returns.
    private func copy(into partial: String, pagesPerStep: Int32, progress: (Int, Int) -> Void,
                      check: (Database) throws -> Void) throws {
        let destination = try Database(path: partial, mode: .readWrite)
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
        try check(destination)
    }
}

/// True when something (a file, a folder, a dangling link) has that name.
private func isPresent(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
}

/// Makes a rename in the folder of `path` survive a power cut (best effort).
private func syncFolder(of path: String) {
    let folder: String
    if let slash = path.lastIndex(of: "/") {
        folder = slash == path.startIndex ? "/" : String(path[..<slash])
    } else {
        folder = "."
    }
    let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd >= 0 {
        fsync(fd)
        close(fd)
    }
}

/// A backup's unfinished copy, `FILE.partial`: created new, and held with an exclusive `flock`
/// for as long as the backup runs, so that a later backup can tell a running one (refused)
/// from a file left by one that was killed (removed: the kernel dropped its lock).
private final class PartialCopy {
    let path: String
    let fd: Int32
    /// The partial copy and the SQLite files that may lie beside it.
    var names: [String] { [path] + Database.companions(of: path) }

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    static func claim(_ path: String, removedLeftover: (String) -> Void) throws(BackupFileError) -> PartialCopy {
        func failure(_ operation: String) -> BackupFileError {
            .failed(operation: operation, path: path, reason: String(cString: strerror(errno)))
        }
        // A few rounds: another backup may create or remove the file between two calls here.
        for _ in 0..<3 {
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                    close(fd)
                    throw .inProgress(partial: path)
                }
                // SQLite files beside a new partial copy are an earlier one's: a journal or WAL
                // left there would be read as the new copy's own.
                let stale = Database.companions(of: path).filter(isPresent)
                for name in stale { unlink(name) }
                if let first = stale.first { removedLeftover(first) }
                return PartialCopy(path: path, fd: fd)
            }
            guard errno == EEXIST else { throw failure("create") }
            let existing = open(path, O_RDONLY | O_CLOEXEC)
            if existing < 0 {
                if errno == ENOENT { continue }
                throw failure("open")
            }
            defer { close(existing) }
            guard flock(existing, LOCK_EX | LOCK_NB) == 0 else { throw .inProgress(partial: path) }
            // Nobody holds it: left by a backup that was killed.
            for name in [path] + Database.companions(of: path) { unlink(name) }
            removedLeftover(path)
        }
        throw .inProgress(partial: path)
    }

    /// Throws unless `path` still names the file this backup created (nobody removed or
    /// replaced it meanwhile): the rename must move this copy and no other.
    func confirmStillAtItsPath() throws(BackupFileError) {
        var mine = stat(), there = stat()
        guard fstat(fd, &mine) == 0, lstat(path, &there) == 0, mine.st_dev == there.st_dev, mine.st_ino == there.st_ino else {
            throw .failed(operation: "move the copy into place from", path: path,
                          reason: "it was removed or replaced by another process during the backup")
        }
    }

    /// Removes the unfinished copy and the SQLite files beside it, if `path` is still ours.
    func remove() {
        guard (try? confirmStillAtItsPath()) != nil else { return }
        for name in names { unlink(name) }
    }

    /// Closes the file, and with it the lock. Only once every SQLite connection to it is
    /// closed: closing any descriptor of a file drops the process's POSIX locks on it.
    func release() { close(fd) }
}

/// What a signal handler may read: C strings made before it is installed.
nonisolated(unsafe) private var partialCopyNames: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
nonisolated(unsafe) private var partialCopySignals: [Int32] = []

/// Removes a backup's unfinished files when SIGINT, SIGTERM or SIGHUP ends the process, then
/// lets the signal do what it would have done. Only signals at their default action are
/// handled: an ignored one stays ignored, a program's own handler stays its own.
private enum PartialCopyCleanup {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// Runs `body` with `signals` blocked (when `enabled`); one that comes meanwhile is
    /// delivered when they are unblocked, after `body`.
    static func holdingSignals<T>(_ enabled: Bool, _ body: () throws -> T) throws -> T {
        guard enabled else { return try body() }
        var held = sigset_t(), previous = sigset_t()
        sigemptyset(&held)
        for signo in signals { sigaddset(&held, signo) }
        pthread_sigmask(SIG_BLOCK, &held, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    static func arm(_ paths: [String]) {
        disarm()
        let names = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: paths.count + 1)
        for (i, path) in paths.enumerated() { names[i] = strdup(path) }
        names[paths.count] = nil
        partialCopyNames = names
        for signo in signals {
            // SIG_DFL is the null handler; SIG_IGN and a program's own are not.
            if let previous = signal(signo, removePartialCopyAndResignal) {
                signal(signo, previous)
            } else {
                partialCopySignals.append(signo)
            }
        }
    }

    static func disarm() {
        for signo in partialCopySignals { signal(signo, SIG_DFL) }
        partialCopySignals = []
        guard let names = partialCopyNames else { return }
        partialCopyNames = nil
        var i = 0
        while let name = names[i] {
            free(name)
            i += 1
        }
        names.deallocate()
    }
}

/// The handler: only async-signal-safe calls (unlink, signal, raise).
private func removePartialCopyAndResignal(_ signo: Int32) {
    if let names = partialCopyNames {
        var i = 0
        while let name = names[i] {
            unlink(name)
            i += 1
        }
    }
    signal(signo, SIG_DFL)
    raise(signo)
}
