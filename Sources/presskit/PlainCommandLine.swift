/// A command line in its plainest forms, split without ArgumentParser for the commands scripts run
/// most (`AssetsCommandLine`, `CheckCommandLine`; the first says why): words, `--name value` and
/// `--name=value` options, and the `flags` named, which take no value.
///
/// Nil for anything less plain, which ArgumentParser then reads and judges as it always has: short
/// options, `--`, a flag given a value, a value that is empty or starts with `-` (or is missing),
/// a word that is empty or is `help`, a flag or option given twice unless it is `repeatable`.
struct PlainCommandLine {
    var positionals: [String] = []
    var options: [(name: Substring, value: String)] = []
    var flags: [Substring] = []

    init?(_ arguments: ArraySlice<String>, flags known: Set<Substring>, repeatable: Set<Substring> = []) {
        var given: Set<Substring> = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.utf8.first == UInt8(ascii: "-") else {
                guard !argument.isEmpty, argument != "help" else { return nil }
                positionals.append(argument)
                continue
            }
            guard argument.hasPrefix("--"), argument != "--" else { return nil }
            let name: Substring
            if let equals = argument.utf8.firstIndex(of: UInt8(ascii: "=")) {
                name = argument[..<equals]
                let value = String(argument[argument.utf8.index(after: equals)...])
                guard !known.contains(name), !value.isEmpty, value.utf8.first != UInt8(ascii: "-") else { return nil }
                options.append((name, value))
            } else if known.contains(argument[...]) {
                name = argument[...]
                flags.append(name)
            } else {
                guard index < arguments.endIndex else { return nil }
                name = argument[...]
                let value = arguments[index]
                index += 1
                guard !value.isEmpty, value.utf8.first != UInt8(ascii: "-") else { return nil }
                options.append((name, value))
            }
            guard given.insert(name).inserted || repeatable.contains(name) else { return nil }
        }
    }
}
