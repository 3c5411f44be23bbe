import DocLedgerKit
#if canImport(Glibc)
import Glibc
#endif

/// The server's connections to one ledger file: one writer, through which every append goes
/// (a `Ledger` is one SQLite connection and not thread-safe), and a few readers (WAL readers
/// never block the writer, nor each other).
///
/// Writes are committed in groups (`write`): every request waiting while the writer commits
/// goes into the next transaction, each in its own savepoint.
final class Ledgers: Sendable {
    let path: String
    private let writer: LedgerLane
    private let readers: [LedgerLane]
    /// Requests in flight per reader: a request goes to the least busy one.
    private let load: Locked<[Int]>

    /// Opens the writer (an existing ledger: a missing or unusable one is refused here, before the
    /// server listens); readers open on their first request.
    init(_ settings: ServerSettings) async throws {
        path = settings.ledgerPath
        writer = LedgerLane(path: path, access: .write, durable: settings.durable, lockWait: settings.lockWaitSeconds, name: "ledger-writer")
        let count = max(1, settings.readers)
        readers = (0..<count).map { LedgerLane(path: settings.ledgerPath, access: .read, durable: true, name: "ledger-reader-\($0)") }
        load = Locked(Array(repeating: 0, count: count))
        try await writer.open()
    }

    /// Runs `body` on the writer, committed with whatever other writes are waiting (group
    /// commit): the writer takes every request that arrived while it was busy, runs each in a
    /// savepoint of its own (all or nothing on its own, in arrival order), commits them in one
    /// durable transaction — one fsync for all — and only then answers each.
    func write<T: Sendable>(_ body: sending @escaping (Ledger) throws -> T) async throws -> T {
        let box = ResultBox<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = GroupJob(run: { ledger in box.result = Result { try body(ledger) } },
                               finish: { error in
                                   if let error { continuation.resume(throwing: error) } else { continuation.resume(with: box.result!) }
                               })
            let start = queue.withLock { state -> Bool in
                state.jobs.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Commits the waiting writes, group after group, until none are left.
    private func drain() async {
        while true {
            let jobs = queue.withLock { state -> [GroupJob] in
                let jobs = state.jobs
                state.jobs = []
                if jobs.isEmpty { state.draining = false }
                return jobs
            }
            if jobs.isEmpty { return }
            var failure: (any Error)?
            do {
                try await writer.run { ledger in try ledger.inOneTransaction(jobs.map { job in { job.run(ledger) } }) }
            } catch {
                failure = error   // the transaction itself failed: none of the group's writes stay
            }
            for job in jobs { job.finish(failure) }
        }
    }

    /// Writes waiting for the writer, and whether a drain is under way.
    private let queue = Locked<(jobs: [GroupJob], draining: Bool)>(([], false))

    /// Runs `body` on the least busy reader.
    func read<T: Sendable>(_ body: sending (Ledger) throws -> T) async throws -> T {
        let index = load.withLock { load in
            let index = load.indices.min { load[$0] < load[$1] }!
            load[index] += 1
            return index
        }
        defer { load.withLock { $0[index] -= 1 } }
        return try await readers[index].run(body)
    }

    /// A reader of its own, on a thread of its own, for one long read (an export): it does not
    /// hold up the shared readers while a slow client takes its time.
    func dedicatedReader() async throws -> LedgerLane {
        let lane = LedgerLane(path: path, access: .read, durable: true, name: "ledger-export")
        try await lane.open()
        return lane
    }

    /// Closes every connection (the writer's last close folds the WAL into the file). Requests
    /// arriving after this are refused as the ledger being unusable.
    func close() async {
        await writer.close()
        for reader in readers { await reader.close() }
    }
}

/// One `Ledger` and the thread it is used on: its jobs run one at a time on a thread of its
/// own, so a blocking SQLite call (an fsync, a writer waiting for another process's lock) never
/// blocks a thread of Swift's cooperative pool, which has only as many threads as cores.
actor LedgerLane {
    nonisolated let executor: ThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    let path: String
    let access: LedgerAccess
    let durable: Bool
    let lockWait: Double?
    private var ledger: Ledger?
    private var closed = false

    init(path: String, access: LedgerAccess, durable: Bool, lockWait: Double? = nil, name: String) {
        self.path = path
        self.access = access
        self.durable = durable
        self.lockWait = lockWait
        executor = ThreadExecutor(name: name)
    }

    deinit { executor.stop() }

    /// Opens the connection now, so that a ledger that cannot be used is refused at once.
    func open() throws { _ = try opened() }

    private func opened() throws -> Ledger {
        if let ledger { return ledger }
        guard !closed else { throw LedgerUnusable("the server is shutting down") }
        let ledger = try Ledger(path: path, access: access, durable: durable)
        if let lockWait { ledger.lockWaitSeconds = lockWait }
        self.ledger = ledger
        return ledger
    }

    func run<T: Sendable>(_ body: sending (Ledger) throws -> T) throws -> T {
        try body(try opened())
    }

    func close() {
        ledger = nil
        closed = true
    }
}

/// A serial executor that runs its jobs on one thread of its own, until stopped.
final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var jobs: [UnownedJob] = []
    private var next = 0
    private var stopped = false

    init(name: String) {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { argument in
            Unmanaged<ThreadExecutor>.fromOpaque(argument!).takeRetainedValue().loop()
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
        precondition(started == 0, "cannot start a thread for \(name)")
        pthread_detach(thread)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(&mutex)
        jobs.append(job)
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Lets the thread end once the jobs already queued have run.
    func stop() {
        pthread_mutex_lock(&mutex)
        stopped = true
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    private func loop() {
        while true {
            pthread_mutex_lock(&mutex)
            while next == jobs.count && !stopped { pthread_cond_wait(&condition, &mutex) }
            if next == jobs.count {
                pthread_mutex_unlock(&mutex)
                return
            }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            pthread_mutex_unlock(&mutex)
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var value: Value

    init(_ value: Value) {
        self.value = value
        pthread_mutex_init(&mutex, nil)
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body(&value)
    }
}

/// One write waiting for the writer: what to run, and how to answer once its group committed.
final class GroupJob: @unchecked Sendable {
    let run: (Ledger) -> Void
    let finish: ((any Error)?) -> Void
    init(run: @escaping (Ledger) -> Void, finish: @escaping ((any Error)?) -> Void) {
        self.run = run
        self.finish = finish
    }
}

/// A job's result, set on the writer's thread before its group commits and read after.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
