import LedgerJSON
public import LedgerStore
import OfficeDomain
import OfficeProjections
import Transparency

/// One refused input line: printed as `line L: <field>: <reason>`.
public struct LineProblem: Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let field: String
    public let reason: String
    public var description: String { "line \(line): \(field): \(reason)" }
}

public struct AppendOptions {
    /// Lines per transaction; nil: the whole input is one transaction.
    public var batchSize: Int?
    /// The actor of events whose line names none; `append` checks it as the envelope's
    /// `actor` (a usage problem when refused) and stores it in NFC.
    public var actor: String
    /// When set, a line naming an `actor` other than `actor` is refused with this reason (the
    /// server: the actor is whoever logged in, never what the line says).
    public var otherActorRefusal: String?
    /// When set, every event's type must be one the caller's roles allow (the server): one
    /// that is not refuses the whole input with `Forbidden`, naming the type and the role.
    public var caller: Caller?
    /// Stop reading after this many problems.
    public var maxProblems = 100
    /// The clock that stamps events given no `recorded_at`.
    public var clock: () -> Timestamp = Timestamp.now
    /// Called with the events read so far (appended or duplicate) and the input's bytes read up
    /// to them, after each committed batch and every 4.096 lines inside a batch.
    public var onProgress: ((_ events: Int, _ bytesRead: Int64) -> Void)?
    /// Read and decode the input on a second thread, ahead of the writer (a bulk import: the
    /// parsing of one line overlaps the writing of the one before it). The input may then be
    /// read a little past the line where a refused batch stops.
    public var readAhead = false
    /// Written in the same transaction as an accepted batch, before it commits (a new
    /// account's password beside its `AccountCreated`): all or nothing.
    var alsoWrite: (() throws -> Void)?

    public init(batchSize: Int? = nil, actor: String) {
        self.batchSize = batchSize
        self.actor = actor
    }
}

public struct AppendResult: Sendable {
    public var appended = 0
    public var duplicates = 0
    public var problems: [LineProblem] = []
    /// Lines of the failing batch, none of which were written.
    public var notWritten: ClosedRange<Int>?
    /// True when reading stopped early (a failing batch, or too many problems).
    public var stopped = false
    /// The events appended, in order (seq, stream, id) — kept only when asked for.
    public var appendedEvents: [StoredEvent] = []
    /// The same events as the rules decided them (numbers filled in), for typed commands.
    var decided: [OfficeEvent] = []
    public var ok: Bool { problems.isEmpty }

    /// The summary as one JSON object: appended, duplicates, ok, problems.
    public var json: String {
        JSONValue.object([
            "appended": .int(Int64(appended)), "duplicates": .int(Int64(duplicates)), "ok": .bool(ok),
            "problems": .array(problems.map {
                .object(["line": .int(Int64($0.line)), "field": .string($0.field), "reason": .string($0.reason)])
            }),
        ]).serialized()
    }
}

/// The input could not be read part way through (exit 2): what was committed before stays.
public struct InputUnreadable: LedgerFailure {
    public let description: String
    public var exitCode: Int32 { 2 }
}

