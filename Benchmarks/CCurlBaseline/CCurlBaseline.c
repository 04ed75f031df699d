#include "CCurlBaseline.h"
#include <curl/curl.h>
#include <string.h>

static size_t discard(char *ptr, size_t size, size_t nmemb, void *userdata) {
    (void)ptr; (void)userdata;
    return size * nmemb;
}

static void configure(CURL *h, const char *url, const char *body, struct curl_slist *headers) {
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
}

static int ok(CURL *h) {
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return status >= 200 && status < 300;
}

int dvc_baseline_sequential(const char *url, const char *body, int count) {
    curl_global_init(CURL_GLOBAL_ALL);
    CURL *h = curl_easy_init();
    if (!h) return -1;
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    configure(h, url, body, headers);
    int good = 0;
    for (int i = 0; i < count; i++) {
        if (curl_easy_perform(h) == CURLE_OK && ok(h)) good++;
    }
    curl_easy_cleanup(h);
    curl_slist_free_all(headers);
    return good;
}

int dvc_baseline_multi(const char *url, const char *body, int count, int inflight) {
    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *m = curl_multi_init();
    if (!m || inflight <= 0 || inflight > 64) return -1;
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    CURL *handles[64];
    int started = 0, done = 0, good = 0, running = 0;
    for (int i = 0; i < inflight; i++) {
        handles[i] = curl_easy_init();
        configure(handles[i], url, body, headers);
        if (started < count) { curl_multi_add_handle(m, handles[i]); started++; }
    }
    while (done < count) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURL *h = msg->easy_handle;
            if (msg->data.result == CURLE_OK && ok(h)) good++;
            done++;
            curl_multi_remove_handle(m, h);
            if (started < count) { curl_multi_add_handle(m, h); started++; }
        }
        if (done < count) curl_multi_poll(m, NULL, 0, 1000, NULL);
    }
    for (int i = 0; i < inflight; i++) curl_easy_cleanup(handles[i]);
    curl_multi_cleanup(m);
    curl_slist_free_all(headers);
    return good;
}
