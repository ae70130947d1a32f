import Foundation

/// One SQL statement with `$n` placeholders and its parameters, built by string interpolation:
/// an interpolated value becomes a parameter (never spliced into the text), `\(unescaped: s)`
/// splices trusted SQL (column lists, fixed clauses).
///
/// Parameters travel in libpq's text format with their type given (int8, float8, text, bool), so
/// the server never has to guess a type.
struct PGQuery: ExpressibleByStringInterpolation, Sendable {
    /// A parameter: PostgreSQL type OID and its text form (`nil` is SQL NULL).
    struct Parameter: Sendable, Equatable {
        var type: UInt32
        var text: String?
    }

    static let int8: UInt32 = 20, text: UInt32 = 25, float8: UInt32 = 701, bool: UInt32 = 16

    var sql: String
    var parameters: [Parameter]

    init(stringLiteral value: String) {
        sql = value
        parameters = []
    }

    init(stringInterpolation: Interpolation) {
        sql = stringInterpolation.sql
        parameters = stringInterpolation.parameters
    }

    struct Interpolation: StringInterpolationProtocol {
        var sql = ""
        var parameters: [Parameter] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + 4 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { sql += literal }

        mutating func appendInterpolation(unescaped text: String) { sql += text }

        private mutating func bind(_ type: UInt32, _ text: String?) {
            parameters.append(Parameter(type: type, text: text))
            sql += "$\(parameters.count)"
        }

        mutating func appendInterpolation(_ value: String?) { bind(PGQuery.text, value) }
        mutating func appendInterpolation(_ value: Int64?) { bind(PGQuery.int8, value.map { String($0) }) }
        /// Doubles go as their shortest round-trip decimal form (`1e-05`, `0.1`), which float8 reads exactly.
        mutating func appendInterpolation(_ value: Double?) { bind(PGQuery.float8, value.map { "\($0)" }) }
        mutating func appendInterpolation(_ value: Bool) { bind(PGQuery.bool, value ? "true" : "false") }
    }
}
