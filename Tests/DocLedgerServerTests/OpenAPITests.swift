import DocLedgerKit
@testable import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `GET /api/openapi.yaml` is kept true: every route of the router is in it, and every
/// operation in it is a route that answers.
@Suite("OpenAPI document")
struct OpenAPITests {
    struct Operation: Hashable, CustomStringConvertible {
        let method: String
        let path: String
        var description: String { "\(method) \(path)" }
    }

    /// The (method, path) of each operation under `paths:`: a path is a key indented by two
    /// spaces, an operation a method key indented by four below it.
    static func operations(in yaml: String) -> [Operation] {
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        var operations: [Operation] = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: true) {
            if !line.hasPrefix(" ") {
                inPaths = line.trimmingCharacters(in: .whitespaces) == "paths:"
                path = nil
                continue
            }
            guard inPaths, line.hasSuffix(":") else { continue }
            if line.hasPrefix("  ") && !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast()).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            } else if let path, line.hasPrefix("    ") && !line.hasPrefix("     ") {
                let key = String(line.dropFirst(4).dropLast())
                if methods.contains(key) { operations.append(Operation(method: key.uppercased(), path: path)) }
            }
        }
        return operations
    }

    /// Whether a router path (`/api/directives/{id}/extend`, `/api/documents/**`) covers a
    /// documented path (`/api/directives/{id}/extend`, `/api/documents/{symbol}@{year}/recall`).
    static func route(_ routerPath: String, covers documented: String) -> Bool {
        let route = routerPath.split(separator: "/"), given = documented.split(separator: "/")
        for (index, segment) in route.enumerated() {
            if segment == "**" { return given.count > index }
            guard index < given.count else { return false }
            if segment.hasPrefix("{") || segment.hasPrefix(":") || segment == "*" { continue }
            if segment != given[index] { return false }
        }
        return route.count == given.count
    }

    func servedDocument(_ client: any TestClientProtocol) async throws -> String {
        let reply = try await client.send(.get, OpenAPIController.path, token: nil)
        #expect(reply.status == 200, "\(reply)")
        return reply.text
    }

    @Test("served without a login, as YAML, OpenAPI 3.1, with the bearer and cookie schemes and the error object")
    func served() async throws {
        try await withServer { client, _ in
            let reply = try await client.send(.get, OpenAPIController.path, token: nil)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply.headers[.contentType] == "application/yaml; charset=utf-8")
            #expect(reply.text.hasPrefix("openapi: 3.1.0\n"))
            for needed in ["  securitySchemes:\n    bearer:\n      type: http\n      scheme: bearer\n",
                           "    cookie:\n      type: apiKey\n      in: cookie\n      name: \(SessionAuthenticator.cookieName)\n",
                           "    Error:\n      type: object\n      required: [error]\n"] {
                #expect(reply.text.contains(needed), "\(needed)")
            }
            #expect(!reply.text.contains("\\#("), "every interpolation was filled in")
            #expect(!reply.text.contains("\t"), "YAML is indented with spaces")
            // Only the document is open: its neighbours still need a login.
            #expect(try await client.send(.get, "/api/openapi.json", token: nil).status == 401)
            #expect(try await client.send(.post, OpenAPIController.path, token: nil, body: "{}").status == 401)
        }
    }

    @Test("every route the router has is in the document, and every operation in the document is a route of the router")
    func routesAreDocumented() async throws {
        let ledger = try ServerLedger()
        let ledgers = try await Ledgers(ledger.settings())
        let router = makeRouter(ledger.settings(), ledgers: ledgers, authenticator: DevelopmentTokenAuthenticator(Token.table))
        // The JSON API's routes; the office's HTML pages (everything outside /api) are not an API.
        let routes = router.routes.map { Operation(method: $0.method.rawValue, path: $0.path.description) }
            .filter { $0.path == "/api" || $0.path.hasPrefix("/api/") }
        await ledgers.close()
        let documented = Self.operations(in: OpenAPIController.document)
        #expect(routes.count >= 20, "\(routes)")
        #expect(documented.count == 34, "\(documented)")
        #expect(Set(documented).count == documented.count, "no operation twice")
        for route in routes {
            #expect(documented.contains { $0.method == route.method && Self.route(route.path, covers: $0.path) },
                    "\(route) is not in openapi.yaml")
        }
        for operation in documented {
            #expect(routes.contains { $0.method == operation.method && Self.route($0.path, covers: operation.path) },
                    "\(operation) is documented but the router has no such route")
        }
    }

    @Test("every documented operation answers something other than 404 to a caller with its role")
    func documentedRoutesAnswer() async throws {
        try await withServer { client, _ in
            let document = try await servedDocument(client)
            #expect(Self.operations(in: document) == Self.operations(in: OpenAPIController.document))
            // The subjects the paths name exist, so that a 404 could only mean a missing route.
            let seeds: [(String, String)] = [
                ("/api/documents/issued", json(["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Phê duyệt"])),
                ("/api/directives", json(["directive_id": "CT-1", "issued_on": "2017-03-20", "lead_unit": "Sở Y tế", "content": "Kiểm tra"])),
                ("/api/programme", json(["item_id": "NN-01", "year": 2017, "title": "Đề án", "lead_unit": "Sở Nông nghiệp", "due": "Q2/2017"])),
                ("/api/documents/received", json(["received_on": "2017-01-05", "sender": "Sở Y tế", "number_symbol": "1/SYT",
                                                  "doc_type": "CV", "subject": "Đề nghị"])),
            ]
            for (path, body) in seeds {
                let seeded = try await client.send(.post, path, token: Token.all, body: body)
                #expect(seeded.status == 201, "\(path): \(seeded)")
            }
            let account = try await client.send(.post, "/api/accounts", token: Token.admin,
                                                body: #"{"user":"quantri.dang","name":"Đặng Quản Trị","roles":["admin"],"password":"mat-khau-quan-tri"}"#)
            #expect(account.status == 201, "\(account)")
            for operation in Self.operations(in: document) {
                var uri = operation.path
                    .replacingOccurrences(of: "{symbol}@{year}", with: "01/QĐ-UBND@2017")
                    .replacingOccurrences(of: "{arrival_no}@{year}", with: "1@2017")
                    .replacingOccurrences(of: "/api/programme/{id}", with: "/api/programme/NN-01")
                    .replacingOccurrences(of: "{id}", with: "CT-1")
                    .replacingOccurrences(of: "{user}/{action}", with: "quantri.dang/disable")
                if uri.hasPrefix("/api/report") || uri == "/api/reconcile" { uri += "?period=2017-H1" }
                let token: String? = switch uri {
                case "/api/accounts", "/api/accounts/quantri.dang/disable": Token.admin
                case SessionController.path where operation.method == "POST", OpenAPIController.path: nil
                default: Token.all
                }
                let body: String? = switch operation.method {
                case "POST" where uri == SessionController.path: #"{"user":"khong.co","password":"sai"}"#
                case "POST": "{}"
                default: nil
                }
                let reply = try await client.send(HTTPRequest.Method(operation.method)!, uri, token: token, body: body)
                #expect(reply.status != 404 && reply.status < 500, "\(operation) as \(uri): \(reply)")
                #expect(uri.contains("{") == false, "\(operation): a path parameter left unfilled")
            }
        }
    }
}
