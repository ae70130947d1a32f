// Tests for NASCLI.
import Testing
