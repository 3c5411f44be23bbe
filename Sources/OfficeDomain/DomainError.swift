/// A refused event: which field is wrong and why, in words a clerk can act on.
/// Printed by the CLI as `line L: <field>: <reason>`.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
