// libxml2's SAX2 parser, reached through a few plain C types so that Swift needs no libxml2 header,
// and libxml2 itself opened on first use (xml.c says why).
#ifndef PRESSKIT_CXML_SHIM_H
#define PRESSKIT_CXML_SHIM_H

#include <stddef.h>

/// One attribute of an element: names NUL-terminated (`namespaceURI` NULL when it has none), the
/// value as libxml2 hands it over, `valueLength` bytes not terminated.
typedef struct {
    const char *localName;
    const char *namespaceURI;
    const char *value;
    size_t valueLength;
} PresskitXMLAttribute;

/// What the parser meets, in document order. Each callback returns 0 to go on, anything else to
/// stop the parse (which then reports `stopped`).
typedef struct {
    int (*startElement)(void *context, const char *localName, const char *namespaceURI,
                        const PresskitXMLAttribute *attributes, int attributeCount);
    int (*endElement)(void *context, const char *localName, const char *namespaceURI);
    /// Text and CDATA alike, in pieces (`bytes` are UTF-8, not terminated).
    int (*characters)(void *context, const char *bytes, int length);
    /// An `<!ENTITY>` declaration in the document's internal subset.
    int (*entityDeclaration)(void *context, const char *name);
} PresskitXMLEvents;

typedef struct {
    /// 1 when a callback stopped the parse.
    int stopped;
    /// libxml2's code for the first error (its `xmlParserErrors`, 0 when it gave none), where it
    /// found it, and its message.
    int code;
    int line;
    int column;
    char message[256];
} PresskitXMLOutcome;

/// Parses `length` bytes of XML with namespaces, no network, no DTD loading and no entity
/// substitution. Returns 0 when the whole document was read and is well-formed; otherwise fills
/// `outcome`. Ends the process with status 127 and a line on stderr when libxml2 cannot be loaded,
/// as the dynamic loader would have done had it been linked.
int presskit_xml_parse(const void *bytes, size_t length, const PresskitXMLEvents *events, void *context,
                       PresskitXMLOutcome *outcome);

#endif
