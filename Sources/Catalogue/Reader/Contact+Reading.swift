import StrictYAML

extension Contact {
    /// Reads a contact mapping (`name`, `role`, `email`, `phone`), as catalogue files and the
    /// press-kit policy write it; nil, with diagnostics, when it has no name or is not a mapping.
    public static func read(_ node: YAMLNode, path: String, into d: inout [Diagnostic]) -> Contact? {
        guard let map = MappingReader(node, what: "contact", path: path, diagnostics: &d) else { return nil }
        let name = map.text("name", required: true, into: &d)
        let email = map.text("email", into: &d)
        if let email, let problem = FieldRules.emailProblem(email) {
            d.append(map.diagnostic(at: map.node("email"), problem))
        }
        let contact = Contact(name: name ?? "", role: map.text("role", into: &d), email: email,
                              phone: map.text("phone", into: &d))
        map.reportUnknownKeys(known: CatalogueReader.contactKeys, into: &d)
        return name == nil ? nil : contact
    }
}
