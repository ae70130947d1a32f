import Dispatch

/// Seconds on a monotonic clock (arbitrary origin), for profiles: subtract two readings.
@inlinable
public func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
