package dev.gitops.haproxy.dataplane.contract;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request to a real Data Plane API and its answer, as recorded. Credentials are never
 * recorded: only whether the request carried an Authorization header.
 *
 * @param pathAndQuery e.g. {@code /v3/services/haproxy/configuration/raw?only_validate=true}
 * @param requestBody the body as text, multipart boundaries replaced by {@link #BOUNDARY}; null for none
 * @param responseHeaders the headers a client reads (content type, configuration version and
 *     checksum, reload ID), without hop-by-hop or date headers
 */
public record Exchange(String method, String pathAndQuery, boolean authorized, String requestContentType,
    String requestBody, int status, Map<String, List<String>> responseHeaders, String responseBody) {

  /** What a random multipart boundary is replaced with in recordings. */
  public static final String BOUNDARY = "BOUNDARY";

  /** The request line a mismatch message shows. */
  public String request() {
    return method + " " + pathAndQuery;
  }
}
