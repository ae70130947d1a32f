// Tests for NASTensor.
import Testing
