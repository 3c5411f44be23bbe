public import LedgerStore

/// The projector keeps the per-day document counts in memory while a transaction runs: they
/// are written just before it commits, and forgotten when it rolls back.
extension OfficeProjector: TransactionObserver {
    public func willCommit() throws { try flush() }
    public func didRollback() { discard() }
}
