import DocLedgerKit
import HTTPTypes
import Hummingbird
import Logging
import ReportRendering

/// A page asked for without a login: the answer is the login page, then back here.
struct PageLoginNeeded: Error {
    let next: String
}

extension Request {
    /// A query parameter of a page, decoded as a browser's GET form encodes it (`+` a space,
    /// `%2B` a plus); nil when absent or not UTF-8. The JSON API keeps `query(_:)`.
    func pageQuery(_ name: String) -> String? {
        guard let raw = uri.query, let form = try? FormBody(Array(raw.utf8)) else { return nil }
        return form[name]
    }
}

/// A form posted without this session's form token (another site's page, or a stale form).
struct PageFormRefused: Error {}

/// What every page answer has in common: HTML, the security headers, redirects.
enum Page {
    /// Requests for the office's pages (everything that is not the JSON API).
    static func isPage(_ request: Request) -> Bool {
        let path = request.uri.path
        return !(path == "/api" || path.hasPrefix("/api/"))
    }

    /// No script at all (charts are SVG drawn by the server), styles only from the server's own
    /// sheet, forms only to this server, never inside a frame; pages hold ledger data, so no caching.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func addSecurityHeaders(_ response: inout Response, path: String) {
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    }

    /// The value of the cookie `name` the request carries.
    static func cookie(_ name: String, of request: Request) -> String? {
        for cookies in request.headers[values: .cookie] {
            for pair in cookies.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                if trimmed.hasPrefix(name + "=") { return String(trimmed.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }

    /// Whether a token given equals the one expected (not empty), compared in constant time.
    static func sameBytes(_ expected: String, _ given: String) -> Bool {
        let expected = Array(expected.utf8), given = Array(given.utf8)
        guard !expected.isEmpty, expected.count == given.count else { return false }
        return zip(expected, given).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        JSONBody.text(text, contentType: "text/html; charset=utf-8", status: status)
    }

    /// 303: the browser follows with a GET (post/redirect/get).
    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// A page's answer to an error: the login page, or a page saying what went wrong in Vietnamese.
    static func errorResponse(for error: any Error, request: Request, requestID: String, logger: Logger) -> Response {
        if let needed = error as? PageLoginNeeded { return redirect("/login?next=" + percentEncoded(needed.next)) }
        if let error = error as? APIError, error.status == .unauthorized { return redirect("/login?next=" + percentEncoded(request.uri.path)) }
        let (status, model) = errorModel(for: error, requestID: requestID, logger: logger)
        var page = model
        page["appName"] = PageText.appName
        return html(PageTemplates.render("message", page), status: status)
    }

    /// Whether `error` is answered by the login page rather than an error page.
    static func needsLogin(_ error: any Error) -> Bool {
        error is PageLoginNeeded || (error as? APIError)?.status == .unauthorized
    }

    /// The status and the message page's model for an error.
    static func errorModel(for error: any Error, requestID: String, logger: Logger) -> (HTTPResponse.Status, [String: Any]) {
        let status: HTTPResponse.Status
        let title: String
        var text: String
        switch error {
        case is PageFormRefused:
            (status, title, text) = (.forbidden, PageText.forbiddenTitle, PageText.csrfRefused)
        case let forbidden as Forbidden:
            (status, title, text) = (.forbidden, PageText.forbiddenTitle, PageText.forbidden(forbidden.missing))
        case let failure as any LedgerFailure where failure.kind == .notFound:
            (status, title, text) = (.notFound, PageText.notFoundTitle, PageText.notFound)
        case let failure as any LedgerFailure where failure.kind == .usage || failure.kind == .rejected:
            text = PageText.badRequestTitle + ": "
            if let rejected = failure as? Rejected { text += rejected.problems.map { "\(PageText.fieldName($0.field)): \(PageText.reason($0.reason))" }.joined(separator: "; ") }
            else if let usage = failure as? UsageProblem { text += "\(PageText.fieldName(usage.field ?? "")): \(PageText.reason(usage.reason))" }
            (status, title) = (.badRequest, PageText.badRequestTitle)
        case let failure as any LedgerFailure where failure.kind == .busy:
            (status, title, text) = (.serviceUnavailable, PageText.errorTitle, PageText.busy)
        case let error as HTTPError where error.status == .notFound:
            (status, title, text) = (.notFound, PageText.notFoundTitle, PageText.notFound)
        case let error as APIError where error.status.code < 500:
            (status, title, text) = (error.status, PageText.badRequestTitle, error.message)
        case let error as HTTPError where error.status.code < 500:
            (status, title, text) = (error.status, PageText.badRequestTitle, error.status.reasonPhrase)
        default:
            // The JSON mapping logs it (and knows which are bugs); the page says only what the user can do.
            _ = ErrorAnswer.response(for: error, requestID: requestID, logger: logger)
            (status, title, text) = (.internalServerError, PageText.errorTitle, PageText.internalError)
        }
        var model: [String: Any] = ["pageTitle": title, "text": text, "kind": "error",
                                    "links": [["href": "/", "label": PageText.overview]]]
        if status == .internalServerError { model["requestID"] = requestID }
        return (status, model)
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "@"), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}

/// A form body (`application/x-www-form-urlencoded`), as the browser sends it.
struct FormBody {
    private(set) var pairs: [(String, String)] = []

    init(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((try Self.decoded(pieces[0]), pieces.count > 1 ? try Self.decoded(pieces[1]) : ""))
        }
    }

    subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    static func decoded(_ raw: ArraySlice<UInt8>) throws -> String {
        var bytes: [UInt8] = []
        var i = raw.startIndex
        while i < raw.endIndex {
            let byte = raw[i]
            if byte == UInt8(ascii: "+") { bytes.append(0x20) }
            else if byte == UInt8(ascii: "%"), i + 2 < raw.endIndex, let h = hexValue(raw[i + 1]), let l = hexValue(raw[i + 2]) {
                bytes.append(h << 4 | l); i += 2
            } else { bytes.append(byte) }
            i += 1
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError.badRequest("the form is not UTF-8", field: "body", reason: "not UTF-8")
        }
        // Browsers send a textarea's line ends as CRLF.
        return text.replacingCRLF
    }
}

extension String {
    var replacingCRLF: String {
        guard contains("\r\n") else { return self }
        return split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
    }
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