extension Ledger {
    /// Appends JSON Lines read from `reader`: each batch one transaction, committed as it fills;
    /// a batch with any problem is rolled back whole and reading stops there. A read error
    /// rolls the current batch back too and throws `InputUnreadable`.
    public func append(from reader: LineReader, options: AppendOptions, keepEvents: Bool = false) throws -> AppendResult {
        var options = options
        options.actor = try AppendOptions.checkedActor(options.actor)
        return try door {
            var result = AppendResult()
            let lines = LineSource(reader, threaded: options.readAhead)
            defer { lines.stop() }
            var lastLine = 0, lastBytes: Int64 = 0
            func nextLine() throws -> PreparedLine? {
                do {
                    guard let line = try lines.next() else { return nil }
                    (lastLine, lastBytes) = (line.number, line.bytesRead)
                    return line
                } catch {
                    var text = "cannot read the input after line \(error.lineNumber): \(error.description)"
                    if result.appended + result.duplicates > 0 {
                        text += "; the \(result.appended) event(s) appended before the failing batch stay"
                    }
                    throw InputUnreadable(description: text)
                }
            }
            // A batch's transaction opens only once it has a line: no empty transaction at the end.
            while let first = try nextLine() {
                let batchStart = first.number
                let batch: BatchState
                do {
                    batch = try write { () throws -> BatchState in
                        var batch = BatchState(keepEvents: keepEvents)
                        var latest = log.currentHead?.recordedAt.flatMap { Timestamp(parsing: $0) }
                        var linesInBatch = 0
                        var line: PreparedLine? = first
                        while let current = line {
                            if try appendLine(current, options: options, batch: &batch, latest: &latest) {
                                linesInBatch += 1
                            }
                            if batch.problems.count >= options.maxProblems {
                                batch.stoppedAtLimit = true
                                throw BatchRefused(batch: batch)
                            }
                            if let size = options.batchSize, linesInBatch >= size { break }
                            if current.number & 4095 == 0, let onProgress = options.onProgress {
                                onProgress(result.appended + result.duplicates + batch.appended + batch.duplicates, current.bytesRead)
                            }
                            line = try nextLine()
                        }
                        if !batch.problems.isEmpty { throw BatchRefused(batch: batch) }
                        try options.alsoWrite?()
                        return batch
                    }
                } catch let refused as BatchRefused {
                    result.problems += refused.batch.problems
                    result.notWritten = batchStart...max(batchStart, lastLine)
                    result.stopped = true
                    if refused.batch.stoppedAtLimit {
                        result.problems.append(LineProblem(line: lastLine, field: "input",
                                                           reason: "stopped after \(options.maxProblems) problems; fix these and append again"))
                    }
                    return result
                }
                result.appended += batch.appended
                result.duplicates += batch.duplicates
                if keepEvents {
                    result.appendedEvents += batch.events
                    result.decided += batch.decided
                }
                options.onProgress?(result.appended + result.duplicates, lastBytes)
            }
            return result
        }
    }

    /// One input line, parsed and decoded as far as it can be without the ledger: the part of
    /// an append that may run ahead of the writer, on another thread.
    struct PreparedLine {
        enum Content {
            case blank
            case tooLong(Int)
            /// Not an envelope: the problem as the line will report it.
            case unreadable(field: String, reason: String)
            /// The envelope, and its data decoded as the event its type names (or why not: that
            /// is reported only after the retry check, as before).
            case envelope(Envelope, Result<OfficeEvent, DomainError>)
        }
        var number: Int
        var bytesRead: Int64
        var content: Content
    }

    static func prepare(_ line: LineReader.Line, number: Int, bytesRead: Int64) -> PreparedLine {
        var prepared = PreparedLine(number: number, bytesRead: bytesRead, content: .blank)
        switch line {
        case .tooLong(let length):
            prepared.content = .tooLong(length)
        case .bytes(var bytes):
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { return prepared }   // blank lines are ignored
            do {
                let envelope = try Envelope(JSONParser.parse(bytes))
                prepared.content = .envelope(envelope, Result { () throws(DomainError) in
                    try OfficeEvent.decode(type: envelope.type, data: envelope.data)
                })
            } catch let problem as DomainError {
                prepared.content = .unreadable(field: problem.field, reason: problem.reason)
            } catch let problem as JSONParseError {
                prepared.content = .unreadable(field: "json", reason: problem.description)
            } catch {
                prepared.content = .unreadable(field: "line", reason: "\(error)")
            }
        }
        return prepared
    }

    /// The input's lines, prepared: read on the caller's thread line by line, or (`threaded`)
    /// on a second thread, 256 lines (or 1 MB of them) a chunk, at most four chunks ahead of
    /// the writer.
    final class LineSource: @unchecked Sendable {
        private let reader: LineReader
        private let pipe = ChunkPipe<PreparedLine>()
        private var thread: PosixThread?
        private var chunk: [PreparedLine] = []
        private var index = 0

