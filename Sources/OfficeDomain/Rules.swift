public import LedgerJSON

public struct DirectiveState: Equatable, Sendable {
    public var issuedOn: Day
    public var deadline: Day?
    public var completedOn: Day?
    public var cancelledOn: Day?
    public init(issuedOn: Day, deadline: Day?, completedOn: Day?, cancelledOn: Day?) {
        self.issuedOn = issuedOn
        self.deadline = deadline
        self.completedOn = completedOn
        self.cancelledOn = cancelledOn
    }
}

public struct ProgrammeItemState: Equatable, Sendable {
    public var year: Int
    public var approvedOn: Day?
    public var withdrawnOn: Day?
    public init(year: Int, approvedOn: Day?, withdrawnOn: Day?) {
        self.year = year
        self.approvedOn = approvedOn
        self.withdrawnOn = withdrawnOn
    }
}

public struct IssuedDocumentState: Equatable, Sendable {
    public var issuedOn: Day
    public var recalledOn: Day?
    public init(issuedOn: Day, recalledOn: Day?) {
        self.issuedOn = issuedOn
        self.recalledOn = recalledOn
    }
}

/// An incoming document as the workflow rules see it: when it arrived, the assignment in force
/// (the latest: a later one is never dated before it), and whether it was answered or closed.
public struct IncomingState: Equatable, Sendable {
    public var receivedOn: Day
    /// The assignment in force's date; nil when the document was never assigned.
    public var assignedOn: Day?
    /// True when the assignment in force is for information only.
    public var forInformation: Bool
    public var answeredOn: Day?
    public var closedOn: Day?
    public init(receivedOn: Day, assignedOn: Day? = nil, forInformation: Bool = false, answeredOn: Day? = nil, closedOn: Day? = nil) {
        self.receivedOn = receivedOn
        self.assignedOn = assignedOn
        self.forInformation = forInformation
        self.answeredOn = answeredOn
        self.closedOn = closedOn
    }
}

/// A step of the incoming workflow that can be recorded on a document.
public enum IncomingStep: String, CaseIterable, Sendable {
    case assign, progress, answer, close
}

extension IncomingState {
    /// The steps the rules accept next: none once answered or closed; before an assignment,
    /// only one; no answer for a document assigned for information only (it is closed).
    public var nextSteps: [IncomingStep] {
        if answeredOn != nil || closedOn != nil { return [] }
        if assignedOn == nil { return [.assign] }
        return forInformation ? [.assign, .progress, .close] : IncomingStep.allCases
    }
}

/// What the rules need to know of the ledger so far. Implemented over the read tables.
public protocol OfficeStateReader {
    func directive(_ id: String) throws -> DirectiveState?
    func programmeItem(_ id: String) throws -> ProgrammeItemState?
    func issuedDocument(_ symbol: NumberSymbol, year: Int) throws -> IssuedDocumentState?
    /// The symbol already holding `number` in that series and year, if any.
    func documentHolding(series: String, year: Int, number: Int) throws -> String?
    func lastNumber(series: String, year: Int) throws -> Int
    func isArrivalNumberTaken(year: Int, number: Int) throws -> Bool
    /// The registrations (year, arrival number) of the document with this sender, number symbol
    /// and document year (`DocumentReceived.documentYear`), in register order.
    func arrivals(sender: String, numberSymbol: String, documentYear: Int) throws -> [(year: Int, arrivalNo: Int)]
    func lastArrivalNumber(year: Int) throws -> Int
    func account(_ user: String) throws -> AccountState?
    /// The incoming document `arrivalNo` of `year`, if registered, with its workflow so far.
    func incoming(year: Int, arrivalNo: Int) throws -> IncomingState?
}

/// An accepted event, with every number allocated: its stream, and the fields the ledger
/// fills in (numbers, defaults), which are stored with the event so it stays the same fact
/// whatever the configuration later.
public struct Decision: Equatable, Sendable {
    public var event: OfficeEvent

