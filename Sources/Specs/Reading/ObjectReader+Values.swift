import MetaLearning

/// Reads of single members, checked against a domain; every problem is reported at the member's path.
extension ObjectReader {
    /// The value of `key` if present and inside `domain`; nil when absent or invalid (reported).
    func read(_ key: String, as domain: ValueDomain) -> HyperparameterValue? {
        value(of: key).flatMap { ValueCoding.read($0, as: domain, at: path(of: key), diagnostics) }
    }

    /// A reader of the object at `key`, or nil when absent or not an object (reported).
    func object(_ key: String) -> ObjectReader? {
        guard let value = value(of: key) else { return nil }
        return ObjectReader(value, path: path(of: key), diagnostics: diagnostics)
    }

    /// A reader of the object at `key`; when it is absent or not an object (reported), a reader of an
    /// empty object, so that every key takes its default.
    func section(_ key: String) -> ObjectReader {
        object(key) ?? ObjectReader(.object([]), path: path(of: key), diagnostics: diagnostics)!
    }
}
