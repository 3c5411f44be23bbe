#if canImport(Glibc)
import Glibc
#endif

/// Hands chunks from a thread that produces them synchronously (an export reading the log in
/// one snapshot) to an async consumer (the response body), a few at a time: the producer waits
/// while the pipe is full, so memory stays flat however slow the client is.
final class ChunkPipe: @unchecked Sendable {
    /// Thrown to the producer once the consumer is gone (the client disconnected).
    struct Cancelled: Error {}

    private var mutex = pthread_mutex_t()
    private var roomFreed = pthread_cond_t()
    private let capacity: Int
    private var chunks: [[UInt8]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var consumer: CheckedContinuation<[UInt8]?, any Error>?

    init(capacity: Int = 4) {
        self.capacity = capacity
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&roomFreed, nil)
    }

    /// Producer: waits for room, then passes `chunk` on.
    func put(_ chunk: [UInt8]) throws(Cancelled) {
        pthread_mutex_lock(&mutex)
        while chunks.count >= capacity && !cancelled { pthread_cond_wait(&roomFreed, &mutex) }
        guard !cancelled else {
            pthread_mutex_unlock(&mutex)
            throw Cancelled()
        }
        if let waiting = consumer {
            consumer = nil
            pthread_mutex_unlock(&mutex)
            waiting.resume(returning: chunk)
        } else {
            chunks.append(chunk)
            pthread_mutex_unlock(&mutex)
        }
    }

    /// Producer: no more chunks; `error` when it stopped on one.
    func finish(_ error: (any Error)? = nil) {
        pthread_mutex_lock(&mutex)
        finished = true
        failure = error
        let waiting = consumer
        consumer = nil
        pthread_mutex_unlock(&mutex)
        if let waiting {
            if let error { waiting.resume(throwing: error) } else { waiting.resume(returning: nil) }
        }
    }

    /// Consumer: the next chunk, or nil at the end.
    func next() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, any Error>) in
            pthread_mutex_lock(&mutex)
            if !chunks.isEmpty {
                let chunk = chunks.removeFirst()
                pthread_cond_signal(&roomFreed)
                pthread_mutex_unlock(&mutex)
                continuation.resume(returning: chunk)
            } else if finished {
                let error = failure
                pthread_mutex_unlock(&mutex)
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
            } else {
                consumer = continuation
                pthread_mutex_unlock(&mutex)
            }
        }
    }

    /// Consumer: stops the producer at its next chunk.
    func cancel() {
        pthread_mutex_lock(&mutex)
        cancelled = true
        pthread_cond_broadcast(&roomFreed)
        pthread_mutex_unlock(&mutex)
    }
}
