import StrictYAML

/// What reading input reported, as `path:line:column: error: …` lines; empty when it succeeded.
func diagnostics(_ read: () throws -> Void) -> [String] {
    do {
        try read()
        return []
    } catch let invalid as InvalidInput {
        return invalid.diagnostics.map(\.description)
    } catch {
        return ["\(error)"]
    }
}
