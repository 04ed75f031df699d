#include "CCurlBaseline.h"
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

/// What a minimal C client keeps of each response, like the transport does: the body bytes and every header line.
typedef struct {
    char *body;
    size_t bodyLength, bodyCapacity;
    char *headers;
    size_t headersLength, headersCapacity;
    int headerCount;
} capture;

static int append(char **buffer, size_t *length, size_t *capacity, const char *data, size_t count) {
    if (*length + count > *capacity) {
        size_t wanted = *capacity ? *capacity * 2 : 256;
        while (wanted < *length + count) wanted *= 2;
        char *grown = realloc(*buffer, wanted);
        if (!grown) return 0;
        *buffer = grown;
        *capacity = wanted;
    }
    memcpy(*buffer + *length, data, count);
    *length += count;
    return 1;
}

static size_t keep_body(char *ptr, size_t size, size_t nmemb, void *userdata) {
    capture *c = userdata;
    return append(&c->body, &c->bodyLength, &c->bodyCapacity, ptr, size * nmemb) ? size * nmemb : 0;
}

static size_t keep_header(char *ptr, size_t size, size_t nmemb, void *userdata) {
    capture *c = userdata;
    if (size * nmemb >= 5 && memcmp(ptr, "HTTP/", 5) == 0) { c->headersLength = 0; c->headerCount = 0; }
    else if (memchr(ptr, ':', size * nmemb)) c->headerCount++;
    return append(&c->headers, &c->headersLength, &c->headersCapacity, ptr, size * nmemb) ? size * nmemb : 0;
}

/// The same request as the transport sends: POST with the body, `Content-Type`, `Expect:` (no 100-continue) and
/// the transport's default `User-Agent`.
static void configure(CURL *h, const char *url, const char *body, struct curl_slist *headers, capture *c) {
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "dvcsync");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, keep_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
}

/// A 2xx status with a body and headers captured; resets the capture for the next response.
static int ok(CURL *h, capture *c) {
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    int good = status >= 200 && status < 300 && c->bodyLength > 0 && c->headerCount > 0;
    c->bodyLength = 0;
    c->headersLength = 0;
    c->headerCount = 0;
    return good;
}

static struct curl_slist *request_headers(void) {
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    return curl_slist_append(headers, "Expect:");
}

int dvc_baseline_sequential(const char *url, const char *body, int count) {
    curl_global_init(CURL_GLOBAL_ALL);
    CURL *h = curl_easy_init();
    if (!h) return -1;
    struct curl_slist *headers = request_headers();
    capture c = {0};
    configure(h, url, body, headers, &c);
    int good = 0;
    for (int i = 0; i < count; i++) {
        if (curl_easy_perform(h) == CURLE_OK && ok(h, &c)) good++;
    }
    curl_easy_cleanup(h);
    curl_slist_free_all(headers);
    free(c.body);
    free(c.headers);
    return good;
}

int dvc_baseline_multi(const char *url, const char *body, int count, int inflight) {
    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *m = curl_multi_init();
    if (!m || inflight <= 0 || inflight > 64) return -1;
    struct curl_slist *headers = request_headers();
    CURL *handles[64];
    capture captures[64];
    memset(captures, 0, sizeof captures);
    int started = 0, done = 0, good = 0, running = 0;
    for (int i = 0; i < inflight; i++) {
        handles[i] = curl_easy_init();
        configure(handles[i], url, body, headers, &captures[i]);
        curl_easy_setopt(handles[i], CURLOPT_PRIVATE, &captures[i]);
        if (started < count) { curl_multi_add_handle(m, handles[i]); started++; }
    }
    while (done < count) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *h = msg->easy_handle;
            capture *c = NULL;
            curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&c);
            if (msg->data.result == CURLE_OK && ok(h, c)) good++;
            done++;
            curl_multi_remove_handle(m, h);
            if (started < count) { curl_multi_add_handle(m, h); started++; }
        }
        if (done < count) curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    for (int i = 0; i < inflight; i++) {
        curl_easy_cleanup(handles[i]);
        free(captures[i].body);
        free(captures[i].headers);
    }
    curl_multi_cleanup(m);
    curl_slist_free_all(headers);
    return good;
}
