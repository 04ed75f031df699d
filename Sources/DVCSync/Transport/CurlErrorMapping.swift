import CCurlShim

/// Maps libcurl result codes to `TransportError` codes and classifications (docs/transport.md, "Error codes").
enum CurlErrorMapping {
    /// The error for a failed transfer; `requestSent` tells whether any request byte went out (then the server may
    /// have acted on it).
    static func error(for result: CURLcode, requestSent: Bool, target: String) -> TransportError {
        let afterSend: TransportError.Classification = requestSent ? .ambiguous : .retryable
        let (kind, classification): (TransportError.Code, TransportError.Classification)
        switch result {
        case CURLE_COULDNT_RESOLVE_HOST:
            (kind, classification) = (.dns, .retryable)
        case CURLE_COULDNT_RESOLVE_PROXY, CURLE_PROXY:
            (kind, classification) = (.proxy, .retryable)
        case CURLE_COULDNT_CONNECT:
            (kind, classification) = (.connect, .retryable)
        case CURLE_OPERATION_TIMEDOUT:
            (kind, classification) = (.timeout, afterSend)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE:
            (kind, classification) = (.reset, .ambiguous)
        case CURLE_SEND_ERROR:
            (kind, classification) = (.reset, afterSend)
        case CURLE_SSL_CONNECT_ERROR:
            (kind, classification) = (.tls, .retryable)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT, CURLE_SSL_INVALIDCERTSTATUS:
            (kind, classification) = (.tls, .notRetryable)
        case CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY:
            (kind, classification) = (.protocol, afterSend)
        default:
            (kind, classification) = (.protocol, requestSent ? .ambiguous : .notRetryable)
        }
        let reason = curl_easy_strerror(result).map { String(cString: $0) } ?? "libcurl error"
        return TransportError(kind, classification: classification, target: target, detail: reason,
                              curlCode: Int(result.rawValue))
    }
}
