import DocLedgerKit
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A request's context: Hummingbird's, and who is calling once the front door has let them in.
struct LedgerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `FrontDoor` before any route runs; a route never sees a request without one.
    var caller: Caller?
    /// The connection's peer ("-" when unknown).
    let peerAddress: String
    /// The client's address, for slowing down failed logins: the peer, or — when the peer is
    /// this machine, a reverse proxy such as nginx — the last address the proxy added to
    /// X-Forwarded-For (set by `FrontDoor`).
    var clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "-"
        clientAddress = peerAddress
    }

    /// A forwarded address is believed only from a proxy on this machine: anyone else could write it.
    static func clientAddress(peer: String, forwardedFor: String?) -> String {
        guard peer == "127.0.0.1" || peer == "::1", let forwardedFor,
              let last = forwardedFor.split(separator: ",").last.map({ $0.filter { $0 != " " } }), !last.isEmpty,
              last.utf8.count <= 64 else { return peer }
        return String(last)
    }

    /// The caller, refused (403) unless they hold `role`.
    func caller(requiring role: AccessRole) throws -> Caller {
        let caller = try authenticated()
        try caller.require(role)
        return caller
    }

    /// The caller; every logged-in caller may do this.
    func authenticated() throws -> Caller {
        guard let caller else { throw APIError.unauthenticated }
        return caller
    }
}

/// Every request passes here first: the header limit, the authentication hook (no route runs
/// for a caller it does not know), the one error mapping, and one log line per request
/// (method, path, status, duration, user, request id; never a header's value).
struct FrontDoor: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let authenticator: any Authenticator
    let maxHeaderBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        var response: Response
        do {
            let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
            if headerBytes > maxHeaderBytes {
                throw APIError(status: .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                               message: "the request's headers are \(headerBytes) bytes; at most \(maxHeaderBytes) are accepted")
            }
            // Logging in, and reading how to, are what a caller does before the server knows who they are.
            context.clientAddress = LedgerRequestContext.clientAddress(peer: context.peerAddress,
                                                                      forwardedFor: request.headers[.xForwardedFor])
            if !Self.isOpen(request) {
                guard let caller = try await authenticator.authenticate(request) else {
                    // A page asked for without a login: the login page, then back to it.
                    if Page.isPage(request) {
                        throw PageLoginNeeded(next: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
                    }
                    throw APIError.unauthenticated
                }
                context.caller = caller
            }
            response = try await next(request, context)
        } catch {
            response = Page.isPage(request) ? Page.errorResponse(for: error, request: request, requestID: context.id, logger: context.logger)
                                             : ErrorAnswer.response(for: error, requestID: context.id, logger: context.logger)
        }
        if Page.isPage(request) { Page.addSecurityHeaders(&response, path: request.uri.path) }
        response.headers[.requestID] = context.id
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(response.status.code),
            "ms": .string(String(Int(milliseconds.rounded()))),
            "user": .string(context.caller?.user ?? "-"),
        ])
        return response
    }
}

extension FrontDoor {
    /// The requests served without a login: logging in (the API's and the login page), the
    /// API's description and the pages' style sheet.
    static func isOpen(_ request: Request) -> Bool {
        (request.method == .post && request.uri.path == SessionController.path)
            || (request.method == .get && request.uri.path == OpenAPIController.path)
            || PagesController.isOpen(request)
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
