import Foundation
import NASCore
import NASSpaces
import NASStrategyTestSupport
import NASTestSupport
@testable import NASCTNAS

/// Real cells for the NAC tests: the 1,000 NB101 cells of `NB101World` (108-epoch validation
/// accuracy, fraction) and the 15,625 NB201 cells of nb201_200ep.csv (cifar10-valid validation
/// accuracy, %), as NAC inputs.
enum Fixtures {
    static func nb101() throws -> (graphs: [NACGraph], values: [Double], cells: [NB101Cell]) {
        let world = try NB101World.shared()
        let enc = try NACEncoding(space: world.space)
        return (world.cells.map(enc.code), world.cells.map { world.value($0)! }, world.cells)
    }

    /// The labelled cells of `space` ("nb101" or "nb201").
    static func labelled(_ space: String) throws -> (graphs: [NACGraph], values: [Double]) {
        if space == "nb101" { let f = try nb101(); return (f.graphs, f.values) }
        let f = try nb201()
        return (f.graphs, f.values)
    }

    static func nb201() throws -> (graphs: [NACGraph], values: [Double], cells: [NB201Cell]) {
        let text = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        let space = NB201Space()
        let enc = try NACEncoding(space: space)
        var graphs: [NACGraph] = [], values: [Double] = [], cells: [NB201Cell] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            let cell = try space.parse(String(f[1]))
            cells.append(cell)
            graphs.append(enc.code(cell))
            values.append(Double(f[2])!)
        }
        return (graphs, values, cells)
    }
}
