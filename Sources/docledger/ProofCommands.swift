import ArgumentParser
import DocLedgerKit
import Transparency
#if canImport(Glibc)
import Glibc
#endif

// Keys, signed checkpoints and proofs an inspector checks without the ledger (issue 15).

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Signing keys for checkpoints (Ed25519, in the C2SP signed-note encodings).",
        subcommands: [KeyGenerate.self])
}

struct KeyGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new signing key to PREFIX.key (mode 0600) and its verifier key to PREFIX.pub.",
        discussion: """
            PREFIX.key is `PRIVATE+KEY+NAME+KEYID+KEY`: keep it off the ledger machine's shared folders \
            (whoever holds it can sign checkpoints in the office's name). PREFIX.pub is \
            `NAME+KEYID+KEY`: give it to inspectors; `docledger check-proof` needs only it. No ledger is opened.
            """)

    @Option(help: ArgumentHelp("The key's name: the checkpoints' origin line, e.g. ubnd.kiengiang.gov.vn/docledger (no spaces or '+').", valueName: "origin"))
    var name: String

    @Option(help: ArgumentHelp("Where to write PREFIX.key and PREFIX.pub (neither may exist).", valueName: "prefix"))
    var out: String

    func run() throws {
        let signer: NoteSigner
        do { signer = try NoteSigner.generate(name: name) } catch { throw CLIFailure.usage("--name: \(error)") }
        let keyPath = out + ".key", pubPath = out + ".pub"
        for path in [keyPath, pubPath] where access(path, F_OK) == 0 {
            throw CLIFailure.usage("\(path) already exists; give another --out prefix (a key is never overwritten)")
        }
        try writeNewFile(pubPath, signer.verifier.encoded + "\n", mode: 0o644)
        do {
            try writeNewFile(keyPath, signer.encoded + "\n", mode: 0o600)
        } catch {
            unlink(pubPath)   // nothing half-written: no public key without its private key
            throw error
        }
        print("wrote \(keyPath) (private, mode 0600) and \(pubPath): \(signer.verifier.encoded)")
    }
}

/// Creates `path` (refusing an existing file) with exactly `mode` and writes `text`; on any
/// failure the file is removed.
func writeNewFile(_ path: String, _ text: String, mode: mode_t) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw CLIFailure.usage("cannot create \(path): \(String(cString: strerror(errno)))") }
    _ = fchmod(fd, mode)
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        if n <= 0 {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(path)
            throw CLIFailure.usage("cannot write \(path): \(reason)")
        }
        offset += n
    }
    guard fsync(fd) == 0, close(fd) == 0 else {
        unlink(path)
        throw CLIFailure.usage("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}

/// A small text file the user named (a key, a checkpoint, a proof).
func readTextFile(_ path: String, what: String) throws -> String {
    guard let bytes = readFile(path) else {
        throw CLIFailure.usage("cannot read \(what) \(path): \(String(cString: strerror(errno)))")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw CLIFailure.usage("\(what) \(path) is not UTF-8 text") }
    return text
}

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a checkpoint of every event in the ledger and print it (a C2SP signed note).",
        discussion: """
            Prints `ORIGIN`, the number of events, the base64 root of their Merkle tree, a blank line and the \
            signature line. The ledger records it as a CheckpointSigned event appended after the events it \
            covers (so the next checkpoint covers that event too), and never records a checkpoint whose root is \
            not its own. Save the output (e.g. `> 2017-Q2.checkpoint`) and give it to inspectors with the .pub file.
            """)

    @OptionGroup var ledger: LedgerOptions

    @Option(help: ArgumentHelp("The signing key written by `docledger key generate`.", valueName: "prefix.key"))
    var key: String

    func run() throws {
        let text = try readTextFile(key, what: "the key")
        let signer: NoteSigner
        do { signer = try NoteSigner(parsing: text) } catch { throw CLIFailure.usage("--key \(key): \(error)") }
        let signed = try ledger.open(.write).signCheckpoint(with: signer, actor: ledger.actorName)
        print(signed.note, terminator: "")
    }
}

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Write the proof that an event (or a subject's history) is in a signed checkpoint, or that one checkpoint extends another.",
        discussion: """
            `prove ID --checkpoint CP`: ID is an event id, or a directive, programme item, document \
            (41/QĐ-UBND@2017) or incoming document (123@2017): one JSON object for an event, a JSON array with \
            one object per event of the subject's history. `prove --consistency OLD --checkpoint NEW`: the proof \
            that the ledger signed in NEW extends the one signed in OLD. The checkpoints must be this ledger's \
            (their roots its own). Check the output with `docledger check-proof FILE --pub PREFIX.pub`.
            """)

    @OptionGroup var ledger: LedgerOptions

    @Argument(help: ArgumentHelp("An event id, a directive or programme item id, 41/QĐ-UBND@2017, or 123@2017.", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("A checkpoint printed by `docledger checkpoint`.", valueName: "file"))
    var checkpoint: String

    @Option(help: ArgumentHelp("An earlier checkpoint: prove that --checkpoint extends it.", valueName: "old-checkpoint"))
    var consistency: String?

    func validate() throws {
        if id == nil && consistency == nil { throw ValidationError("give an event or subject id to prove, or --consistency OLD_CHECKPOINT") }
        if id != nil && consistency != nil { throw ValidationError("give either an id or --consistency, not both") }
    }

    func run() throws {
        let new = try readTextFile(checkpoint, what: "the checkpoint")
        let opened = try ledger.open(.read)
        if let consistency {
            let old = try readTextFile(consistency, what: "the checkpoint")
            print(try opened.consistencyProof(old: old, new: new).text)
            return
        }
        guard let id else { return }
        let (proofs, single) = try opened.inclusionProofs(of: id, checkpoint: new)
        print(ProofFile.text(proofs, single: single))
    }
}

struct CheckProof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-proof",
        abstract: "Check a proof written by `docledger prove` with the ledger's public key alone (no ledger needed).",
        discussion: """
            Checks the checkpoint's signature, recomputes each event's leaf from its line and runs RFC 9162 \
            §2.1.3.2 (inclusion) or §2.1.4.2 (consistency). Exit 0 with one line saying what was proven; exit 1 \
            with what failed.
            """)

    @Argument(help: ArgumentHelp("The proof (JSON), or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The verifier key written by `docledger key generate`.", valueName: "prefix.pub"))
    var pub: String

    func run() throws {
        let keyText = try readTextFile(pub, what: "the public key")
        let verifier: NoteVerifier
        do { verifier = try NoteVerifier(parsing: keyText) } catch { throw CLIFailure.usage("--pub \(pub): \(error)") }
        let text = try readTextFile(file == "-" ? "/dev/stdin" : file, what: "the proof")
        do {
            print(try ProofFile.check(text, verifier: verifier))
        } catch {
            throw CLIFailure.rejected("not proven: \(error)")
        }
    }
}
