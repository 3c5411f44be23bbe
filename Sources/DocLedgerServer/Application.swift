import DocLedgerKit
public import Hummingbird
public import Logging

/// How `docledger serve` runs: the ledger file, where it listens, its limits.
public struct ServerSettings: Sendable {
    /// The ledger file; it must exist (`docledger init` creates it).
    public var ledgerPath: String
    public var host = "127.0.0.1"
    /// 0: any free port (tests).
    public var port = 8080
    /// The largest request body accepted (413 beyond it): `--max-body`.
    public var maxBodyBytes = 64 << 20
    /// The largest typed command body (one event's data), as a line of `append` may be.
    public var maxCommandBodyBytes = 1 << 20
    /// Request headers beyond this many bytes are refused (431); the HTTP parser itself closes
    /// the connection (400) on a header block over 80 KiB.
    public var maxHeaderBytes = 16 << 10
    /// Read connections shared by the requests that read.
    public var readers = 2
    /// How long the writer keeps retrying while another process (the CLI, a second server)
    /// holds the file's write lock before the request is answered 503 (never less than SQLite's
    /// own busy wait of 5 s on each attempt).
    public var lockWaitSeconds: Double = 10
    /// False skips the fsync at commit: throwaway ledgers in tests only.
    public var durable = true

    public init(ledgerPath: String) {
        self.ledgerPath = ledgerPath
    }
}

/// Builds the server as `docledger serve` runs it, and as tests run it without a socket
/// (`app.test(.router)`): opens the ledger (refusing one that is missing or unusable with the
/// `LedgerFailure` the CLI shows), sets every route behind the accounts' sessions (or, for
/// tests, behind `authenticator`).
public func buildApplication(_ settings: ServerSettings, authenticator: (any Authenticator)? = nil,
                             logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let ledgers = try await Ledgers(settings)
    return makeApplication(settings, ledgers: ledgers, authenticator: authenticator ?? SessionAuthenticator(ledgers: ledgers), logger: logger)
}

/// Runs the server until SIGTERM or SIGINT: then it stops accepting connections, finishes the
/// requests in flight and closes the ledger.
public func serve(_ settings: ServerSettings, logger: Logger? = nil) async throws {
    let logger = logger ?? Logger(label: "docledger-serve")
    let ledgers = try await Ledgers(settings)
    let app = makeApplication(settings, ledgers: ledgers, authenticator: SessionAuthenticator(ledgers: ledgers), logger: logger)
    try await app.runService()
    await ledgers.close()
    logger.info("ledger closed", metadata: ["path": .string(settings.ledgerPath)])
}

func makeApplication(_ settings: ServerSettings, ledgers: Ledgers, authenticator: any Authenticator,
                     logger: Logger?) -> some ApplicationProtocol {
    let router = makeRouter(settings, ledgers: ledgers, authenticator: authenticator)
    let logger = logger ?? Logger(label: "docledger-serve")
    return Application(
        router: router,
        // A connection that sends nothing for a minute is closed: idle clients do not pile up.
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: nil),
        logger: logger
    )
}

/// Every route, behind the front door (tests list the router's routes against the OpenAPI document).
func makeRouter(_ settings: ServerSettings, ledgers: Ledgers, authenticator: any Authenticator) -> Router<LedgerRequestContext> {
    let router = Router(context: LedgerRequestContext.self)
    router.add(middleware: FrontDoor(authenticator: authenticator, maxHeaderBytes: settings.maxHeaderBytes))
    // One count of failed logins for the API's login and the login page.
    let throttle = LoginThrottle()
    SessionController(ledgers: ledgers, throttle: throttle).addRoutes(to: router)
    EventsController(ledgers: ledgers, maxBodyBytes: settings.maxBodyBytes).addRoutes(to: router)
    let recorder = Recorder(ledgers: ledgers, maxBodyBytes: min(settings.maxBodyBytes, settings.maxCommandBodyBytes))
    DocumentsController(recorder: recorder).addRoutes(to: router)
    SubjectController.directives(recorder).addRoutes(to: router)
    SubjectController.programme(recorder).addRoutes(to: router)
    IncomingController(recorder: recorder).addRoutes(to: router)
    ReportsController(ledgers: ledgers, maxBodyBytes: settings.maxBodyBytes).addRoutes(to: router)
    ProofsController(ledgers: ledgers).addRoutes(to: router)
    ChainController(ledgers: ledgers).addRoutes(to: router)
    OpenAPIController().addRoutes(to: router)
    PagesController(ledgers: ledgers, throttle: throttle).addRoutes(to: router)
    return router
}
