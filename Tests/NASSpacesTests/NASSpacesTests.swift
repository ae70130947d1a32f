// Tests for NASSpaces.
import Testing
