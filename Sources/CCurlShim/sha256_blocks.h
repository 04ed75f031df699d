/* Internal to the SHA-256 code of CCurlShim: block functions and the round constants. */
#ifndef DVC_SHA256_BLOCKS_H
#define DVC_SHA256_BLOCKS_H
#include <stddef.h>
#include <stdint.h>

extern const uint32_t dvc_sha256_k[64];

/* 1 when the CPU has the SHA extensions (and SSSE3, SSE4.1) this build can use. */
int dvc_sha256_ni_available(void);
/* Processes `blocks` 64-byte blocks of `data` into `state` with the SHA extensions. */
void dvc_sha256_ni_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
