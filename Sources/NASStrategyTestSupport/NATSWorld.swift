import Foundation
import NASCore
import NASSpaces
import NASTestSupport

/// The whole NATS size space (32,768 architectures) with its real CIFAR-10 accuracy in percent
/// (../shared/data/natsss/natsss.csv, column `cifar10_acc`): a dense domain with real values on
/// which strategies are checked.
public struct NATSWorld: Sendable {
    public let domain: SearchDomain<NATSSizeSpace>
    public let values: [NATSSizeArch: Double]
    public func value(_ a: NATSSizeArch) -> Double? { values[a] }

    nonisolated(unsafe) private static var cached: NATSWorld?
    private static let lock = NSLock()

    /// The world, read once per process. Throws when ../shared/data is missing or malformed.
    public static func shared() throws -> NATSWorld {
        lock.lock(); defer { lock.unlock() }
        if let cached { return cached }
        let text = try String(contentsOf: SharedData.url("natsss/natsss.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let ci = header.firstIndex(of: "channels"), let vi = header.firstIndex(of: "cifar10_acc") else {
            throw NaswiftError(.dataMissing, "natsss.csv has no channels / cifar10_acc column", hint: "check ../shared/data")
        }
        var values: [NATSSizeArch: Double] = [:], members: [NATSSizeArch] = []
        for line in lines {
            let f = line.split(separator: ",")
            let a = try NATSSizeSpace().parse(String(f[ci]))
            values[a] = Double(f[vi])
            members.append(a)
        }
        let w = NATSWorld(domain: SearchDomain(space: NATSSizeSpace(), members: members), values: values)
        cached = w
        return w
    }
}
