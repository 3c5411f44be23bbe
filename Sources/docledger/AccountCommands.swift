import ArgumentParser
import DocLedgerKit
#if canImport(Glibc)
import Glibc
#endif

/// `docledger account …`: the person with the file is the administrator. Grants, revocations
/// and disabling are ledger events; passwords are not (bcrypt hashes beside the chain).
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Manage the accounts of the office's server: who may log in, and with which roles.",
        discussion: "Roles: \(Ledger.roles.joined(separator: ", ")). Passwords are read from standard input, never from an argument.",
        subcommands: [AccountAdd.self, AccountPasswd.self, AccountDisable.self, AccountGrant.self, AccountRevoke.self, AccountList.self])
}

/// Reads a password: the first line of standard input; on a terminal, asked for without echo.
func readPassword(prompt: String) throws -> String {
    let terminal = isatty(0) == 1
    var saved = termios()
    if terminal {
        writeStandardError(prompt)
        tcgetattr(0, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(0, TCSANOW, &quiet)
    }
    defer {
        if terminal {
            tcsetattr(0, TCSANOW, &saved)
            writeStandardError("\n")
        }
    }
    guard let line = readLine(strippingNewline: true) else {
        throw CLIFailure.usage("no password on standard input: type it, or pipe it in (`printf '%s\\n' \"$PASSWORD\" | docledger account …`)")
    }
    return line.hasSuffix("\r") ? String(line.dropLast()) : line
}

extension LedgerOptions {
    /// The ledger for account changes; `$DOCLEDGER_BCRYPT_COST` (4–31) lowers bcrypt's cost for tests.
    func openForAccounts() throws -> Ledger {
        let ledger = try open(.write)
        if let env = getenv("DOCLEDGER_BCRYPT_COST"), let cost = UInt8(String(cString: env)), (4...31).contains(cost) {
            ledger.passwordCost = cost
        }
        return ledger
    }
}

struct AccountAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Open an account; its password is read from standard input.",
        discussion: "Example: printf '%s\\n' \"$PASSWORD\" | docledger account add vanthu.nguyen --name \"Nguyễn Thị Thư\" --role clerk")
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The user name (lowercase letters, digits, '.', '_', '-').") var user: String
    @Option(help: "The person's full name.") var name: String
    @Option(help: ArgumentHelp("Roles, comma-separated: clerk, officer, leader, inspector, admin.", valueName: "roles")) var role: String

    func run() throws {
        let opened = try ledger.openForAccounts()
        let password = try readPassword(prompt: "Password for \(user): ")
        let roles = role.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        let recorded = try opened.addAccount(user: user, name: name, roles: roles, password: password, actor: ledger.actorName)
        print("account \(user) opened (event \(recorded.seq ?? 0))")
    }
}

struct AccountPasswd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a new password (read from standard input); ends the account's sessions.")
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The user name.") var user: String

    func run() throws {
        let opened = try ledger.openForAccounts()
        try opened.setPassword(of: user, to: try readPassword(prompt: "New password for \(user): "))
        print("password of \(user) changed; their sessions are ended")
    }
}

/// The account (and, for `grant` and `revoke`, the role) a change is about; `change` records
/// it as the person at the machine and prints what it did.
struct AccountTarget: ParsableArguments {
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The user name.") var user: String

    func change(_ says: String, _ record: (Ledger, String) throws -> Recorded) throws {
        let recorded = try record(try ledger.openForAccounts(), ledger.actorName)
        print("\(user) \(says) (event \(recorded.seq ?? 0))")
    }
}

struct AccountDisable: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Close an account; its sessions end at once.")
    @OptionGroup var target: AccountTarget
    @Option(help: "Why.") var reason: String?

    func run() throws {
        try target.change("is disabled") { try $0.disable(target.user, reason: reason, actor: $1) }
    }
}

/// The account and the role of `grant` and `revoke`.
struct RoleTarget: ParsableArguments {
    @OptionGroup var account: AccountTarget
    @Argument(help: "clerk, officer, leader, inspector or admin.") var role: String
}

struct AccountGrant: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant", abstract: "Give an account a role, from its next request on.")
    @OptionGroup var target: RoleTarget

    func run() throws {
        try target.account.change("may now act as \(target.role)") { try $0.grant(target.role, to: target.account.user, actor: $1) }
    }
}

struct AccountRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a role from an account, from its next request on.")
    @OptionGroup var target: RoleTarget

    func run() throws {
        try target.account.change("may no longer act as \(target.role)") { try $0.revoke(target.role, from: target.account.user, actor: $1) }
    }
}

struct AccountList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every account: user, roles, open or disabled, name.")
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let accounts = try ledger.open(.read).accounts()
        let width = max(4, accounts.map(\.user.count).max() ?? 0)
        func padded(_ text: String, _ n: Int) -> String { text + String(repeating: " ", count: max(0, n - text.count)) }
        print(padded("user", width) + "  " + padded("roles", 28) + "  " + padded("state", 8) + "  name")
        for a in accounts {
            print(padded(a.user, width) + "  " + padded(a.roles.joined(separator: ","), 28) + "  "
                  + padded(a.disabled ? "disabled" : "open", 8) + "  " + a.name)
        }
    }
}
