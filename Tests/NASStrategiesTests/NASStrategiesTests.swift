// Tests for NASStrategies.
import Testing
