public import DocLedgerKit
public import Hummingbird

/// The one authentication hook every route is behind: it reads a request's credentials and
/// says who is calling, or nil when the request carries none that are valid (401).
/// `docledger serve` uses the ledger's accounts and sessions (`SessionAuthenticator`); tests may
/// give another.
public protocol Authenticator: Sendable {
    func authenticate(_ request: Request) async throws -> Caller?
}