        init(_ reader: LineReader, threaded: Bool) {
            self.reader = reader
            guard threaded else { return }
            let pipe = self.pipe
            let thread = PosixThread {
                var chunk: [PreparedLine] = []
                chunk.reserveCapacity(256)
                var chunkBytes = 0
                do throws(LineReaderError) {
                    while let line = try reader.next() {
                        if case .bytes(let bytes) = line { chunkBytes += bytes.count }
                        chunk.append(Ledger.prepare(line, number: reader.lineNumber, bytesRead: reader.bytesRead))
                        // 256 lines, or fewer when they are long (lines may be 1 MB each): what
                        // waits in the queue stays a few megabytes whatever the input.
                        if chunk.count == 256 || chunkBytes >= 1 << 20 {
                            guard pipe.put(chunk) else { return }
                            chunk.removeAll(keepingCapacity: true)
                            chunkBytes = 0
                        }
                    }
                    if !chunk.isEmpty { _ = pipe.put(chunk) }
                    pipe.finish(nil)
                } catch {
                    // The lines before the failing read are handed over first.
                    if !chunk.isEmpty { _ = pipe.put(chunk) }
                    pipe.finish(UnreadableInput(error: error, lineNumber: reader.lineNumber))
                }
            }
            if thread.start() { self.thread = thread }
        }

        /// The next prepared line, nil at the end; throws the reading thread's failure in place.
        func next() throws(UnreadableInput) -> PreparedLine? {
            guard thread != nil else {
                do {
                    return try reader.next().map { Ledger.prepare($0, number: reader.lineNumber, bytesRead: reader.bytesRead) }
                } catch {
                    throw UnreadableInput(error: error, lineNumber: reader.lineNumber)
                }
            }
            if index == chunk.count {
                do {
                    guard let more = try pipe.take() else { return nil }
                    (chunk, index) = (more, 0)
                } catch let failure as UnreadableInput {
                    throw failure
                } catch {
                    preconditionFailure("the reading thread finishes with UnreadableInput only: \(error)")
                }
            }
            index += 1
            return chunk[index - 1]
        }

        /// Stops and joins the reading thread (the writer is done, or gave up).
        func stop() {
            guard let thread else { return }
            pipe.cancel()
            thread.join()
            self.thread = nil
        }
    }

    /// A read of the input that failed, and after which line.
    struct UnreadableInput: Error, CustomStringConvertible {
        let error: LineReaderError
        let lineNumber: Int
        var description: String { error.description }
    }

    struct BatchState {
        var keepEvents: Bool
        var appended = 0
        var duplicates = 0
        var problems: [LineProblem] = []
        var events: [StoredEvent] = []
        /// The accepted events as decided (with numbers filled in), beside `events`.
        var decided: [OfficeEvent] = []
        var stoppedAtLimit = false
    }

    /// A batch with problems: thrown out of its transaction so that it is rolled back whole.
    struct BatchRefused: Error {
        var batch: BatchState
    }

    /// One line of the input: refused lines become problems of the batch; a storage failure is
    /// thrown (and rolls the batch back). False for a blank line, which is not counted.
    func appendLine(_ line: PreparedLine, options: AppendOptions, batch: inout BatchState,
                    latest: inout Timestamp?) throws -> Bool {
        switch line.content {
        case .blank:
            return false
        case .tooLong(let length):
            batch.problems.append(LineProblem(line: line.number, field: "line", reason: "is \(length) bytes long; a line may be at most 1048576 bytes"))
        case .unreadable(let field, let reason):
            batch.problems.append(LineProblem(line: line.number, field: field, reason: reason))
        case .envelope(let envelope, let decoded):
            do {
                try appendEvent(envelope, decoded, options: options, batch: &batch, latest: &latest)
            } catch let problem as DomainError {
                batch.problems.append(LineProblem(line: line.number, field: problem.field, reason: problem.reason))
            } catch let problem as JSONParseError {
                batch.problems.append(LineProblem(line: line.number, field: "json", reason: problem.description))
            }   // anything else (a storage failure) is thrown and rolls the batch back
        }
        return true
    }

