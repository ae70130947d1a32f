import Foundation
import Testing

/// The DocC articles show code from the compiled `naswift-examples` target (Examples/), which CI
/// builds and runs; these tests keep the two from drifting apart and every library product
/// documented.
@Suite struct DocumentationArticleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `swift`-fenced blocks of a Markdown text, without their fences.
    static func swiftBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
                current = []
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }

    static func files(in dir: URL, ending suffix: String) throws -> [URL] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: dir.path)
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func articleCodeIsTheCompiledExamples() throws {
        let examples = try Self.files(in: Self.root.appendingPathComponent("Examples"), ending: ".swift")
            .map { try String(contentsOf: $0, encoding: .utf8) }
        #expect(examples.count >= 3)
        let articles = try Self.files(in: Self.root.appendingPathComponent("Sources"), ending: ".md")
            .filter { $0.path.contains(".docc/") }
        var checked = 0
        for article in articles {
            for block in Self.swiftBlocks(try String(contentsOf: article, encoding: .utf8)) {
                #expect(examples.contains { $0.contains(block) },
                        "a swift block of \(article.lastPathComponent) is not in Examples/ verbatim:\n\(block)")
                checked += 1
            }
        }
        // Getting started, Add your own search space, Add your own strategy.
        #expect(checked >= 8, "found only \(checked) swift blocks in the articles")
    }

    @Test func everyLibraryProductHasACatalog() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let products = manifest.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: ".library(name: \"") else { return nil }
            return String(line[r.upperBound...].prefix { $0 != "\"" })
        }
        #expect(products.count >= 13)
        for name in products {
            let page = Self.root.appendingPathComponent("Sources/\(name)/Documentation.docc/\(name).md")
            let text = try? String(contentsOf: page, encoding: .utf8)
            #expect(text?.hasPrefix("# ``\(name)``") == true, "missing or misnamed DocC root page \(page.path)")
        }
    }

    @Test func swiftBlocksAreFoundInMarkdown() {
        let md = "text\n```swift\nlet a = 1\n```\n```\nshell\n```\n  ```swift\nb()\n  ```\n"
        #expect(Self.swiftBlocks(md) == ["let a = 1", "b()"])
    }
}
