import DocLedgerKit
import Hummingbird
import Logging

/// An answer the server gives on its own account (a malformed request, no login, a body too
/// large), before or beside the ledger: a status and one sentence, perhaps with problems.
struct APIError: Error {
    let status: HTTPResponse.Status
    let message: String
    var problems: [ProblemBody] = []

    static func badRequest(_ message: String, field: String? = nil, reason: String? = nil) -> APIError {
        APIError(status: .badRequest, message: message,
                 problems: field.map { [ProblemBody(line: nil, field: $0, reason: reason ?? message)] } ?? [])
    }
    static func unsupportedMediaType(_ message: String) -> APIError { APIError(status: .unsupportedMediaType, message: message) }
    static func tooLarge(_ message: String) -> APIError { APIError(status: .contentTooLarge, message: message) }
    static let unauthenticated = APIError(status: .unauthorized, message: "not logged in: give Authorization: Bearer TOKEN")
    static func refused(field: String, reason: String) -> APIError {
        APIError(status: .unprocessableContent, message: "refused: nothing was recorded",
                 problems: [ProblemBody(line: nil, field: field, reason: reason)])
    }
}

/// Lines of a `POST /api/events` body the ledger refused; nothing of the body was written.
struct EventsRefused: Error {
    let problems: [LineProblem]
}

struct ProblemBody: Encodable, Sendable {
    let line: Int?
    let field: String
    let reason: String
}

/// Every error body: `{"error": "...", "problems": [...]?, "request_id": "..."?}`.
struct ErrorBody: Encodable {
    let error: String
    let problems: [ProblemBody]?
    let request_id: String?
}

/// The one place where an error becomes a status and a body. Bad input is always a 4xx; a 500
/// means a bug or a ledger that cannot be used, says only "internal error" and the request id,
/// and the log line with that id says what happened.
enum ErrorAnswer {
    static func response(for error: any Error, requestID: String, logger: Logger) -> Response {
        var status: HTTPResponse.Status
        var message: String
        var problems: [ProblemBody] = []
        var headers: HTTPFields = [:]
        switch error {
        case let error as APIError:
            (status, message, problems) = (error.status, error.message, error.problems)
        case let error as Forbidden:
            (status, message) = (.forbidden, error.description)
        case let error as EventsRefused:
            let conflict = error.problems.contains { $0.field == "expected_version" }
            status = conflict ? .conflict : .unprocessableContent
            message = conflict ? "conflict: someone appended to the stream first; nothing was written"
                               : "refused: nothing of the body was written"
            problems = error.problems.map { ProblemBody(line: $0.line, field: $0.field, reason: $0.reason) }
        case let failure as any LedgerFailure:
            message = failure.description
            if let rejected = failure as? Rejected {
                problems = rejected.problems.map { ProblemBody(line: nil, field: $0.field, reason: $0.reason) }
                if failure.kind == .notFound {
                    message = rejected.problems.first?.reason ?? message
                } else if rejected.problems.count != 1 || rejected.problems[0].reason != rejected.description {
                    message = "refused: nothing was recorded"
                }
            } else if let usage = failure as? UsageProblem, let field = usage.field {
                problems = [ProblemBody(line: nil, field: field, reason: usage.reason)]
            }
            switch failure.kind {
            case .rejected: status = .unprocessableContent
            case .conflict: status = .conflict
            case .notFound: status = .notFound
            case .usage: status = .badRequest
            case .busy:
                // The ledger's sentence names the file's path, which is the server's business.
                logger.warning("ledger busy: \(failure.description)")
                (status, message, problems) = (.serviceUnavailable, "the ledger is busy (another program is writing to it); try again in a few seconds", [])
                headers[.retryAfter] = "5"
            case .unusable:
                logger.error("ledger unusable: \(failure.description)")
                return internalError(requestID: requestID)
            }
        case let error as HTTPError:
            // The router's own answers: no route (404), and any other it gives.
            status = error.status
            message = error.body ?? (error.status == .notFound ? "no such route" : error.status.reasonPhrase.lowercased())
        default:
            logger.error("internal error: \(String(reflecting: type(of: error))): \(error)")
            return internalError(requestID: requestID)
        }
        let body = ErrorBody(error: message, problems: problems.isEmpty ? nil : problems, request_id: nil)
        return JSONBody.response(body, status: status, headers: headers)
    }

    static func internalError(requestID: String) -> Response {
        JSONBody.response(ErrorBody(error: "internal error", problems: nil, request_id: requestID), status: .internalServerError)
    }
}
