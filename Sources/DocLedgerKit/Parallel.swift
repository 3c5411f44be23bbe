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
private final class PosixThread: @unchecked Sendable {
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
