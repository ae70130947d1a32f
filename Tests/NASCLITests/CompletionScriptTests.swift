import ArgumentParser
import Foundation
import Testing
@testable import NASCLI

/// `make install` writes argument-parser's completion scripts; they must know the subcommands
/// and their options, and bash must accept the script.
@Suite struct CompletionScriptTests {
    @Test func scriptsNameTheSubcommandsAndOptions() throws {
        for shell in [CompletionShell.bash, .zsh, .fish] {
            let script = NaswiftCommand.completionScript(for: shell)
            // fish lists long options as `'budget='`, bash and zsh as `--budget`.
            let options = shell == .fish ? ["'budget='", "'strategies='"] : ["--budget", "--strategies"]
            for word in ["compare", "search", "study", "embed"] + options {
                #expect(script.contains(word), "\(shell) completion lacks \(word)")
            }
        }
        // bash parses the script without errors (`bash -n`).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-completion-\(UUID().uuidString).bash")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(NaswiftCommand.completionScript(for: .bash).utf8).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-n", file.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }
}
