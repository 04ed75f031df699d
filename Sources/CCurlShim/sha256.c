/* SHA-256 (FIPS 180-4): a portable block function, and the x86 SHA extensions when the CPU has them
 * (sha256_ni.c), chosen once per process. */
#include "CCurlShim.h"
#include "sha256_blocks.h"
#include <pthread.h>
#include <string.h>

const uint32_t dvc_sha256_k[64] = {
    0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
    0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
    0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
    0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
    0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
    0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
    0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
    0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

typedef void (*blocks_fn)(uint32_t state[8], const uint8_t *data, size_t blocks);

static void transform(uint32_t state[8], const uint8_t *block) {
    uint32_t w[64], a, b, c, d, e, f, g, h;
    for (int i = 0; i < 16; i++)
        w[i] = ((uint32_t)block[i * 4] << 24) | ((uint32_t)block[i * 4 + 1] << 16) |
               ((uint32_t)block[i * 4 + 2] << 8) | (uint32_t)block[i * 4 + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = state[0]; b = state[1]; c = state[2]; d = state[3];
    e = state[4]; f = state[5]; g = state[6]; h = state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = h + S1 + ch + dvc_sha256_k[i] + w[i];
        uint32_t S0 = ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22);
        uint32_t mj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + mj;
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

static void portable_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    for (; blocks > 0; blocks--, data += 64) transform(state, data);
}

static blocks_fn chosen_blocks = portable_blocks;
static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

static void choose_blocks(void) {
    if (dvc_sha256_ni_available()) chosen_blocks = dvc_sha256_ni_blocks;
}

static blocks_fn best_blocks(void) {
    pthread_once(&chosen_once, choose_blocks);
    return chosen_blocks;
}

int dvc_sha256_accelerated(void) { return best_blocks() != portable_blocks; }

void dvc_sha256_init(dvc_sha256_ctx *ctx) {
    static const uint32_t init[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,
                                     0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
    memcpy(ctx->state, init, sizeof init);
    ctx->bitlen = 0;
    ctx->buflen = 0;
}

static void update_with(blocks_fn blocks, dvc_sha256_ctx *ctx, const uint8_t *data, size_t length) {
    if (!data || length == 0) return;
    if (ctx->buflen > 0) {
        size_t take = 64 - ctx->buflen < length ? 64 - ctx->buflen : length;
        memcpy(ctx->buffer + ctx->buflen, data, take);
        ctx->buflen += take;
        data += take;
        length -= take;
        if (ctx->buflen < 64) return;
        blocks(ctx->state, ctx->buffer, 1);
        ctx->bitlen += 512;
        ctx->buflen = 0;
    }
    size_t full = length / 64;
    if (full > 0) {
        blocks(ctx->state, data, full);
        ctx->bitlen += (uint64_t)full * 512;
        data += full * 64;
        length -= full * 64;
    }
    if (length > 0) {
        memcpy(ctx->buffer, data, length);
        ctx->buflen = length;
    }
}

static void final_with(blocks_fn blocks, dvc_sha256_ctx *ctx, uint8_t *out) {
    size_t i = ctx->buflen;
    ctx->bitlen += (uint64_t)ctx->buflen * 8;
    ctx->buffer[i++] = 0x80;
    if (i > 56) {
        while (i < 64) ctx->buffer[i++] = 0;
        blocks(ctx->state, ctx->buffer, 1);
        i = 0;
    }
    while (i < 56) ctx->buffer[i++] = 0;
    for (int j = 7; j >= 0; j--) ctx->buffer[i++] = (uint8_t)(ctx->bitlen >> (j * 8));
    blocks(ctx->state, ctx->buffer, 1);
    for (int j = 0; j < 8; j++) {
        out[j * 4] = (uint8_t)(ctx->state[j] >> 24);
        out[j * 4 + 1] = (uint8_t)(ctx->state[j] >> 16);
        out[j * 4 + 2] = (uint8_t)(ctx->state[j] >> 8);
        out[j * 4 + 3] = (uint8_t)(ctx->state[j]);
    }
}

void dvc_sha256_update(dvc_sha256_ctx *ctx, const uint8_t *data, size_t length) {
    update_with(best_blocks(), ctx, data, length);
}

void dvc_sha256_final(dvc_sha256_ctx *ctx, uint8_t *out) { final_with(best_blocks(), ctx, out); }

void dvc_sha256(const uint8_t *data, size_t length, uint8_t *out) {
    dvc_sha256_ctx ctx;
    dvc_sha256_init(&ctx);
    update_with(best_blocks(), &ctx, data, length);
    final_with(best_blocks(), &ctx, out);
}

void dvc_sha256_portable(const uint8_t *data, size_t length, uint8_t *out) {
    dvc_sha256_ctx ctx;
    dvc_sha256_init(&ctx);
    update_with(portable_blocks, &ctx, data, length);
    final_with(portable_blocks, &ctx, out);
}
