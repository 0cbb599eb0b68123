#include "loader.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void unavailable(const char *name, const char *why, const char *install) {
    fprintf(stderr, "presskit: cannot load %s: %s; install %s\n", name, why, install);
    exit(127);
}

void *presskit_open_library(const char *soname, const char *name, const char *install) {
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) { unavailable(name, dlerror(), install); }
    return library;
}

void *presskit_resolve(void *library, const char *symbol, const char *name, const char *install) {
    void *function = dlsym(library, symbol);
    if (function == NULL) { unavailable(name, dlerror(), install); }
    return function;
}
