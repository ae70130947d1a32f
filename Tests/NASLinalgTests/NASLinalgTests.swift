// Tests for NASLinalg.
import Testing
