import Foundation

public struct NotAJSONObject: Error, CustomStringConvertible {
    public var description: String
}

/// The top-level object of a JSON document a command printed; throws when it is anything else.
public func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw NotAJSONObject(description: "not a JSON object: \(text.prefix(200))")
    }
    return object
}