    /// The stream it goes to; for a registration it holds the arrival number or the document key.
    public var streamName: StreamName { event.streamName() }
    /// The stored spelling of `streamName`.
    public var stream: String { streamName.description }
    /// Every fillable field of the event's type with its decided value; the store adds the ones
    /// the submission left out (or gave as null) and keeps the rest as submitted.
    public var filled: [(String, JSONValue)] { event.filled }
}

/// The office's rules: given an event and the ledger's state, accept it (with any numbers
/// allocated) or refuse it with a `DomainError`.
public struct OfficeRules: Sendable {
    public let series: SeriesConfig

    /// Where the series setting in force is kept beside the chain (a projection of the
    /// `SeriesConfigured` event, or the default), so that `verify` can compare the two.
    public static let seriesSettingKey = "series"

    public init(series: SeriesConfig = .standard) {
        self.series = series
    }

    /// The fields `decide` may fill in per event type (`EventType.fillable`, keyed by its
    /// spelling): a retry that omits them is the same event.
    public static let fillableFields: [String: Set<String>] = Dictionary(uniqueKeysWithValues:
        EventType.allCases.filter { !$0.fillable.isEmpty }.map { ($0.rawValue, Set($0.fillable)) })

    public func decide(_ event: OfficeEvent, state: some OfficeStateReader) throws -> Decision {
        switch event {
        case .documentReceived(var e):
            let year = e.receivedOn.year
            try checkRepeat(e, state: state)
            if let number = e.arrivalNo {
                if try state.isArrivalNumberTaken(year: year, number: number) {
                    throw DomainError(field: "data.arrival_no", reason: "arrival number \(number) of \(year) is already in the incoming register")
                }
                return Decision(event: event)
            }
            e.arrivalNo = try state.lastArrivalNumber(year: year) + 1
            return Decision(event: .documentReceived(e))

        case .documentIssued(var e):
            let seriesName = seriesOf(e)
            if let number = e.number {
                if let holder = try state.documentHolding(series: seriesName, year: e.year, number: number) {
                    throw DomainError(field: "data.number",
                                      reason: "\(number) is already used in series \(seriesLabel(seriesName)) of \(e.year) (by \(holder))")
                }
            } else {
                e.number = try state.lastNumber(series: seriesName, year: e.year) + 1
            }
            return Decision(event: .documentIssued(e))

        case .documentAmended(let e):
            guard let document = try state.issuedDocument(e.document, year: e.year) else {
                throw DomainError(field: "data.document", reason: "\(e.document) of \(e.year) is not among the issued documents")
            }
            if e.datedOn < document.issuedOn {
                throw DomainError(field: "data.\(e.kind.dateField)",
                                  reason: "\(e.datedOn) is before the document was issued (\(document.issuedOn))")
            }
            if e.kind == .recalled, let recalled = document.recalledOn {
                throw DomainError(field: "data.document", reason: "\(e.document) of \(e.year) was already recalled on \(recalled)")
            }
            if e.kind == .corrected, let recalled = document.recalledOn {
                throw DomainError(field: "data.document", reason: "\(e.document) of \(e.year) was recalled on \(recalled): a recalled document is frozen")
            }
            return Decision(event: event)

        case .directiveIssued(let e):
            if try state.directive(e.directiveID) != nil {
                throw DomainError(field: "data.directive_id", reason: "directive \(e.directiveID) already exists (an id is used once)")
            }
            return Decision(event: event)

        case .directiveUpdated(let e):
            guard let directive = try state.directive(e.directiveID) else {
                throw DomainError(field: "data.directive_id", reason: "unknown directive \(e.directiveID) (no DirectiveIssued for it)")
            }
            if e.datedOn < directive.issuedOn {
                throw DomainError(field: "data.\(e.kind.dateField)", reason: "\(e.datedOn) is before the directive was issued (\(directive.issuedOn))")
            }
            if e.kind != .progress {
                if let completed = directive.completedOn {
                    throw DomainError(field: "data.directive_id", reason: "directive \(e.directiveID) was already completed on \(completed)")
                }
                if let cancelled = directive.cancelledOn {
                    throw DomainError(field: "data.directive_id", reason: "directive \(e.directiveID) was already cancelled on \(cancelled)")
                }
            }
            if e.kind == .extended, let newDeadline = e.newDeadline, newDeadline < directive.issuedOn {
                throw DomainError(field: "data.new_deadline", reason: "\(newDeadline) is before the directive was issued (\(directive.issuedOn))")
            }
            return Decision(event: event)

        case .programmeItemRegistered(let e):
            if try state.programmeItem(e.itemID) != nil {
                throw DomainError(field: "data.item_id", reason: "programme item \(e.itemID) already exists (an id is used once)")
            }
            return Decision(event: event)

        case .programmeItemUpdated(let e):
            guard let item = try state.programmeItem(e.itemID) else {
                throw DomainError(field: "data.item_id", reason: "unknown programme item \(e.itemID) (it was never registered)")
            }
            if let withdrawn = item.withdrawnOn {
                throw DomainError(field: "data.item_id", reason: "programme item \(e.itemID) was withdrawn on \(withdrawn)")
            }
            if let approved = item.approvedOn, e.kind != .submitted {
                throw DomainError(field: "data.item_id", reason: "programme item \(e.itemID) was already approved on \(approved)")
            }
            return Decision(event: event)

        case .incomingAssigned(let e):
            let document = try openIncoming(year: e.year, arrivalNo: e.arrivalNo, state: state)
            if e.assignedOn < document.receivedOn {
                throw DomainError(field: "data.assigned_on", reason: "\(e.assignedOn) is before the document was received (\(document.receivedOn))")
            }
            if let previous = document.assignedOn, e.assignedOn < previous {
                throw DomainError(field: "data.assigned_on", reason: "\(e.assignedOn) is before the assignment in force (\(previous)); a new assignment replaces it from its date")
            }
            return Decision(event: event)

        case .incomingUpdated(let e):
            let document = try openIncoming(year: e.year, arrivalNo: e.arrivalNo, state: state)
            let name = "incoming document \(e.arrivalNo)/\(e.year)"
            guard document.assignedOn != nil else {
                throw DomainError(field: "data.arrival_no", reason: "\(name) has not been assigned (no IncomingAssigned for it)")
            }
            if e.datedOn < document.receivedOn {
                throw DomainError(field: "data.\(e.kind.dateField)", reason: "\(e.datedOn) is before the document was received (\(document.receivedOn))")
            }
            if e.kind == .answered {
                if document.forInformation {
                    throw DomainError(field: "data.arrival_no", reason: "\(name) is assigned for information only: it needs no answer (close it instead)")
                }
                if let symbol = e.answerDocument {
                    let year = e.datedOn.year
                    guard let answer = try state.issuedDocument(symbol, year: year) else {
                        throw DomainError(field: "data.answer_document", reason: "\(symbol) of \(year) is not among the issued documents")
                    }
                    if answer.issuedOn > e.datedOn {
                        throw DomainError(field: "data.answer_document", reason: "\(symbol) was issued on \(answer.issuedOn), after answered_on \(e.datedOn)")
                    }
                    if let recalled = answer.recalledOn {
                        throw DomainError(field: "data.answer_document", reason: "\(symbol) of \(year) was recalled on \(recalled): it cannot answer a document")
                    }
                }
            }
            return Decision(event: event)

        case .seriesConfigured:
            // Only as the ledger's first event: checked by the application, which knows the log.
            return Decision(event: event)

        case .checkpointSigned:
            // Its root must be the Merkle tree's at its size, among the events before it: checked
            // by the application and by verify, which hold the tree.
            return Decision(event: event)

        case .accountCreated(let e):
            if try state.account(e.user) != nil {
                throw DomainError(field: "data.user", reason: "the account \(e.user) already exists (a user name is used once)")
            }
            return Decision(event: event)

        case .accountChanged(let e):
            guard let account = try state.account(e.user) else {
                throw DomainError(field: "data.user", reason: "unknown account \(e.user)")
            }
            if account.disabled {
                throw DomainError(field: "data.user", reason: "the account \(e.user) is disabled")
            }
            if e.kind == .granted, let role = e.role, account.roles.contains(role) {
                throw DomainError(field: "data.role", reason: "\(e.user) already has the role \(role.rawValue)")
            }
            if e.kind == .revoked, let role = e.role, !account.roles.contains(role) {
                throw DomainError(field: "data.role", reason: "\(e.user) does not have the role \(role.rawValue)")
            }
            return Decision(event: event)
        }
    }

