#if canImport(Glibc)
import Glibc
#endif

/// Runs `background` on a second thread while `foreground` runs on this one, and returns both
/// results once both are done. For work on separate SQLite connections (each opened by the
/// closure that uses it), e.g. verify's chain check beside its replay.
func inParallel<A, B>(_ background: @escaping () throws -> A, _ foreground: () throws -> B) -> (Result<A, any Error>, Result<B, any Error>) {
    let box = ResultBox<A>()
    let thread = PosixThread { box.result = Result { try background() } }
    let started = thread.start()
    let b = Result { try foreground() }
    if started { thread.join() } else { box.result = Result { try background() } }
    return (box.result!, b)
}

private final class ResultBox<A>: @unchecked Sendable {
    var result: Result<A, any Error>?
}

/// A joinable POSIX thread running one closure; `@unchecked Sendable` because `join` is the
/// only synchronisation and the caller reads results only after it.
final class PosixThread: @unchecked Sendable {
    private let work: () -> Void
    private var handle = pthread_t()

    init(_ work: @escaping () -> Void) { self.work = work }

    func start() -> Bool {
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&handle, nil, { context in
            let thread = Unmanaged<PosixThread>.fromOpaque(context!).takeRetainedValue()
            thread.work()
            return nil
        }, context)
        if rc != 0 { Unmanaged<PosixThread>.fromOpaque(context).release() }
        return rc == 0
    }

    func join() { pthread_join(handle, nil) }
}

/// Chunks of work made on a second thread and consumed in order on this one (a bounded queue:
/// the producer waits when `capacity` chunks are ready and not yet taken). For the replay's
/// fold: the log is read and decoded on one core while the read tables are written on the other.
final class ChunkPipe<T>: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var ready: [[T]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 4) {
        self.capacity = capacity
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        lock.deallocate()
        changed.deallocate()
    }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }

    /// Hands one chunk over; false when the consumer has stopped (the producer should stop too).
    func put(_ chunk: [T]) -> Bool {
        locked {
            while ready.count >= capacity && !cancelled { pthread_cond_wait(changed, lock) }
            guard !cancelled else { return false }
            ready.append(chunk)
            pthread_cond_broadcast(changed)
            return true
        }
    }

    /// The producer is done, with the error that stopped it if any.
    func finish(_ error: (any Error)?) {
        locked {
            finished = true
            failure = error
            pthread_cond_broadcast(changed)
        }
    }

    /// The next chunk in order; nil once the producer finished and every chunk was taken. Throws
    /// the producer's error after the chunks made before it.
    func take() throws -> [T]? {
        let (chunk, error): ([T]?, (any Error)?) = locked {
            while ready.isEmpty && !finished { pthread_cond_wait(changed, lock) }
            if !ready.isEmpty {
                let chunk = ready.removeFirst()
                pthread_cond_broadcast(changed)
                return (chunk, nil)
            }
            return (nil, failure)
        }
        if let error { throw error }
        return chunk
    }

    /// The consumer stops early: a waiting producer is released and its next `put` says so.
    func cancel() {
        locked {
            cancelled = true
            ready.removeAll()
            pthread_cond_broadcast(changed)
        }
    }
}

/// Runs `produce` on a second thread, handing chunks to `consume` on this one in order. When
/// `consume` throws, the producer is stopped and joined before the error is rethrown; when
/// `produce` throws, its error is rethrown after every chunk it made was consumed. Without a
/// second thread (pthread_create failed) each chunk is consumed here as soon as it is made.
func pipelined<T>(produce: @escaping (_ emit: ([T]) -> Bool) throws -> Void, consume: ([T]) throws -> Void) throws {
    let pipe = ChunkPipe<T>()
    let thread = PosixThread {
        do {
            try produce { pipe.put($0) }
            pipe.finish(nil)
        } catch {
            pipe.finish(error)
        }
    }
    guard thread.start() else {
        var failure: (any Error)?
        try produce { chunk in
            do { try consume(chunk); return true } catch { failure = error; return false }
        }
        if let failure { throw failure }
        return
    }
    do {
        while let chunk = try pipe.take() { try consume(chunk) }
    } catch {
        pipe.cancel()
        thread.join()
        throw error
    }
    thread.join()
}
