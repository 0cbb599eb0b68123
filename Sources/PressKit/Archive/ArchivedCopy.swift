import Catalogue

/// The press office's copy of one URL's file (`presskit archive`): its SHA-256, size, type,
/// validators and when it was fetched. Defined beside the store that records it (Catalogue, which
/// PressKit's callers do not import), named here for them, as `CommandLineVocabulary.swift` does.
public typealias ArchivedCopy = Catalogue::ArchivedCopy