    /// A document already in the incoming register (same sender, number symbol and document
    /// year) is registered again only on purpose, with `repeat_of` naming the earlier arrival.
    private func checkRepeat(_ e: DocumentReceived, state: some OfficeStateReader) throws {
        let earlier = try state.arrivals(sender: e.sender, numberSymbol: e.numberSymbol, documentYear: e.documentYear)
        if let repeatOf = e.repeatOf {
            guard earlier.contains(where: { $0.arrivalNo == repeatOf }) else {
                let registered = earlier.map { "\($0.arrivalNo)/\($0.year)" }.joined(separator: ", ")
                throw DomainError(field: "data.repeat_of", reason: earlier.isEmpty
                    ? "\(e.numberSymbol) of \(e.sender) (\(e.documentYear)) was not registered before: leave repeat_of out"
                    : "arrival \(repeatOf) is not a registration of \(e.numberSymbol) of \(e.sender) (\(e.documentYear)), which is \(registered)")
            }
            return
        }
        if let first = earlier.first {
            throw DomainError(field: "data.number_symbol", reason: "already registered as arrival \(first.arrivalNo)/\(first.year)")
        }
    }

    /// The incoming document an event of its workflow is about, refused when it is not in the
    /// register or is no longer open (answered or closed).
    private func openIncoming(year: Int, arrivalNo: Int, state: some OfficeStateReader) throws -> IncomingState {
        let name = "incoming document \(arrivalNo)/\(year)"
        guard let document = try state.incoming(year: year, arrivalNo: arrivalNo) else {
            throw DomainError(field: "data.arrival_no", reason: "\(name) is not in the incoming register")
        }
        if let answered = document.answeredOn {
            throw DomainError(field: "data.arrival_no", reason: "\(name) was already answered on \(answered)")
        }
        if let closed = document.closedOn {
            throw DomainError(field: "data.arrival_no", reason: "\(name) was already closed on \(closed)")
        }
        return document
    }

