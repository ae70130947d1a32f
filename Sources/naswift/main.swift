import NASCLI
import NASLinalg

// OpenBLAS's kernels are chosen when it loads: start again with the right ones when it fell back to
// generic kernels on a CPU it does not know (BLASCore).
BLASCore.reexecutingWithBetterKernelsIfNeeded()

// An async function context makes Swift pick AsyncParsableCommand.main() (top-level `await
// NaswiftCommand.main()` resolved to the synchronous ParsableCommand.main(), which aborts with
// "Asynchronous root command needs availability annotation" on Linux).
func runNaswift() async {
    Plugins.registerAll()
    await NaswiftCommand.main()
}

await runNaswift()
