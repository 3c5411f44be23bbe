import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `docledger serve` as a process: what it refuses before listening, and a real run on a
/// loopback port stopped by SIGTERM, checked afterwards with the CLI on the file.
@Suite("serve")
struct ServeTests {
    @Test("serve refuses a malformed --listen or --max-body (exit 2), and a path with no ledger (exit 3)")
    func refusals() throws {
        let scratch = try Scratch()
        let listen = try scratch.run(["serve", "--listen", "8080"])
        #expect(listen.status == 2, "\(listen)")
        #expect(listen.stderr.contains("--listen must be HOST:PORT"))
        let size = try scratch.run(["serve", "--max-body", "lots"])
        #expect(size.status == 2, "\(size)")
        let noLedger = try scratch.run(["serve", "--listen", "127.0.0.1:0"])
        #expect(noLedger.status == 3, "\(noLedger)")
        #expect(noLedger.stderr.contains("create it with `docledger init`"))
        #expect(!noLedger.showsACrash)
    }

    /// Opens an account on the scratch ledger (password on stdin, a low bcrypt cost for speed).
    func addAccount(_ scratch: Scratch, _ user: String, role: String) throws {
        let password = try scratch.write("password-\(user).txt", "mat-khau-\(user)\n")
        let added = try RunningProcess(executable: docledgerPath,
                                       arguments: ["account", "add", user, "--name", "Người \(user)", "--role", role, "--db", scratch.ledger,
                                                   "--actor", "quantri"],
                                       stdinPath: password, scratch: scratch.directory, environment: ["DOCLEDGER_BCRYPT_COST": "4"]).wait()
        try #require(added.status == 0, "\(added)")
    }

    /// A request with a JSON body; the whole answer (status line, headers, body).
    func post(_ port: Int, _ path: String, _ body: String, token: String? = nil, method: String = "POST") throws -> String {
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return try httpRequest(port: port, "\(method) \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\(authorization)"
                               + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
    }

    /// The token of a login answer.
    func token(of reply: String) throws -> String {
        let body = try #require(reply.range(of: "\r\n\r\n").map { String(reply[$0.upperBound...]) }, "\(reply)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
        return try #require(object["token"] as? String)
    }

    @Test("a real serve: a clerk and a leader log in, record a document and a directive under their names; a bad password is 401, a logout ends the token; SIGTERM stops it cleanly; history and verify agree on the file")
    func serveAndStop() async throws {
        let scratch = try Scratch()
        try #require(try scratch.run(["init"]).status == 0)
        try addAccount(scratch, "vanthu.nguyen", role: "clerk")
        try addAccount(scratch, "lanhdao", role: "leader")
        let port = try freePort()
        let server = try scratch.start(["serve", "--listen", "127.0.0.1:\(port)"])
        var ready = false
        for _ in 0..<200 where !ready {
            ready = (try? httpRequest(port: port, "GET /api/digest HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) != nil
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(ready, "the server did not start listening")
        let wrong = try post(port, "/api/session", #"{"user":"vanthu.nguyen","password":"sai-mat-khau"}"#)
        #expect(wrong.hasPrefix("HTTP/1.1 401"), "\(wrong)")
        let clerkLogin = try post(port, "/api/session", #"{"user":"vanthu.nguyen","password":"mat-khau-vanthu.nguyen"}"#)
        #expect(clerkLogin.hasPrefix("HTTP/1.1 200") && clerkLogin.contains("HttpOnly; SameSite=Strict"), "\(clerkLogin)")
        let clerk = try token(of: clerkLogin)
        let issued = try post(port, "/api/documents/issued", #"{"doc_type":"QĐ","subject":"Qua mạng","issued_on":"2017-01-06"}"#, token: clerk)
        #expect(issued.hasPrefix("HTTP/1.1 201") && issued.contains(#""number_symbol":"01/QĐ-UBND""#), "\(issued)")
        let notHers = try post(port, "/api/directives", #"{"directive_id":"CT-01","lead_unit":"Sở Y tế","content":"Rà soát","issued_on":"2017-01-07"}"#, token: clerk)
        #expect(notHers.hasPrefix("HTTP/1.1 403"), "\(notHers)")
        let leader = try token(of: try post(port, "/api/session", #"{"user":"lanhdao","password":"mat-khau-lanhdao"}"#))
        let directive = try post(port, "/api/directives", #"{"directive_id":"CT-01","lead_unit":"Sở Y tế","content":"Rà soát","issued_on":"2017-01-07"}"#, token: leader)
        #expect(directive.hasPrefix("HTTP/1.1 201"), "\(directive)")
        #expect(try post(port, "/api/session", "", token: clerk, method: "DELETE").hasPrefix("HTTP/1.1 204"))
        let afterLogout = try post(port, "/api/documents/issued", #"{"doc_type":"QĐ","subject":"Sau khi thoát"}"#, token: clerk)
        #expect(afterLogout.hasPrefix("HTTP/1.1 401"), "\(afterLogout)")

        kill(server.process.processIdentifier, SIGTERM)
        let stopped = try server.wait()
        #expect(stopped.status == 0 && stopped.exitedNormally, "\(stopped)")
        #expect(stopped.stderr.contains("ledger closed"), "\(stopped)")
        #expect(stopped.stderr.contains("method=POST") && stopped.stderr.contains("status=201") && stopped.stderr.contains("user=vanthu.nguyen"))
        #expect(stopped.stderr.contains("login failed"), "failed logins are in the server's log")
        #expect(!stopped.stderr.contains(clerk) && !stopped.stderr.contains("mat-khau"), "no token or password in the log")
        let history = try scratch.run(["history", "01/QĐ-UBND@2017"])
        #expect(history.stdout.contains("vanthu.nguyen"), "\(history)")
        #expect(try scratch.run(["history", "CT-01"]).stdout.contains("lanhdao"))
        let verify = try scratch.run(["verify"])
        #expect(verify.status == 0, "\(verify)")
    }

    /// A port nothing listens on now (the kernel's choice for a socket bound to port 0).
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends one request on a connection of its own; the answer up to the server's close.
    func httpRequest(port: Int, _ text: String) throws -> String {
        struct Refused: Error {}
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Refused() }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