    /// The series an issued document is numbered in.
    public func seriesOf(_ e: DocumentIssued) -> String {
        series.series(docType: e.docType, legalNormative: e.legalNormative, issuer: e.issuer)
    }

    /// The streams that must not be in the log yet for an accepted `event` (as `decide`
    /// returned it, numbers filled in) to be right: the stream it opens, and for an issued
    /// document the stream of every document its number would clash with — each doc type of
    /// its series, with that number, issuer and year. Checked against the log itself, they keep
    /// a damaged read table from handing out a number or an id already used.
    public func streamsThatMustBeNew(_ event: OfficeEvent) -> [StreamName] {
        switch event {
        case .documentIssued(let e):
            guard let number = e.number else { return [] }
            if e.legalNormative { return [.document(DocumentKey(symbol: e.symbol(number: number), year: e.year))] }
            let types = series.sharedGroups.first(where: { $0.contains(e.docType) }) ?? [e.docType]
            return types.map { type in
                .document(DocumentKey(symbol: NumberSymbol(number: number, year: nil, docType: type, issuer: e.issuer), year: e.year))
            }
        case .documentReceived, .directiveIssued, .programmeItemRegistered, .seriesConfigured, .accountCreated:
            return [event.streamName()]
        case .documentAmended, .directiveUpdated, .programmeItemUpdated, .accountChanged, .incomingAssigned, .incomingUpdated,
             .checkpointSigned:
            return []
        }
    }

    /// The series as users name it: `QĐ+CT`, `QPPL`, `KH`.
    public func seriesLabel(_ series: String) -> String {
        String(series.split(separator: "|").last ?? Substring(series))
    }
}
