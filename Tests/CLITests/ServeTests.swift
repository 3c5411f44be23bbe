import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `docledger serve` as a process: what it refuses before listening, and a real run on a
/// loopback port stopped by SIGTERM, checked afterwards with the CLI on the file.
@Suite("serve")
struct ServeTests {
    static let token = "cli-serve-token-0000000001"

    @Test("serve refuses to start without a login table, on a malformed --listen or --max-body (exit 2), and without a ledger (exit 3)")
    func refusals() throws {
        let scratch = try Scratch()
        let noTokens = try scratch.run(["serve"])
        #expect(noTokens.status == 2, "\(noTokens)")
        #expect(noTokens.stderr.contains("give at least one --dev-token TOKEN:user:role1,role2 (temporary: accounts are not built yet)"))
        let listen = try scratch.run(["serve", "--dev-token", "\(Self.token):vanthu:clerk", "--listen", "8080"])
        #expect(listen.status == 2, "\(listen)")
        #expect(listen.stderr.contains("--listen must be HOST:PORT"))
        let size = try scratch.run(["serve", "--dev-token", "\(Self.token):vanthu:clerk", "--max-body", "lots"])
        #expect(size.status == 2, "\(size)")
        let noLedger = try scratch.run(["serve", "--dev-token", "\(Self.token):vanthu:clerk", "--listen", "127.0.0.1:0"])
        #expect(noLedger.status == 3, "\(noLedger)")
        #expect(noLedger.stderr.contains("create it with `docledger init`"))
        #expect(!noLedger.showsACrash)
    }

    @Test("a real serve: a document recorded over HTTP under the login's name; SIGTERM stops it cleanly (exit 0); history and verify agree on the file")
    func serveAndStop() async throws {
        let scratch = try Scratch()
        try #require(try scratch.run(["init"]).status == 0)
        let port = try freePort()
        let server = try scratch.start(["serve", "--listen", "127.0.0.1:\(port)", "--dev-token", "\(Self.token):vanthu.nguyen:clerk"])
        var ready = false
        for _ in 0..<200 where !ready {
            ready = (try? httpRequest(port: port, "GET /api/digest HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) != nil
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(ready, "the server did not start listening")
        let body = #"{"doc_type":"QĐ","subject":"Qua mạng","issued_on":"2017-01-06"}"#
        let request = "POST /api/documents/issued HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \(Self.token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        let reply = try httpRequest(port: port, request)
        #expect(reply.hasPrefix("HTTP/1.1 201"), "\(reply)")
        #expect(reply.contains(#""number_symbol":"01/QĐ-UBND""#), "\(reply)")
        kill(server.process.processIdentifier, SIGTERM)
        let stopped = try server.wait()
        #expect(stopped.status == 0 && stopped.exitedNormally, "\(stopped)")
        #expect(stopped.stderr.contains("ledger closed"), "\(stopped)")
        #expect(stopped.stderr.contains("method=POST") && stopped.stderr.contains("status=201") && stopped.stderr.contains("user=vanthu.nguyen"))
        #expect(!stopped.stderr.contains(Self.token))
        let history = try scratch.run(["history", "01/QĐ-UBND@2017"])
        #expect(history.stdout.contains("vanthu.nguyen"), "\(history)")
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
