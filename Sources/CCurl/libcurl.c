// libcurl, opened on first use rather than linked.
//
// Linked, libcurl and the libraries it needs (OpenSSL, GnuTLS, Kerberos, LDAP, nghttp2, libssh2,
// libidn2, about thirty in all) are loaded and relocated before `main`, by every command: about
// half of a listing's start-up, and most of `presskit --help`'s once the Swift runtime is static
// (README "Benchmarks"). Here each libcurl function presskit calls is defined under its own name and
// forwards to the real one, which the first call looks up in `libcurl.so.4` (the soname libcurl has
// kept since 7.16) with dlopen; so only commands that fetch load it. Swift calls the same names as
// before. The definitions are hidden: the executable exports none of them, so libcurl's calls to its
// own functions stay inside libcurl.
//
// Which libcurl is found follows the dynamic loader's own rules (LD_LIBRARY_PATH, ld.so.cache), as
// when it was linked. When none is found the process ends as the loader would have ended it, with
// one line on stderr and exit status 127; every other failure is libcurl's own, through its return
// codes.
#include "shim.h"
#include <loader.h>
#include <pthread.h>

#define HIDDEN __attribute__((visibility("hidden")))

/// Every libcurl function presskit calls, resolved once. The variadic setopt and getinfo calls are
/// reached only through the typed wrappers of shim.h, defined at the end of this file.
static struct {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_version_info) *version_info;
    __typeof__(curl_free) *free;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_reset) *easy_reset;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_strerror) *easy_strerror;
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    __typeof__(curl_multi_init) *multi_init;
    __typeof__(curl_multi_cleanup) *multi_cleanup;
    __typeof__(curl_multi_add_handle) *multi_add_handle;
    __typeof__(curl_multi_remove_handle) *multi_remove_handle;
    __typeof__(curl_multi_perform) *multi_perform;
    __typeof__(curl_multi_poll) *multi_poll;
    __typeof__(curl_multi_wakeup) *multi_wakeup;
    __typeof__(curl_multi_info_read) *multi_info_read;
    __typeof__(curl_multi_strerror) *multi_strerror;
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    __typeof__(curl_share_init) *share_init;
    __typeof__(curl_share_cleanup) *share_cleanup;
    __typeof__(curl_share_strerror) *share_strerror;
    CURLSHcode (*share_setopt)(CURLSH *, CURLSHoption, ...);
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
    __typeof__(curl_url) *url;
    __typeof__(curl_url_cleanup) *url_cleanup;
    __typeof__(curl_url_get) *url_get;
    __typeof__(curl_url_set) *url_set;
} libcurl;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static const char *const install = "libcurl 7.88 or later (Debian: apt-get install libcurl4)";

static void load(void) {
    void *library = presskit_open_library("libcurl.so.4", "libcurl", install);
#define RESOLVE(field, name) libcurl.field = presskit_resolve(library, #name, "libcurl", install)
    RESOLVE(global_init, curl_global_init);
    RESOLVE(version_info, curl_version_info);
    RESOLVE(free, curl_free);
    RESOLVE(easy_init, curl_easy_init);
    RESOLVE(easy_cleanup, curl_easy_cleanup);
    RESOLVE(easy_reset, curl_easy_reset);
    RESOLVE(easy_perform, curl_easy_perform);
    RESOLVE(easy_strerror, curl_easy_strerror);
    RESOLVE(easy_setopt, curl_easy_setopt);
    RESOLVE(easy_getinfo, curl_easy_getinfo);
    RESOLVE(multi_init, curl_multi_init);
    RESOLVE(multi_cleanup, curl_multi_cleanup);
    RESOLVE(multi_add_handle, curl_multi_add_handle);
    RESOLVE(multi_remove_handle, curl_multi_remove_handle);
    RESOLVE(multi_perform, curl_multi_perform);
    RESOLVE(multi_poll, curl_multi_poll);
    RESOLVE(multi_wakeup, curl_multi_wakeup);
    RESOLVE(multi_info_read, curl_multi_info_read);
    RESOLVE(multi_strerror, curl_multi_strerror);
    RESOLVE(multi_setopt, curl_multi_setopt);
    RESOLVE(share_init, curl_share_init);
    RESOLVE(share_cleanup, curl_share_cleanup);
    RESOLVE(share_strerror, curl_share_strerror);
    RESOLVE(share_setopt, curl_share_setopt);
    RESOLVE(slist_append, curl_slist_append);
    RESOLVE(slist_free_all, curl_slist_free_all);
    RESOLVE(url, curl_url);
    RESOLVE(url_cleanup, curl_url_cleanup);
    RESOLVE(url_get, curl_url_get);
    RESOLVE(url_set, curl_url_set);
#undef RESOLVE
}

/// libcurl's functions, loaded on the first call.
#define LIBCURL (pthread_once(&loaded, load), &libcurl)

// MARK: libcurl's own names, forwarded

