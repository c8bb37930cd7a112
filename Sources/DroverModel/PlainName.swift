/// Names usable as DNS labels, file and folder names, and parts of container names: ASCII letters, digits, '-', '_'
/// and '.', at least one of them (service names, certificate names, catalog template folders).
package enum PlainName {
    package static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
