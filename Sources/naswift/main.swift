import NASCLI

// An async function context makes Swift pick AsyncParsableCommand.main() (top-level `await
// NaswiftCommand.main()` resolved to the synchronous ParsableCommand.main(), which aborts with
// "Asynchronous root command needs availability annotation" on Linux).
func runNaswift() async {
    Plugins.registerAll()
    await NaswiftCommand.main()
}

await runNaswift()
