/// A YAML node with the position it was written at: what the strict readers walk.
///
/// presskit builds these itself from libyaml's events (`YAMLTree`) instead of using Yams' node tree:
/// one pass does parsing, the anchor and depth guards and duplicate-key detection, and Yams' composer
/// (which hashes every key through a regular expression) cost half the import time on large catalogues.
///
/// Not `indirect`: children live in their parent's array, so a node needs no heap box of its own
/// (a parse allocated and freed one per scalar, key and list item).
public enum YAMLNode: Sendable {
    case scalar(String, style: ScalarStyle, at: Position)
    case mapping([(key: YAMLNode, value: YAMLNode)], at: Position)
    case sequence([YAMLNode], at: Position)

    public enum ScalarStyle: Sendable {
        /// Unquoted: `~`, `null` and empty mean null.
        case plain
        /// Quoted or a block scalar (`|`, `>`): always text.
        case quoted
    }

    public var position: Position {
        switch self {
        case .scalar(_, _, let at), .mapping(_, let at), .sequence(_, let at): at
        }
    }

    /// The text of a scalar; nil for mappings and lists.
    public var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// A plain `~`, `null` or nothing: YAML's null, which fields treat as absent.
    public var isNull: Bool {
        guard case .scalar(let text, .plain, _) = self else { return false }
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }
}

/// A 1-based line and column in a file, columns counted in Unicode scalars as libyaml counts them.
public struct Position: Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}
