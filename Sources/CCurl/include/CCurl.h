#ifndef PLANE_CCURL_H
#define PLANE_CCURL_H

// The C boundary of plane. Two jobs:
// 1. libcurl's curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call, so
//    each argument type gets one typed wrapper here.
// 2. libcurl is loaded with dlopen on first use, not linked: it drags ~30 shared libraries (TLS,
//    Kerberos, LDAP...) that commands which never talk to the engine (`plane config`, `lint`)
//    should not pay for in start-up time and memory.
// Nothing else belongs in this target.

#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t count, void *context);
typedef int (*ccurl_xferinfo_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

/// Loads libcurl and curl_global_init(CURL_GLOBAL_ALL), once per process. Returns CURLE_OK, or
/// CURLE_FAILED_INIT when libcurl cannot be loaded (ccurl_load_error() says why).
CURLcode ccurl_global_init(void);
/// Why loading libcurl failed (empty when it did not).
const char *ccurl_load_error(void);
/// Starts loading libcurl (dlopen of it and its ~30 libraries, then curl_global_init) on a detached
/// thread and returns at once; ccurl_global_init() waits for that load instead of starting another.
void ccurl_load_in_background(void);
/// Returns when a load ccurl_load_in_background() started has finished (at once if none was started).
/// Call it before exit(): exit handlers (OpenSSL's cleanup among them) must not run while another
/// thread is still inside dlopen or curl_global_init.
void ccurl_wait_for_background_load(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
void ccurl_easy_reset(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *value);
void ccurl_slist_free_all(struct curl_slist *list);

CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list);
/// Sets a write- or header-style callback (`function_option`) and its context (`data_option`).
CURLcode ccurl_setopt_data_callback(CURL *handle, CURLoption function_option, ccurl_data_callback callback,
                                    CURLoption data_option, void *context);
/// Sets CURLOPT_XFERINFOFUNCTION with its context and turns progress reporting on.
CURLcode ccurl_setopt_xferinfo_callback(CURL *handle, ccurl_xferinfo_callback callback, void *context);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value);
/// CURLINFO_ACTIVESOCKET: the socket of a CURLOPT_CONNECT_ONLY transfer, to poll and half-close.
CURLcode ccurl_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value);

// A CURLOPT_CONNECT_ONLY connection (an upgraded HTTP exchange, written and read by the caller).
// Both never block: CURLE_AGAIN means "poll the socket and retry".
CURLcode ccurl_easy_send(CURL *handle, const void *buffer, size_t length, size_t *sent);
CURLcode ccurl_easy_recv(CURL *handle, void *buffer, size_t length, size_t *received);

/// CURLAUTH_BASIC is a cast-and-shift macro that Swift does not import.
static inline long ccurl_auth_basic(void) { return (long)CURLAUTH_BASIC; }

/// The size CURLOPT_ERRORBUFFER must have.
static inline size_t ccurl_error_size(void) { return CURL_ERROR_SIZE; }

#endif
