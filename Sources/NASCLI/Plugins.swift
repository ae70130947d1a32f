import NASCENA
import NASCTNAS
import NASLatentSearch
import NASTWNAS

/// Registers every method plug-in's strategies with `StrategyRegistry` (idempotent). Called by the
/// `naswift` executable at start-up; in-process callers (tests, embedding programs) call it too.
public enum Plugins {
    public static func registerAll() {
        TWNASPlugin.register()
        Arch2VecPlugin.register()
        CTNASPlugin.register()
        CENAPlugin.register()
    }
}
