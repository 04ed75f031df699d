#ifndef DVC_CCURLBASELINE_H
#define DVC_CCURLBASELINE_H

/// Plain C libcurl loops used as the benchmark baseline for the transport. They send the same request as the
/// transport (same headers, `User-Agent: dvcsync`) and keep what it keeps (body bytes and header lines, per response).

/// Sends `count` sequential POSTs of `body` to `url` on one easy handle (one keep-alive connection);
/// returns the number of 2xx responses with a body, or -1 on a setup failure.
int dvc_baseline_sequential(const char *url, const char *body, int count);

/// Sends `count` POSTs of `body` to `url` through one multi handle with `inflight` transfers at a time;
/// returns the number of 2xx responses with a body, or -1 on a setup failure.
int dvc_baseline_multi(const char *url, const char *body, int count, int inflight);

#endif
