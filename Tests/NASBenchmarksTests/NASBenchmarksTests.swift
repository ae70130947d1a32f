// Tests for NASBenchmarks.
import Testing