    /// Validates, appends and projects one line's event inside the current transaction.
    func appendEvent(_ envelope: Envelope, _ decoded: Result<OfficeEvent, DomainError>, options: AppendOptions,
                     batch: inout BatchState, latest: inout Timestamp?) throws {
        if let refusal = options.otherActorRefusal, let actor = envelope.actor, actor != options.actor {
            throw DomainError(field: "actor", reason: refusal)
        }
        do {
            try appendNewEvent(envelope, decoded, options: options, batch: &batch, latest: &latest)
        } catch let refusal where refusal is DomainError || refusal is Forbidden {
            // A retry of an event already in the ledger. Its id is unique in the log, so it can
            // never be appended again: something refused it, and only then is the id looked up
            // (a lookup before every append cost each new event an index search).
            guard let id = envelope.id, let existing = try log.existing(id: id) else { throw refusal }
            guard isSameEvent(existing, envelope) else {
                throw DomainError(field: "id", reason: "\(id) is already in the ledger with other content; give the new event a new id")
            }
            batch.duplicates += 1
        }
    }

    /// Appends an event the ledger may not hold yet: role, rules, log, tree and read tables.
    /// Nothing is written when it throws.
    private func appendNewEvent(_ envelope: Envelope, _ decoded: Result<OfficeEvent, DomainError>, options: AppendOptions,
                                batch: inout BatchState, latest: inout Timestamp?) throws {
        if let caller = options.caller, let type = EventType(rawValue: envelope.type) {
            guard let role = type.roleNeeded else {
                throw Forbidden(missing: [], what: "an event of type \(type.rawValue)")
            }
            if !caller.roles.contains(role.rawValue) {
                throw Forbidden(missing: [role.rawValue], what: "an event of type \(type.rawValue)")
            }
        }
        let event = try decoded.get()
        if case .seriesConfigured = event, (log.currentHead?.seq ?? 0) > 0 {
            throw DomainError(field: "type", reason: Self.settingsOnlyFirst)
        }
        let decision = try rules.decide(event, state: state)
        try checkAgainstLog(decision.event)
        if case .checkpointSigned(let e) = decision.event { try checkAgainstTree(e) }
        if let stream = envelope.stream, stream != decision.stream {
            throw DomainError(field: "stream", reason: "must be \"\(decision.stream)\" for this \(envelope.type) (the ledger derives it; leave it out)")
        }
        let recordedAt: Timestamp
        if let given = envelope.recordedAt {
            // One event stamped in the future would stamp every later one with its time (they
            // never go back) and empty every report as of now.
            let now = options.clock()
            if given.millisecondsSinceEpoch > now.millisecondsSinceEpoch + Self.clockTolerance {
                throw DomainError(field: "recorded_at", reason: "\(given) is more than 5 minutes ahead of this machine's clock (\(now)); record events when they happen, or check the clock")
            }
            if let latest, given < latest {
                throw DomainError(field: "recorded_at", reason: "\(given) is earlier than the ledger's latest event (\(latest)); events are recorded in time order")
            }
            recordedAt = given
        } else {
            let now = options.clock()
            recordedAt = latest.map { max($0, now) } ?? now
        }
        var data = envelope.data
        // An explicit null (`"number": null`) is absent too: store what the ledger filled in, or replay differs.
        for (key, value) in decision.filled where data[key] == nil || data[key]!.isNull { data[key] = value }
        let newEvent = NewEvent(id: envelope.id ?? Self.generateID(), stream: decision.stream, type: envelope.type,
                                data: JSONValue.object(data).canonicalString, recordedAt: recordedAt.description,
                                actor: envelope.actor ?? options.actor)
        let stored: StoredEvent
        do {
            stored = try log.append(newEvent, expectedVersion: envelope.expectedVersion, opensStream: decision.event.opensStream)
        } catch AppendConflict.versionConflict(let stream, let expected, let actual) {
            throw DomainError(field: "expected_version",
                              reason: "conflict: stream \(stream) is at version \(actual), not \(expected); someone appended first: read it again and retry")
        } catch AppendConflict.duplicateID(let id) {
            throw DomainError(field: "id", reason: "\(id) is already in the ledger")
        }
        // The tree's leaf is the event's export line: what an inspector is given to check.
        try tree().append(stored)
        try projector.apply(decision.event, seq: stored.seq)
        if case .seriesConfigured = decision.event { rules = projector.rules }
        latest = recordedAt
        batch.appended += 1
        if batch.keepEvents {
            batch.events.append(stored)
            batch.decided.append(decision.event)
        }
    }

