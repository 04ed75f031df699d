/* SHA-256 block processing with the x86 SHA extensions (SHA-NI), chosen at run time by sha256.c when the CPU has
 * them. Same results as the portable code; a test compares the two on many lengths. */
#include "sha256_blocks.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

int dvc_sha256_ni_available(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}

__attribute__((target("sha,sse4.1,ssse3")))
void dvc_sha256_ni_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    /* Big-endian message words into little-endian lanes. */
    const __m128i order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    /* The instructions keep the state as ABEF and CDGH (A and C in the highest lane). */
    __m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);
    abcd = _mm_shuffle_epi32(abcd, 0xB1);               /* B A D C */
    efgh = _mm_shuffle_epi32(efgh, 0x1B);               /* H G F E */
    __m128i abef = _mm_alignr_epi8(abcd, efgh, 8);      /* F E B A */
    __m128i cdgh = _mm_blend_epi16(efgh, abcd, 0xF0);   /* H G D C */

    while (blocks--) {
        const __m128i abef_in = abef, cdgh_in = cdgh;
        __m128i w[4];
        for (int i = 0; i < 4; i++)
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), order);
        for (int group = 0; group < 16; group++) {
            __m128i words;
            if (group < 4) {
                words = w[group];
            } else {
                /* W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16], four words at a time. */
                const __m128i older = w[group & 3], old = w[(group + 1) & 3];
                const __m128i prev2 = w[(group + 2) & 3], prev1 = w[(group + 3) & 3];
                words = _mm_sha256msg1_epu32(older, old);
                words = _mm_add_epi32(words, _mm_alignr_epi8(prev1, prev2, 4));
                words = _mm_sha256msg2_epu32(words, prev1);
                w[group & 3] = words;
            }
            __m128i sum = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&dvc_sha256_k[4 * group]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, sum);   /* two rounds: cdgh now holds the new ABEF */
            sum = _mm_shuffle_epi32(sum, 0x0E);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, sum);   /* two more: abef holds ABEF, cdgh CDGH again */
        }
        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
        data += 64;
    }

    __m128i tmp = _mm_shuffle_epi32(abef, 0x1B);        /* A B E F */
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);               /* G H C D */
    abcd = _mm_blend_epi16(tmp, cdgh, 0xF0);            /* A B C D */
    efgh = _mm_alignr_epi8(cdgh, tmp, 8);               /* E F G H */
    _mm_storeu_si128((__m128i *)&state[0], abcd);
    _mm_storeu_si128((__m128i *)&state[4], efgh);
}
#else
int dvc_sha256_ni_available(void) { return 0; }
void dvc_sha256_ni_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    (void)state; (void)data; (void)blocks;
}
#endif
