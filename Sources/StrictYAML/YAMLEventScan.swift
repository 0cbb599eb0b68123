// CYaml is the libyaml copy Yams builds on; it is not a product of Yams, but SwiftPM makes the
// module of every transitive C target importable. Using it here is deliberate: see `firstProblem`.
import CYaml

/// A linear pass over libyaml's event stream, run before Yams builds a node tree.
///
/// Why: Yams resolves an alias to the anchored node and then hashes mapping keys to find duplicates,
/// so an alias bomb used as a key costs exponential time inside Yams, before any check on the tree could
/// run. Events arrive one by one, so anchors, aliases and nesting are refused in time linear in the text.
public enum YAMLEventScan {
    public struct Problem {
        var line: Int
        var column: Int
        var message: String
    }

    /// The first anchor, alias or over-deep nesting in `text`; nil when there is none, and also when
    /// the text is not valid YAML (Yams then reports the syntax error with its own message).
    public static func firstProblem(in text: String, maximumDepth: Int) -> Problem? {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> Problem? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    return Problem(line: line, column: column, message: YAMLText.anchorMessage)
                case YAML_SCALAR_EVENT where event.data.scalar.anchor != nil:
                    return Problem(line: line, column: column, message: YAMLText.anchorMessage)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchored = event.type == YAML_SEQUENCE_START_EVENT
                        ? event.data.sequence_start.anchor != nil : event.data.mapping_start.anchor != nil
                    if anchored { return Problem(line: line, column: column, message: YAMLText.anchorMessage) }
                    depth += 1
                    if depth > maximumDepth {
                        return Problem(line: line, column: column,
                                       message: "document is nested deeper than \(maximumDepth) levels; a catalogue needs a handful")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
            }
        }
    }
}
