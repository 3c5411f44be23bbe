#if canImport(Glibc)
import Glibc
#endif

/// Reads a file descriptor line by line through one reused buffer, so memory stays flat
/// whatever the input size. Lines longer than `maxLineBytes` are skipped and reported.
public final class LineReader {
    public enum Line {
        case bytes(UnsafeRawBufferPointer)   // valid until the next call
        case tooLong(Int)                     // the line's length in bytes
    }

    /// Fills the buffer from the input: the count read, 0 at the end.
    private let source: (UnsafeMutableRawBufferPointer) throws(LineReaderError) -> Int
    private let maxLineBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0, end = 0
    private var eof = false
    public private(set) var bytesRead: Int64 = 0
    public private(set) var lineNumber = 0

    public convenience init(fd: Int32, maxLineBytes: Int = 1 << 20) {
        self.init(maxLineBytes: maxLineBytes) { (into: UnsafeMutableRawBufferPointer) throws(LineReaderError) -> Int in
            while true {
                let n = read(fd, into.baseAddress!, into.count)
                if n >= 0 { return n }
                if errno != EINTR { throw LineReaderError(errno: errno) }
            }
        }
    }

    /// Reads lines from any source of bytes (a request body, a test's failing input): `read`
    /// fills the buffer it is given and returns the count, 0 at the end.
    public init(maxLineBytes: Int = 1 << 20, read: @escaping (UnsafeMutableRawBufferPointer) throws(LineReaderError) -> Int) {
        source = read
        self.maxLineBytes = maxLineBytes
        buffer = .allocate(byteCount: max(maxLineBytes * 2, 1 << 16), alignment: 8)
    }

    /// Reads lines from bytes already in memory (a typed verb's one event).
    public init(bytes: [UInt8], maxLineBytes: Int = 1 << 20) {
        source = { _ in 0 }
        self.maxLineBytes = maxLineBytes
        buffer = .allocate(byteCount: max(bytes.count + 1, 64), alignment: 8)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        end = bytes.count
        eof = true
        bytesRead = Int64(bytes.count)
    }

    deinit { buffer.deallocate() }

    /// The next line without its newline (and without a trailing CR), or nil at the end.
    public func next() throws(LineReaderError) -> Line? {
        var skipping = 0   // > 0 while discarding an overlong line
        while true {
            if let newline = findNewline() {
                let lineStart = start
                start = newline + 1
                lineNumber += 1
                if skipping > 0 { return .tooLong(skipping + (newline - lineStart)) }
                var lineEnd = newline
                if lineEnd > lineStart, buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                if lineEnd - lineStart > maxLineBytes { return .tooLong(lineEnd - lineStart) }
                return .bytes(UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd]))
            }
            if eof {
                guard start < end || skipping > 0 else { return nil }
                let lineStart = start
                start = end
                lineNumber += 1
                if skipping > 0 || end - lineStart > maxLineBytes { return .tooLong(skipping + end - lineStart) }
                var lineEnd = end
                if lineEnd > lineStart, buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                return .bytes(UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd]))
            }
            if end - start > maxLineBytes {
                // Too long to keep: count it and drop what we have.
                skipping += end - start
                start = 0
                end = 0
            } else if start > 0 {
                // Move the partial line to the front to make room.
                let count = end - start
                if count > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, count) }
                start = 0
                end = count
            }
            let n = try source(UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { eof = true } else { end += n; bytesRead += Int64(n) }
        }
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        let base = buffer.baseAddress!
        if let found = memchr(base + start, 10, end - start) {
            return base.distance(to: UnsafeMutableRawPointer(found))
        }
        return nil
    }
}

/// The input could not be read (an I/O error, a folder given as a file): the system's reason.
public struct LineReaderError: Error, CustomStringConvertible {
    public let errno: Int32
    public init(errno: Int32) { self.errno = errno }
    public var description: String { String(cString: strerror(errno)) }
}
