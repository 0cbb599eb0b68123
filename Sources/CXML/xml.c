// libxml2's SAX2 parser for feeds (`presskit ingest`), opened on first use rather than linked.
//
// Foundation's XMLParser links libxml2, and with it ICU's common library (2 MB, relocated at every
// start) and liblzma: loaded by every command, a listing included, where only `ingest` reads XML.
// As for libcurl (Sources/CCurl/libcurl.c), the few functions used are looked up once in
// `libxml2.so.2` (the soname libxml2 has kept since 2.0) with dlopen, so only a command that parses
// a feed loads it. The parser is the same libxml2 XMLParser used, driven the same way: SAX2 with
// namespaces, pushed the whole document, no network, no external DTD, no entity substitution.
#include "shim.h"
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <loader.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    __typeof__(xmlInitParser) *initParser;
    __typeof__(xmlCreatePushParserCtxt) *createPushParserCtxt;
    __typeof__(xmlCtxtUseOptions) *ctxtUseOptions;
    __typeof__(xmlParseChunk) *parseChunk;
    __typeof__(xmlStopParser) *stopParser;
    __typeof__(xmlFreeParserCtxt) *freeParserCtxt;
} libxml2;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *install = "libxml2 (Debian: apt-get install libxml2)";
    void *library = presskit_open_library("libxml2.so.2", "libxml2", install);
#define RESOLVE(field, name) libxml2.field = presskit_resolve(library, #name, "libxml2", install)
    RESOLVE(initParser, xmlInitParser);
    RESOLVE(createPushParserCtxt, xmlCreatePushParserCtxt);
    RESOLVE(ctxtUseOptions, xmlCtxtUseOptions);
    RESOLVE(parseChunk, xmlParseChunk);
    RESOLVE(stopParser, xmlStopParser);
    RESOLVE(freeParserCtxt, xmlFreeParserCtxt);
#undef RESOLVE
    libxml2.initParser();
}

/// What every SAX callback receives (the push parser's user data).
typedef struct {
    xmlParserCtxtPtr parser;
    const PresskitXMLEvents *events;
    void *context;
    PresskitXMLOutcome *outcome;
} Session;

static void stopIf(Session *session, int answer) {
    if (answer != 0 && !session->outcome->stopped) {
        session->outcome->stopped = 1;
        libxml2.stopParser(session->parser);
    }
}

static void startElement(void *data, const xmlChar *localName, const xmlChar *prefix, const xmlChar *uri,
                         int namespaceCount, const xmlChar **namespaces, int attributeCount, int defaultedCount,
                         const xmlChar **attributes) {
    (void)prefix; (void)namespaceCount; (void)namespaces; (void)defaultedCount;
    Session *session = data;
    if (session->outcome->stopped) { return; }
    PresskitXMLAttribute onStack[32];
    PresskitXMLAttribute *list = onStack;
    if (attributeCount > 32) {
        list = malloc(sizeof(PresskitXMLAttribute) * (size_t)attributeCount);
        if (list == NULL) { stopIf(session, 1); return; }
    }
    // libxml2 gives five pointers an attribute: local name, prefix, URI, value start, value end.
    for (int index = 0; index < attributeCount; index++) {
        const xmlChar **attribute = attributes + 5 * index;
        list[index].localName = (const char *)attribute[0];
        list[index].namespaceURI = (const char *)attribute[2];
        list[index].value = (const char *)attribute[3];
        list[index].valueLength = (size_t)(attribute[4] - attribute[3]);
    }
    int answer = session->events->startElement(session->context, (const char *)localName, (const char *)uri, list, attributeCount);
    if (list != onStack) { free(list); }
    stopIf(session, answer);
}

static void endElement(void *data, const xmlChar *localName, const xmlChar *prefix, const xmlChar *uri) {
    (void)prefix;
    Session *session = data;
    if (session->outcome->stopped) { return; }
    stopIf(session, session->events->endElement(session->context, (const char *)localName, (const char *)uri));
}

static void characters(void *data, const xmlChar *bytes, int length) {
    Session *session = data;
    if (session->outcome->stopped) { return; }
    stopIf(session, session->events->characters(session->context, (const char *)bytes, length));
}

static void entityDeclaration(void *data, const xmlChar *name, int type, const xmlChar *publicID,
                              const xmlChar *systemID, xmlChar *content) {
    (void)type; (void)publicID; (void)systemID; (void)content;
    Session *session = data;
    if (session->outcome->stopped) { return; }
    stopIf(session, session->events->entityDeclaration(session->context, (const char *)name));
}

/// libxml2's errors come here rather than to stderr; the first one is kept.
static void structuredError(void *data, xmlErrorPtr error) {
    Session *session = data;
    PresskitXMLOutcome *outcome = session->outcome;
    if (error == NULL || error->level < XML_ERR_ERROR || outcome->code != 0) { return; }
    outcome->code = error->code;
    outcome->line = error->line;
    outcome->column = error->int2;
    const char *message = error->message != NULL ? error->message : "unknown error";
    size_t length = strcspn(message, "\n");
    if (length >= sizeof outcome->message) { length = sizeof outcome->message - 1; }
    memcpy(outcome->message, message, length);
    outcome->message[length] = 0;
}

int presskit_xml_parse(const void *bytes, size_t length, const PresskitXMLEvents *events, void *context,
                       PresskitXMLOutcome *outcome) {
    pthread_once(&loaded, load);
    memset(outcome, 0, sizeof *outcome);
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = startElement;
    handler.endElementNs = endElement;
    handler.characters = characters;
    handler.cdataBlock = characters;
    handler.entityDecl = entityDeclaration;
    handler.serror = structuredError;
    Session session = { NULL, events, context, outcome };
    xmlParserCtxtPtr parser = libxml2.createPushParserCtxt(&handler, &session, NULL, 0, NULL);
    if (parser == NULL) {
        snprintf(outcome->message, sizeof outcome->message, "libxml2 could not start a parser");
        return -1;
    }
    session.parser = parser;
    libxml2.ctxtUseOptions(parser, XML_PARSE_NONET);
    // Pushed in pieces of 1 MiB: xmlParseChunk takes an int.
    const char *next = bytes;
    size_t left = length;
    int status = 0;
    do {
        int piece = left > (1 << 20) ? (1 << 20) : (int)left;
        left -= (size_t)piece;
        status = libxml2.parseChunk(parser, next, piece, left == 0);
        next += piece;
    } while (status == 0 && left > 0 && !outcome->stopped);
    int wellFormed = parser->wellFormed;
    libxml2.freeParserCtxt(parser);
    return (status == 0 && wellFormed && !outcome->stopped) ? 0 : -1;
}
