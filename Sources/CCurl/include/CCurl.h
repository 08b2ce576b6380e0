#ifndef PLANE_CCURL_H
#define PLANE_CCURL_H

// The C boundary of plane: libcurl's curl_easy_setopt and curl_easy_getinfo are variadic, which
// Swift cannot call, so each argument type gets one typed static inline wrapper here. Nothing
// else belongs in this target.

#include <curl/curl.h>

typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t count, void *context);
typedef int (*ccurl_xferinfo_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

/// Sets a write- or header-style callback (`function_option`) and its context (`data_option`).
static inline CURLcode ccurl_setopt_data_callback(CURL *handle, CURLoption function_option,
                                                  ccurl_data_callback callback,
                                                  CURLoption data_option, void *context) {
    CURLcode code = curl_easy_setopt(handle, function_option, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, data_option, context);
}

/// Sets CURLOPT_XFERINFOFUNCTION with its context and turns progress reporting on.
static inline CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, ccurl_xferinfo_callback callback,
                                                      void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = curl_easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/// CURLAUTH_BASIC is a cast-and-shift macro that Swift does not import.
static inline long ccurl_auth_basic(void) { return (long)CURLAUTH_BASIC; }

/// The size CURLOPT_ERRORBUFFER must have.
static inline size_t ccurl_error_size(void) { return CURL_ERROR_SIZE; }

/// curl_global_init(CURL_GLOBAL_ALL); call once before the first handle (CURL_GLOBAL_ALL is a
/// macro expression Swift does not import).
CURLcode ccurl_global_init(void);

#endif