    /// The rules decided from the read tables; the log has the last word. A number, arrival
    /// number or id the log already holds is refused even when a damaged read table does not
    /// show it (one indexed lookup per stream), so such a table cannot produce an event that
    /// breaks the rules — and that no replay could then apply.
    func checkAgainstLog(_ event: OfficeEvent) throws {
        for stream in rules.streamsThatMustBeNew(event) where try log.version(of: stream.description) > 0 {
            let damaged = "the read tables do not show it, so they are damaged: run `docledger verify`, then `docledger repair`"
            switch (event, stream) {
            case (.documentIssued(let e), .document(let key)):
                throw DomainError(field: "data.number", reason: "\(e.number ?? 0) is already used in series \(rules.seriesLabel(rules.seriesOf(e))) of \(e.year) (by \(key.symbol) in the log; \(damaged))")
            case (.documentReceived(let e), _):
                throw DomainError(field: "data.arrival_no", reason: "arrival number \(e.arrivalNo ?? 0) of \(e.receivedOn.year) is already in the log (\(damaged))")
            case (.directiveIssued(let e), _):
                throw DomainError(field: "data.directive_id", reason: "directive \(e.directiveID) is already in the log (\(damaged))")
            case (.programmeItemRegistered(let e), _):
                throw DomainError(field: "data.item_id", reason: "programme item \(e.itemID) is already in the log (\(damaged))")
            default:
                throw DomainError(field: "stream", reason: "\(stream) is already in the log (\(damaged))")
            }
        }
    }

    /// A checkpoint is recorded only for a view of the ledger it holds: its size no more than
    /// the events before it, its root the tree's at that size. So the ledger never records two
    /// checkpoints that contradict each other.
    func checkAgainstTree(_ e: CheckpointSigned) throws {
        let events = log.currentHead?.seq ?? 0
        guard Int64(e.size) <= events else {
            throw DomainError(field: "data.size", reason: "\(e.size) is more than the \(events) event(s) the ledger holds before this one; a checkpoint covers events already appended")
        }
        let root = Base64.encode(try tree().root(size: Int64(e.size)))
        guard root == e.root else {
            throw DomainError(field: "data.root", reason: "\(e.root) is not the root of this ledger's first \(e.size) events (\(root)); the ledger signs only what it holds")
        }
    }

    /// Same type, and the stored data holds exactly what was submitted plus only fields the
    /// ledger fills in itself (a number it allocated, a default).
    func isSameEvent(_ existing: (type: String, data: String), _ envelope: Envelope) -> Bool {
        guard existing.type == envelope.type,
              let stored = try? JSONParser.parse(existing.data).objectValue else { return false }
        let fillable = OfficeRules.fillableFields[envelope.type] ?? []
        for (key, value) in envelope.data.pairs {
            if value.isNull && fillable.contains(key) { continue }   // a null the ledger filled in
            guard let storedValue = stored[key], storedValue.canonicalString == value.canonicalString else { return false }
        }
        return stored.keys.allSatisfy { envelope.data[$0] != nil || fillable.contains($0) }
    }

    static let settingsOnlyFirst = "the series setting can only be a ledger's first event: it is fixed once documents are numbered (set it with `docledger init --series` on a new ledger)"

    /// How far ahead of the clock a given `recorded_at` may be: clocks of two machines differ.
    static let clockTolerance: Int64 = 5 * 60 * 1000

    static func generateID() -> String {
        var rng = SystemRandomNumberGenerator()
        let a = rng.next() as UInt64, b = rng.next() as UInt64
        return "ev-" + hex64(a) + hex64(b)
    }

    static func hex64(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
