#ifndef DVC_CCURLSHIM_H
#define DVC_CCURLSHIM_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

/// Runs curl_global_init(CURL_GLOBAL_ALL) exactly once per process; returns its result.
CURLcode dvc_curl_global_init_once(void);

/// Typed wrappers for the variadic curl_easy_setopt.
CURLcode dvc_curl_setopt_long(CURL *_Nonnull handle, CURLoption option, long value);
CURLcode dvc_curl_setopt_off(CURL *_Nonnull handle, CURLoption option, int64_t value);
CURLcode dvc_curl_setopt_ptr(CURL *_Nonnull handle, CURLoption option, const void *_Nullable value);
CURLcode dvc_curl_setopt_slist(CURL *_Nonnull handle, CURLoption option, struct curl_slist *_Nullable value);
CURLcode dvc_curl_setopt_write_callback(CURL *_Nonnull handle,
    size_t (*_Nonnull callback)(char *_Nonnull, size_t, size_t, void *_Nullable));
CURLcode dvc_curl_setopt_header_callback(CURL *_Nonnull handle,
    size_t (*_Nonnull callback)(char *_Nonnull, size_t, size_t, void *_Nullable));

/// Typed wrappers for the variadic curl_easy_getinfo.
CURLcode dvc_curl_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value);
CURLcode dvc_curl_getinfo_double(CURL *_Nonnull handle, CURLINFO info, double *_Nonnull value);
CURLcode dvc_curl_getinfo_ptr(CURL *_Nonnull handle, CURLINFO info, void *_Nullable *_Nonnull value);

/// Typed wrapper for the variadic curl_multi_setopt.
CURLMcode dvc_curl_multi_setopt_long(CURLM *_Nonnull multi, CURLMoption option, long value);

/// Reads the next finished transfer from a multi handle: returns 1 and fills `easy`/`result` when one is done,
/// 0 when no finished transfer is queued.
int dvc_curl_multi_next_done(CURLM *_Nonnull multi, CURL *_Nullable *_Nonnull easy, CURLcode *_Nonnull result);

/// SHA-256 of a byte buffer; writes 32 bytes into out. Uses the CPU's SHA extensions when it has them.
void dvc_sha256(const uint8_t *_Nullable data, size_t length, uint8_t *_Nonnull out);
/// The same digest through the portable code only (tests compare the two).
void dvc_sha256_portable(const uint8_t *_Nullable data, size_t length, uint8_t *_Nonnull out);
/// 1 when dvc_sha256 uses the CPU's SHA extensions.
int dvc_sha256_accelerated(void);

/// Incremental SHA-256.
typedef struct {
    uint32_t state[8];
    uint64_t bitlen;
    uint8_t buffer[64];
    size_t buflen;
} dvc_sha256_ctx;
void dvc_sha256_init(dvc_sha256_ctx *_Nonnull ctx);
void dvc_sha256_update(dvc_sha256_ctx *_Nonnull ctx, const uint8_t *_Nullable data, size_t length);
void dvc_sha256_final(dvc_sha256_ctx *_Nonnull ctx, uint8_t *_Nonnull out);

#endif
