import Catalogue
import LinkVocabulary

// The catalogue's and the link vocabulary's types that the command line names (as arguments, in
// help texts), re-exported by name. Typealiases rather than `@_exported import`: the command line
// sees exactly these, not the whole of Catalogue, StrictYAML or LinkVocabulary, so what it may use
// stays visible here, and a new use is a deliberate line in this file. (`@_exported` is also an
// underscored, unsupported attribute.) Module selectors (`Catalogue::`, SE-0491) because the module
// Catalogue has a type named Catalogue, which `Catalogue.AssetKind` would name instead. The store itself, `CatalogueStore`, is named for the one
// command still assembling from it (`manifest --all`, moving into PressKit); everything else the
// command line does with the database goes through the operations in this folder.

public typealias AssetKind = Catalogue::AssetKind
public typealias EventType = Catalogue::EventType
public typealias CalendarDate = Catalogue::CalendarDate
public typealias CatalogueStore = Catalogue::CatalogueStore
public typealias LinkVerdict = LinkVocabulary::LinkVerdict
public typealias LinkFlag = LinkVocabulary::LinkFlag
public typealias LinkProblem = LinkVocabulary::LinkProblem
