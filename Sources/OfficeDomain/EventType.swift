import LedgerJSON

/// The event types the ledger accepts, spelled as they are stored and submitted.
public enum EventType: String, CaseIterable, Sendable {
    case documentReceived = "DocumentReceived"
    case documentIssued = "DocumentIssued"
    case documentRecalled = "DocumentRecalled"
    case documentCorrected = "DocumentCorrected"
    case directiveIssued = "DirectiveIssued"
    case directiveDeadlineExtended = "DirectiveDeadlineExtended"
    case directiveProgressReported = "DirectiveProgressReported"
    case directiveCompleted = "DirectiveCompleted"
    case directiveCancelled = "DirectiveCancelled"
    case programmeItemRegistered = "ProgrammeItemRegistered"
    case programmeItemRescheduled = "ProgrammeItemRescheduled"
    case programmeItemSubmitted = "ProgrammeItemSubmitted"
    case programmeItemApproved = "ProgrammeItemApproved"
    case programmeItemWithdrawn = "ProgrammeItemWithdrawn"
    case seriesConfigured = "SeriesConfigured"
    case accountCreated = "AccountCreated"
    case roleGranted = "RoleGranted"
    case roleRevoked = "RoleRevoked"
    case accountDisabled = "AccountDisabled"
    case incomingAssigned = "IncomingAssigned"
    case incomingProgressReported = "IncomingProgressReported"
    case incomingAnswered = "IncomingAnswered"
    case incomingClosed = "IncomingClosed"
    case checkpointSigned = "CheckpointSigned"

    /// The fields the ledger may fill in for this type (a number it allocates, a default):
    /// a retry that leaves them out is the same event.
    public var fillable: [String] {
        switch self {
        case .documentReceived: return DocumentReceived.fillable.map(\.key)
        case .documentIssued: return DocumentIssued.fillable.map(\.key)
        default: return []
        }
    }

    /// The data field holding the day the fact happened (nil for a programme item's
    /// registration, which has none): a typed command fills it with today when not given.
    public var dateField: String? {
        switch self {
        case .documentReceived: return DocumentReceived.dateField
        case .documentIssued: return DocumentIssued.dateField
        case .directiveIssued: return DirectiveIssued.dateField
        case .documentRecalled: return DocumentAmended.Kind.recalled.dateField
        case .documentCorrected: return DocumentAmended.Kind.corrected.dateField
        case .directiveDeadlineExtended: return DirectiveUpdate.Kind.extended.dateField
        case .directiveProgressReported: return DirectiveUpdate.Kind.progress.dateField
        case .directiveCompleted: return DirectiveUpdate.Kind.completed.dateField
        case .directiveCancelled: return DirectiveUpdate.Kind.cancelled.dateField
        case .programmeItemRegistered, .seriesConfigured, .accountCreated, .roleGranted, .roleRevoked, .accountDisabled, .checkpointSigned: return nil
        case .programmeItemRescheduled: return ProgrammeItemUpdate.Kind.rescheduled.dateField
        case .programmeItemSubmitted: return ProgrammeItemUpdate.Kind.submitted.dateField
        case .programmeItemApproved: return ProgrammeItemUpdate.Kind.approved.dateField
        case .programmeItemWithdrawn: return ProgrammeItemUpdate.Kind.withdrawn.dateField
        case .incomingAssigned: return IncomingAssigned.dateField
        case .incomingProgressReported: return IncomingUpdate.Kind.progress.dateField
        case .incomingAnswered: return IncomingUpdate.Kind.answered.dateField
        case .incomingClosed: return IncomingUpdate.Kind.closed.dateField
        }
    }

    /// Reads this type's event from its data (the decoders sit beside the event types).
    func decode(_ r: inout FieldReader) throws(DomainError) -> OfficeEvent {
        switch self {
        case .documentReceived: return .documentReceived(try DocumentReceived(reading: &r))
        case .documentIssued: return .documentIssued(try DocumentIssued(reading: &r))
        case .documentRecalled: return .documentAmended(try DocumentAmended(.recalled, reading: &r))
        case .documentCorrected: return .documentAmended(try DocumentAmended(.corrected, reading: &r))
        case .directiveIssued: return .directiveIssued(try DirectiveIssued(reading: &r))
        case .directiveDeadlineExtended: return .directiveUpdated(try DirectiveUpdate(.extended, reading: &r))
        case .directiveProgressReported: return .directiveUpdated(try DirectiveUpdate(.progress, reading: &r))
        case .directiveCompleted: return .directiveUpdated(try DirectiveUpdate(.completed, reading: &r))
        case .directiveCancelled: return .directiveUpdated(try DirectiveUpdate(.cancelled, reading: &r))
        case .programmeItemRegistered: return .programmeItemRegistered(try ProgrammeItemRegistered(reading: &r))
        case .programmeItemRescheduled: return .programmeItemUpdated(try ProgrammeItemUpdate(.rescheduled, reading: &r))
        case .programmeItemSubmitted: return .programmeItemUpdated(try ProgrammeItemUpdate(.submitted, reading: &r))
        case .programmeItemApproved: return .programmeItemUpdated(try ProgrammeItemUpdate(.approved, reading: &r))
        case .programmeItemWithdrawn: return .programmeItemUpdated(try ProgrammeItemUpdate(.withdrawn, reading: &r))
        case .seriesConfigured: return .seriesConfigured(try SeriesConfigured(reading: &r))
        case .accountCreated: return .accountCreated(try AccountCreated(reading: &r))
        case .roleGranted: return .accountChanged(try AccountChanged(.granted, reading: &r))
        case .roleRevoked: return .accountChanged(try AccountChanged(.revoked, reading: &r))
        case .accountDisabled: return .accountChanged(try AccountChanged(.disabled, reading: &r))
        case .incomingAssigned: return .incomingAssigned(try IncomingAssigned(reading: &r))
        case .incomingProgressReported: return .incomingUpdated(try IncomingUpdate(.progress, reading: &r))
        case .incomingAnswered: return .incomingUpdated(try IncomingUpdate(.answered, reading: &r))
        case .incomingClosed: return .incomingUpdated(try IncomingUpdate(.closed, reading: &r))
        case .checkpointSigned: return .checkpointSigned(try CheckpointSigned(reading: &r))
        }
    }
}

/// A field the ledger fills in when a submission leaves it out, and where the decided event
/// holds its value: one list per event type gives both `EventType.fillable` and `Decision.filled`.
struct FillableField<Event>: Sendable {
    let key: String
    let value: @Sendable (Event) -> JSONValue?

    init(_ key: String, value: @escaping @Sendable (Event) -> JSONValue?) {
        self.key = key
        self.value = value
    }
}

extension Array {
    /// The (key, value) pairs of the fields `event` holds a value for, in the list's order.
    func values<Event>(of event: Event) -> [(String, JSONValue)] where Element == FillableField<Event> {
        compactMap { field in field.value(event).map { (field.key, $0) } }
    }
}
