// Shared libraries opened on first use (libcurl by CCurl, libxml2 by CXML), so that commands that
// need neither never load them and the libraries they bring along.
#ifndef PRESSKIT_CLOADER_H
#define PRESSKIT_CLOADER_H

/// `dlopen(soname)`, local and with every symbol bound now. When it cannot be opened the process
/// ends as the dynamic loader would have ended it had the library been linked: one line on stderr
/// naming `name` and what to install, and exit status 127.
void *presskit_open_library(const char *soname, const char *name, const char *install);

/// `dlsym(library, symbol)`, ending the process in the same way when the symbol is missing.
void *presskit_resolve(void *library, const char *symbol, const char *name, const char *install);

#endif
