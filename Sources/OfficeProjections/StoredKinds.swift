public import OfficeDomain

/// A kind the read tables store as text (a fact's `kind`, a count's `register`). Queries are
/// written with these spellings, not string literals, so a renamed kind cannot leave one behind.
protocol StoredKind: RawRepresentable where RawValue == String {}

extension StoredKind {
    /// The kind as an SQL literal: `'completed'` (the spellings are plain words, nothing to escape).
    var sql: String { "'\(rawValue)'" }

    /// Kinds as an SQL list for `IN`: `('approved', 'withdrawn')`.
    static func sqlList(_ kinds: Self...) -> String {
        "(" + kinds.map(\.sql).joined(separator: ", ") + ")"
    }
}

extension DocumentAmended.Kind: StoredKind {}
extension DirectiveUpdate.Kind: StoredKind {}
extension ProgrammeItemUpdate.Kind: StoredKind {}

/// The registers of p_document_counts: documents received, issued and recalled per day.
enum CountRegister: String, StoredKind {
    case received, issued, recalled
}

/// The kinds of p_incoming_facts: an incoming document's assignments and what became of it.
enum IncomingFactKind: String, StoredKind {
    case assigned, progress, answered, closed

    init(_ kind: IncomingUpdate.Kind) {
        switch kind {
        case .progress: self = .progress
        case .answered: self = .answered
        case .closed: self = .closed
        }
    }
}
