#ifndef PRESSKIT_CCURL_SHIM_H
#define PRESSKIT_CCURL_SHIM_H
// Typed, non-variadic wrappers over libcurl's variadic calls, which Swift cannot call directly.
// One wrapper per argument type; nothing but wrappers lives here (see STYLE.md, "CCurl").
//
// libcurl is not linked: ../libcurl.c opens it on the first call of any of its functions, so a
// command that fetches nothing never loads it and the thirty-odd libraries it needs (README
// "Benchmarks": about half of a listing's start-up). The wrappers are defined there, next to the
// table of libcurl's functions they call.
#include <curl/curl.h>

/// Replaces `curl_version_info(CURLVERSION_NOW)`, whose argument is a macro.
const curl_version_info_data *presskit_curl_version_info(void);

// MARK: curl_easy_setopt

/// Replaces `curl_easy_setopt(handle, option, long)`.
CURLcode presskit_easy_setopt_long(CURL *handle, CURLoption option, long value);

/// Replaces `curl_easy_setopt(handle, option, const char *)`; libcurl copies the string.
CURLcode presskit_easy_setopt_string(CURL *handle, CURLoption option, const char *value);

/// Replaces `curl_easy_setopt(handle, option, void *)` (callback data, slists, buffers).
CURLcode presskit_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);

/// Replaces `curl_easy_setopt(handle, option, curl_off_t)`.
CURLcode presskit_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/// Replaces `curl_easy_setopt(handle, option, curl_write_callback)`; used for
/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION, which share the signature.
CURLcode presskit_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value);

/// Replaces `curl_easy_setopt(handle, CURLOPT_READFUNCTION, curl_read_callback)`: the body of an
/// upload (a notification mail sent over SMTP).
CURLcode presskit_easy_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback value);

/// Replaces `curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, curl_opensocket_callback)`.
CURLcode presskit_easy_setopt_opensocket_callback(CURL *handle, CURLoption option, curl_opensocket_callback value);

// MARK: curl_easy_getinfo

/// Replaces `curl_easy_getinfo(handle, info, long *)`.
CURLcode presskit_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// Replaces `curl_easy_getinfo(handle, info, char **)`; the string belongs to the handle.
CURLcode presskit_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);

/// Replaces `curl_easy_getinfo(handle, info, curl_off_t *)` (the `_T` timings and sizes).
CURLcode presskit_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

/// Replaces `curl_easy_getinfo(handle, CURLINFO_CERTINFO, struct curl_certinfo **)`.
CURLcode presskit_easy_getinfo_certinfo(CURL *handle, CURLINFO info, struct curl_certinfo **value);

// MARK: curl_multi_setopt and curl_share_setopt

/// Replaces `curl_multi_setopt(multi, option, long)`.
CURLMcode presskit_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// Replaces `curl_share_setopt(share, option, long)` (CURLSHOPT_SHARE takes a curl_lock_data as long).
CURLSHcode presskit_share_setopt_long(CURLSH *share, CURLSHoption option, long value);
#endif
