import Foundation
import Testing

@Suite("docledger account")
struct AccountTests {
    /// `docledger account ARGS` on the scratch ledger, with the password (if any) on stdin and a
    /// low bcrypt cost so the suite stays fast.
    func account(_ scratch: Scratch, _ arguments: [String], password: String? = nil) throws -> RunResult {
        let stdin = try password.map { try scratch.write("password.txt", $0 + "\n") }
        return try RunningProcess(executable: docledgerPath,
                                  arguments: ["account"] + arguments + ["--db", scratch.ledger, "--actor", "quantri"],
                                  stdinPath: stdin, scratch: scratch.directory,
                                  environment: ["DOCLEDGER_BCRYPT_COST": "4"]).wait()
    }

    @Test("add (password from stdin), grant, revoke, disable, list: events in the chain, credentials never in the export")
    func lifecycle() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        let added = try account(scratch, ["add", "vanthu.nguyen", "--name", "Nguyễn Thị Thư", "--role", "clerk,officer"], password: "mat-khau-bi-mat")
        #expect(added.status == 0 && added.stdout == "account vanthu.nguyen opened (event 1)\n", "\(added)")
        #expect(try account(scratch, ["grant", "vanthu.nguyen", "inspector"]).stdout == "vanthu.nguyen may now act as inspector (event 2)\n")
        #expect(try account(scratch, ["revoke", "vanthu.nguyen", "officer"]).stdout == "vanthu.nguyen may no longer act as officer (event 3)\n")
        let twice = try account(scratch, ["revoke", "vanthu.nguyen", "officer"])
        #expect(twice.status == 1 && twice.stderr == "docledger: role: vanthu.nguyen does not have the role officer\n", "\(twice)")
        #expect(try account(scratch, ["disable", "vanthu.nguyen", "--reason", "Chuyển công tác"]).status == 0)
        let list = try account(scratch, ["list"])
        #expect(list.stdoutLines == [
            "user           roles                         state     name",
            "vanthu.nguyen  clerk,inspector               disabled  Nguyễn Thị Thư",
        ], "\(list)")
        let export = String(decoding: try scratch.export(), as: UTF8.self)
        #expect(export.contains("\"type\":\"AccountCreated\"") && export.contains("\"actor\":\"quantri\""))
        #expect(!export.contains("mat-khau") && !export.contains("$2b$"), "a credential reached the export")
        #expect(try scratch.run(["verify"]).status == 0)
    }

    @Test("a short password, no password on stdin, a bad user name: refused, nothing written; no password option exists")
    func refusals() throws {
        let scratch = try Scratch()
        #expect(try scratch.run(["init"]).status == 0)
        let short = try account(scratch, ["add", "ngan", "--name", "Ngắn", "--role", "clerk"], password: "1234")
        #expect(short.status == 2 && short.stderr.contains("password: must be 8 to 72 bytes"), "\(short)")
        let none = try account(scratch, ["add", "khong", "--name", "Không", "--role", "clerk"])
        #expect(none.status == 2 && none.stderr.contains("no password on standard input"), "\(none)")
        let badName = try account(scratch, ["add", "Văn Thư", "--name", "X", "--role", "clerk"], password: "mat-khau-dai-du")
        #expect(badName.status == 1 && badName.stderr.contains("is not a user name"), "\(badName)")
        let option = try account(scratch, ["add", "thu", "--name", "X", "--role", "clerk", "--password", "mat-khau-dai-du"])
        #expect(option.status == 2, "a password must never be an argument: \(option)")
        #expect(try scratch.eventCount() == 0)
    }
}
