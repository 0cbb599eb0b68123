#ifndef PRESSKIT_CCURL_SHIM_H
#define PRESSKIT_CCURL_SHIM_H
// Typed, non-variadic wrappers over libcurl's variadic calls, which Swift cannot call directly.
// Nothing but wrappers lives here.
#include <curl/curl.h>

/// Replaces `curl_version_info(CURLVERSION_NOW)`, whose argument is a macro.
static inline const curl_version_info_data *presskit_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}
#endif
