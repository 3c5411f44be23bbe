// Writes a Swift file holding the bytes of schema.sql as a UTF-8 array literal, so the
// embedded copy is exactly the file (no escaping rules to get wrong).
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: embed-schema-tool SCHEMA.sql OUTPUT.swift\n".utf8))
    exit(2)
}
guard let bytes = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("embed-schema-tool: cannot read \(arguments[1])\n".utf8))
    exit(1)
}
var out = "// Generated from schema.sql at build time by the EmbedSchema plugin. Do not edit.\n"
out += "enum EmbeddedSchema {\n    static let bytes: [UInt8] = [\n"
var line = "       "
for (i, byte) in bytes.enumerated() {
    line += " \(byte),"
    if i % 24 == 23 { out += line + "\n"; line = "       " }
}
out += line + "\n    ]\n}\n"
do {
    try out.write(toFile: arguments[2], atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("embed-schema-tool: cannot write \(arguments[2]): \(error)\n".utf8))
    exit(1)
}
