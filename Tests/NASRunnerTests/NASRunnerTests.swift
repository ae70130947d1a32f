// Tests for NASRunner.
import Testing
