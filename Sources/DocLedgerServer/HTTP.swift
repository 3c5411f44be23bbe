import Hummingbird
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// JSON and text responses.
enum JSONBody {
    /// `value` as JSON with sorted keys (the same bytes for the same answer).
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail; were it to, the answer is still JSON.
        let bytes = (try? encoder.encode(value)).map { Array($0) } ?? Array(#"{"error":"internal error"}"#.utf8)
        return text(bytes, contentType: "application/json; charset=utf-8", status: status, headers: headers)
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        self.text(Array(text.utf8), contentType: contentType, status: status)
    }

    static func text(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// What a route accepts as its body.
struct BodyRule {
    /// Media types accepted (lower case, without parameters).
    let mediaTypes: [String]
    /// At most this many bytes.
    let limit: Int

    static func json(limit: Int) -> BodyRule { BodyRule(mediaTypes: ["application/json"], limit: limit) }
    /// JSON Lines under the names clients send it with (a single event is also plain JSON).
    static func jsonLines(limit: Int) -> BodyRule {
        BodyRule(mediaTypes: ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/json"], limit: limit)
    }
}

extension Request {
    /// The body, checked against `rule`: its media type (415) and its size (413, from the
    /// declared length before reading anything, and while reading a body of unknown length).
    mutating func body(_ rule: BodyRule) async throws -> ByteBuffer {
        let accepted = rule.mediaTypes.joined(separator: " or ")
        guard let contentType = headers[.contentType] else {
            throw APIError.unsupportedMediaType("missing Content-Type: send \(accepted)")
        }
        let parts = contentType.split(separator: ";").map { $0.trimmingSpaces.lowercased() }
        guard let mediaType = parts.first, rule.mediaTypes.contains(mediaType) else {
            throw APIError.unsupportedMediaType("Content-Type \(Self.quoted(contentType)) is not accepted here: send \(accepted)")
        }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).filter { $0 != "\"" }
            guard charset == "utf-8" || charset == "utf8" else {
                throw APIError.unsupportedMediaType("charset \(Self.quoted(String(charset))) is not accepted: the body must be UTF-8")
            }
        }
        let tooLarge = "the body is over the limit of \(rule.limit) bytes"
        if let declared = headers[.contentLength], let length = Int(declared), length > rule.limit {
            throw APIError.tooLarge(tooLarge + " (Content-Length: \(length))")
        }
        do {
            return try await collectBody(upTo: rule.limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.tooLarge(tooLarge)
        }
    }

    /// A header value as it may be shown back: printable ASCII, at most 100 characters.
    static func quoted(_ text: String) -> String {
        let shown = String(text.unicodeScalars.prefix(100).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
        return "\"" + shown + (text.unicodeScalars.count > 100 ? "…" : "") + "\""
    }

    /// A query parameter, percent-decoded; nil when absent.
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}

/// A path segment as the client meant it: percent-decoded, valid UTF-8, without control
/// characters (a request naming something that cannot exist is malformed: 400).
func decodedPathSegment(_ raw: Substring, name: String) throws -> String {
    var bytes: [UInt8] = []
    var iterator = raw.utf8.makeIterator()
    while let byte = iterator.next() {
        guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
        guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
            throw APIError.badRequest("the path's \(name) has a malformed percent-encoding (%XX, two hex digits)", field: name,
                                      reason: "malformed percent-encoding")
        }
        bytes.append(high << 4 | low)
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw APIError.badRequest("the path's \(name) is not UTF-8 once percent-decoded", field: name, reason: "not UTF-8")
    }
    if text.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) {
        throw APIError.badRequest("the path's \(name) contains a control character", field: name, reason: "contains a control character")
    }
    guard !text.isEmpty else { throw APIError.badRequest("the path's \(name) is empty", field: name, reason: "empty") }
    return text
}

/// The value of one hex digit (either case), for percent-decoding paths and form bodies.
func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}
