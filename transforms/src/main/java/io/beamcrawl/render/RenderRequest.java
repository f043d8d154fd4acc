package io.beamcrawl.render;

import io.beamcrawl.fetch.Header;
import io.beamcrawl.model.RenderRules;
import java.util.List;

/**
 * A page to render: its own HTTP response, which the browser is given as if it had fetched it,
 * so the page is requested once and its status and headers stay those the crawler received.
 *
 * @param url the URL the response came from (after redirects)
 * @param body the decoded body
 */
public record RenderRequest(String url, int status, List<Header> headers, byte[] body, RenderRules rules) {

  public RenderRequest {
    headers = List.copyOf(headers);
  }
}
