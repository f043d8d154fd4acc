package io.beamcrawl.fetch;

/** Decides whether a redirect may be followed to a URL. */
@FunctionalInterface
public interface HopCheck {

  /** Follows every redirect to an http(s) URL. */
  HopCheck ALLOW_ALL = url -> null;

  /** Null when the hop is allowed, else why not, e.g. {@link FetchError#REDIRECT_OUT_OF_SCOPE}. */
  FetchError check(String url);
}