HIDDEN CURLcode curl_global_init(long flags) { return LIBCURL->global_init(flags); }
HIDDEN curl_version_info_data *curl_version_info(CURLversion version) { return LIBCURL->version_info(version); }
HIDDEN void curl_free(void *p) { LIBCURL->free(p); }

HIDDEN CURL *curl_easy_init(void) { return LIBCURL->easy_init(); }
HIDDEN void curl_easy_cleanup(CURL *curl) { LIBCURL->easy_cleanup(curl); }
HIDDEN void curl_easy_reset(CURL *curl) { LIBCURL->easy_reset(curl); }
HIDDEN CURLcode curl_easy_perform(CURL *curl) { return LIBCURL->easy_perform(curl); }
HIDDEN const char *curl_easy_strerror(CURLcode code) { return LIBCURL->easy_strerror(code); }

HIDDEN CURLM *curl_multi_init(void) { return LIBCURL->multi_init(); }
HIDDEN CURLMcode curl_multi_cleanup(CURLM *multi) { return LIBCURL->multi_cleanup(multi); }
HIDDEN CURLMcode curl_multi_add_handle(CURLM *multi, CURL *curl) { return LIBCURL->multi_add_handle(multi, curl); }
HIDDEN CURLMcode curl_multi_remove_handle(CURLM *multi, CURL *curl) { return LIBCURL->multi_remove_handle(multi, curl); }
HIDDEN CURLMcode curl_multi_perform(CURLM *multi, int *running) { return LIBCURL->multi_perform(multi, running); }
HIDDEN CURLMcode curl_multi_poll(CURLM *multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms, int *ret) {
    return LIBCURL->multi_poll(multi, extra_fds, extra_nfds, timeout_ms, ret);
}
HIDDEN CURLMcode curl_multi_wakeup(CURLM *multi) { return LIBCURL->multi_wakeup(multi); }
HIDDEN CURLMsg *curl_multi_info_read(CURLM *multi, int *queued) { return LIBCURL->multi_info_read(multi, queued); }
HIDDEN const char *curl_multi_strerror(CURLMcode code) { return LIBCURL->multi_strerror(code); }

HIDDEN CURLSH *curl_share_init(void) { return LIBCURL->share_init(); }
HIDDEN CURLSHcode curl_share_cleanup(CURLSH *share) { return LIBCURL->share_cleanup(share); }
HIDDEN const char *curl_share_strerror(CURLSHcode code) { return LIBCURL->share_strerror(code); }

HIDDEN struct curl_slist *curl_slist_append(struct curl_slist *list, const char *data) { return LIBCURL->slist_append(list, data); }
HIDDEN void curl_slist_free_all(struct curl_slist *list) { LIBCURL->slist_free_all(list); }

HIDDEN CURLU *curl_url(void) { return LIBCURL->url(); }
HIDDEN void curl_url_cleanup(CURLU *url) { LIBCURL->url_cleanup(url); }
HIDDEN CURLUcode curl_url_get(CURLU *url, CURLUPart what, char **part, unsigned int flags) { return LIBCURL->url_get(url, what, part, flags); }
HIDDEN CURLUcode curl_url_set(CURLU *url, CURLUPart what, const char *part, unsigned int flags) { return LIBCURL->url_set(url, what, part, flags); }

// MARK: the typed wrappers of shim.h

const curl_version_info_data *presskit_curl_version_info(void) { return LIBCURL->version_info(CURLVERSION_NOW); }

CURLcode presskit_easy_setopt_long(CURL *handle, CURLoption option, long value) { return LIBCURL->easy_setopt(handle, option, value); }
CURLcode presskit_easy_setopt_string(CURL *handle, CURLoption option, const char *value) { return LIBCURL->easy_setopt(handle, option, value); }
CURLcode presskit_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) { return LIBCURL->easy_setopt(handle, option, value); }
CURLcode presskit_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) { return LIBCURL->easy_setopt(handle, option, value); }
CURLcode presskit_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) { return LIBCURL->easy_setopt(handle, option, value); }
CURLcode presskit_easy_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback value) { return LIBCURL->easy_setopt(handle, option, value); }
CURLcode presskit_easy_setopt_opensocket_callback(CURL *handle, CURLoption option, curl_opensocket_callback value) {
    return LIBCURL->easy_setopt(handle, option, value);
}

CURLcode presskit_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) { return LIBCURL->easy_getinfo(handle, info, value); }
CURLcode presskit_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) { return LIBCURL->easy_getinfo(handle, info, value); }
CURLcode presskit_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) { return LIBCURL->easy_getinfo(handle, info, value); }
CURLcode presskit_easy_getinfo_certinfo(CURL *handle, CURLINFO info, struct curl_certinfo **value) { return LIBCURL->easy_getinfo(handle, info, value); }

CURLMcode presskit_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { return LIBCURL->multi_setopt(multi, option, value); }
CURLSHcode presskit_share_setopt_long(CURLSH *share, CURLSHoption option, long value) { return LIBCURL->share_setopt(share, option, value); }
